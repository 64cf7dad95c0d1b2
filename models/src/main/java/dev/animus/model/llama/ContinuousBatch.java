package dev.animus.model.llama;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Continuous batching for one model: the sequences decoding now, stepped together. A sequence
 * joins with its prompt, prefilled at once ({@link #join}) or with the others that join before
 * the next step, in one batched pass ({@link #enqueue}); its first token is chosen from the
 * prefill. Each {@link #step()} then runs one batched forward pass for every active sequence,
 * whatever its length, over one {@link SlotCache} that holds them all. Finished sequences leave
 * in the same step and free their slots; cancelled ones leave at once. A sequence that reaches
 * the model's context length ends there ({@code CONTEXT_FULL}) instead of failing the step for
 * everyone; a prompt that does not fit is refused alone, at join.
 *
 * <p>Not thread-safe: one inference worker owns it.
 *
 * @param <K> how callers name their sequences
 */
public final class ContinuousBatch<K> implements AutoCloseable {
    private final LlamaModel model;
    private final int capacity;
    /** The active sequences' names, in slot order: the sequence in slot i is {@code order.get(i)}. */
    private final List<K> order = new ArrayList<>();

    private final Map<K, Active> active = new LinkedHashMap<>();
    /** Sequences waiting to be prefilled together at the next step. */
    private final Map<K, Joining> joining = new LinkedHashMap<>();

    private SlotCache slots;

    /**
     * The most prompt positions (padding included) one batched prefill pass takes: the longest
     * prompt times the sequences in it. More joining sequences go in further passes.
     */
    static final int PREFILL_POSITIONS = 4096;

    private record Joining(long[] prompt, SequenceDecoder decoder) {}

    private static final class Active {
        final SequenceDecoder decoder;
        long next;

        Active(SequenceDecoder decoder, long next) {
            this.decoder = decoder;
            this.next = next;
        }
    }

    /**
     * A sequence that has ended.
     *
     * @param key the caller's name for it
     * @param decoder its tokens, choices and stop reason
     */
    public record Finished<K>(K key, SequenceDecoder decoder) {}

    /**
     * @param model the model (not null)
     * @param capacity most sequences decoding at once (1 to 4096)
     */
    public ContinuousBatch(LlamaModel model, int capacity) {
        if (capacity < 1 || capacity > 4096) {
            throw new IllegalArgumentException("capacity must be in [1, 4096], got " + capacity);
        }
        this.model = model;
        this.capacity = capacity;
    }

    /** @return sequences decoding now, or waiting to be prefilled at the next step */
    public int size() {
        return active.size() + joining.size();
    }

    /** @return whether another sequence may join */
    public boolean hasRoom() {
        return size() < capacity;
    }

    /**
     * Adds a sequence: prefills its prompt and chooses its first token.
     *
     * @param key a new name (not null, not active)
     * @param prompt the prompt's tokens (not empty)
     * @param decoder its plan and sampling (not null, unused)
     * @return the sequence if it ended at once (a one-token plan), else null
     * @throws IllegalStateException if the batch is full or the key is taken
     * @throws IllegalArgumentException if the prompt leaves no position for a reply
     */
    public Finished<K> join(K key, long[] prompt, SequenceDecoder decoder) {
        requireJoinable(key, prompt);
        try (KvCache cache = model.newCache()) {
            long first = decoder.next(model.forward(prompt, cache));
            return admit(key, decoder, first, cache);
        }
    }

    /**
     * Adds a sequence to be prefilled at the next {@link #step()}, in one batched pass with the
     * others that join before it: sixteen conversations starting together cost one prefill, and
     * none waits behind the others' prompts one by one.
     *
     * @param key a new name (not null, not active or joining)
     * @param prompt the prompt's tokens (not empty)
     * @param decoder its plan and sampling (not null, unused)
     * @throws IllegalStateException if the batch is full or the key is taken
     * @throws IllegalArgumentException if the prompt leaves no position for a reply
     */
    public void enqueue(K key, long[] prompt, SequenceDecoder decoder) {
        requireJoinable(key, prompt);
        joining.put(key, new Joining(prompt.clone(), decoder));
    }

    private void requireJoinable(K key, long[] prompt) {
        if (!hasRoom()) {
            throw new IllegalStateException("the batch is full (" + capacity + " sequences)");
        }
        if (active.containsKey(key) || joining.containsKey(key)) {
            throw new IllegalStateException("sequence " + key + " is already decoding");
        }
        if (prompt.length == 0) {
            throw new IllegalArgumentException("a prompt needs at least one token");
        }
        int context = model.config().maxPositions();
        if (prompt.length >= context) {
            throw new IllegalArgumentException("a prompt of " + prompt.length + " tokens leaves no room for a reply in"
                    + " the model's context of " + context + " positions; shorten the prompt");
        }
    }

    /** A prefilled sequence: done already, or into the next slot with its first token. */
    private Finished<K> admit(K key, SequenceDecoder decoder, long first, KvCache prefilled) {
        if (first < 0 || decoder.done()) {
            return new Finished<>(key, decoder);
        }
        if (slots == null) {
            slots = model.newSlotCache();
        }
        slots.add(prefilled);
        order.add(key);
        active.put(key, new Active(decoder, first));
        return null;
    }

    /**
     * Prefills the joining sequences, as many at a time as {@link #PREFILL_POSITIONS} allows,
     * and chooses each one's first token; those that end with it are returned.
     */
    private List<Finished<K>> prefillJoining() {
        List<Finished<K>> finished = new ArrayList<>();
        List<Map.Entry<K, Joining>> queue = new ArrayList<>(joining.entrySet());
        joining.clear();
        for (int from = 0; from < queue.size(); ) {
            int to = from;
            int longest = 0;
            while (to < queue.size()) {
                int n = Math.max(longest, queue.get(to).getValue().prompt().length);
                if (to > from && n * (to - from + 1) > PREFILL_POSITIONS) {
                    break;
                }
                longest = n;
                to++;
            }
            List<Map.Entry<K, Joining>> pass = queue.subList(from, to);
            List<KvCache> caches = new ArrayList<>(pass.size());
            pass.forEach(e -> caches.add(model.newCache()));
            try {
                float[][] logits = model.prefill(
                        pass.stream().map(e -> e.getValue().prompt()).toList(), caches);
                for (int i = 0; i < pass.size(); i++) {
                    SequenceDecoder decoder = pass.get(i).getValue().decoder();
                    Finished<K> f = admit(pass.get(i).getKey(), decoder, decoder.next(logits[i]), caches.get(i));
                    if (f != null) {
                        finished.add(f);
                    }
                }
            } finally {
                caches.forEach(KvCache::close); // their keys and values are in the slots now
            }
            from = to;
        }
        return finished;
    }

    /** Frees a slot; the last sequence takes it. */
    private void release(int slot) {
        int moved = slots.remove(slot);
        K key = order.remove(order.size() - 1);
        if (moved >= 0) {
            order.set(slot, key);
        }
    }

    /**
     * Prefills the sequences that joined with {@link #enqueue} since the last step, then runs
     * one decode step for every active sequence (those just prefilled among them).
     *
     * @return the sequences that ended in this step (now gone from the batch)
     */
    public List<Finished<K>> step() {
        List<Finished<K>> finished = new ArrayList<>(prefillJoining());
        int context = model.config().maxPositions();
        for (int slot = order.size() - 1; slot >= 0; slot--) {
            if (slots.length(slot) + 1 > context) { // no position left for its next token: its reply ends here
                K key = order.get(slot);
                Active a = active.remove(key);
                a.decoder.endAtContextLimit();
                release(slot);
                finished.add(new Finished<>(key, a.decoder));
            }
        }
        if (order.isEmpty()) {
            return finished;
        }
        long[] tokens = new long[order.size()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = active.get(order.get(i)).next;
        }
        float[][] logits = model.decodeSlots(tokens, slots);
        List<Integer> ended = new ArrayList<>();
        for (int slot = 0; slot < tokens.length; slot++) {
            K key = order.get(slot);
            Active a = active.get(key);
            long next = a.decoder.next(logits[slot]);
            if (next < 0 || a.decoder.done()) {
                ended.add(slot);
            } else {
                a.next = next;
            }
        }
        for (int i = ended.size() - 1; i >= 0; i--) { // from the last: a moved sequence is never one that ended
            int slot = ended.get(i);
            K key = order.get(slot);
            finished.add(new Finished<>(key, active.remove(key).decoder));
            release(slot);
        }
        return finished;
    }

    /**
     * Ends a sequence now and frees its slot.
     *
     * @return whether it was decoding (or waiting to be prefilled)
     */
    public boolean cancel(K key) {
        if (joining.remove(key) != null) {
            return true;
        }
        if (active.remove(key) == null) {
            return false;
        }
        release(order.indexOf(key));
        return true;
    }

    /** Ends every sequence and frees the cache. */
    @Override
    public void close() {
        active.clear();
        joining.clear();
        order.clear();
        if (slots != null) {
            slots.close();
            slots = null;
        }
    }
}
