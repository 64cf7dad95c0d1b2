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
 * whatever its length, over the {@link DecodeSlots} that hold them all. Finished sequences leave
 * in the same step and free their slots; cancelled ones leave at once. A sequence that reaches
 * the model's context length ends there ({@code CONTEXT_FULL}) instead of failing the step for
 * everyone; a prompt that does not fit is refused alone, at join.
 *
 * <p>Not thread-safe: one inference worker owns it.
 *
 * @param <K> how callers name their sequences
 */
public final class ContinuousBatch<K> implements AutoCloseable {
    private final SlotModel model;
    private final int capacity;
    /** The active sequences' names, in slot order: the sequence in slot i is {@code order.get(i)}. */
    private final List<K> order = new ArrayList<>();

    private final Map<K, Active> active = new LinkedHashMap<>();
    /** Sequences waiting to be prefilled together at the next step. */
    private final Map<K, Joining> joining = new LinkedHashMap<>();

    private DecodeSlots slots;

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
    public ContinuousBatch(SlotModel model, int capacity) {
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
        float[] logits = slots().prefill(List.of(prompt.clone()))[0];
        order.add(key);
        active.put(key, new Active(decoder, 0));
        return admitted(order.size() - 1, decoder.next(logits));
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

    private DecodeSlots slots() {
        if (slots == null) {
            slots = model.newSlots();
        }
        return slots;
    }

    /**
     * A sequence just prefilled into a slot, with its first token: it stays, or (done at once)
     * leaves again. Call from the last slot down, so a slot that moves is never one still to
     * be decided.
     *
     * @return the sequence if it ended, else null
     */
    private Finished<K> admitted(int slot, long first) {
        K key = order.get(slot);
        Active a = active.get(key);
        if (first < 0 || a.decoder.done()) {
            active.remove(key);
            release(slot);
            return new Finished<>(key, a.decoder);
        }
        a.next = first;
        return null;
    }

    /**
     * Prefills the joining sequences into new slots, as many at a time as
     * {@link #PREFILL_POSITIONS} allows, and chooses each one's first token; those that end
     * with it are returned.
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
            int first = order.size();
            float[][] logits = slots().prefill(
                            pass.stream().map(e -> e.getValue().prompt()).toList());
            long[] firsts = new long[pass.size()];
            for (int i = 0; i < pass.size(); i++) {
                Joining joined = pass.get(i).getValue();
                order.add(pass.get(i).getKey());
                active.put(pass.get(i).getKey(), new Active(joined.decoder(), 0));
                firsts[i] = joined.decoder().next(logits[i]);
            }
            List<Finished<K>> ended = new ArrayList<>();
            for (int i = pass.size() - 1; i >= 0; i--) {
                Finished<K> f = admitted(first + i, firsts[i]);
                if (f != null) {
                    ended.add(0, f); // in the order they joined
                }
            }
            finished.addAll(ended);
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
        float[][] logits = slots.step(tokens);
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
