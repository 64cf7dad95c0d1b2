package dev.animus.model.llama;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Continuous batching for one model: the sequences decoding now, stepped together. A sequence
 * joins with its prompt, prefilled at once ({@link #join}) or with the others that join before
 * the next step, in one batched pass ({@link #enqueue}); its first token is chosen from the
 * prefill. Each {@link #step()} then runs one batched forward pass for every active sequence,
 * whatever its length. Finished
 * sequences leave in the same step and free their caches; cancelled ones leave at once. A
 * sequence that reaches the model's context length ends there ({@code CONTEXT_FULL}) instead
 * of failing the step for everyone; a prompt that does not fit is refused alone, at join.
 *
 * <p>Not thread-safe: one inference worker owns it.
 *
 * @param <K> how callers name their sequences
 */
public final class ContinuousBatch<K> implements AutoCloseable {
    private final LlamaModel model;
    private final int capacity;
    private final Map<K, Active> active = new LinkedHashMap<>();
    /** Sequences waiting to be prefilled together at the next step. */
    private final Map<K, Joining> joining = new LinkedHashMap<>();

    /**
     * The most prompt positions (padding included) one batched prefill pass takes: the longest
     * prompt times the sequences in it. More joining sequences go in further passes.
     */
    static final int PREFILL_POSITIONS = 4096;

    private record Joining(long[] prompt, SequenceDecoder decoder) {}

    private static final class Active {
        final SequenceDecoder decoder;
        final KvCache cache;
        long next;

        Active(SequenceDecoder decoder, KvCache cache) {
            this.decoder = decoder;
            this.cache = cache;
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
        KvCache cache = model.newCache();
        try {
            long first = decoder.next(model.forward(prompt, cache));
            if (first < 0 || decoder.done()) {
                cache.close();
                return new Finished<>(key, decoder);
            }
            Active a = new Active(decoder, cache);
            a.next = first;
            active.put(key, a);
            return null;
        } catch (RuntimeException e) {
            cache.close();
            throw e;
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
            float[][] logits;
            try {
                logits = model.prefill(
                        pass.stream().map(e -> e.getValue().prompt()).toList(), caches);
            } catch (RuntimeException e) {
                caches.forEach(KvCache::close);
                throw e;
            }
            for (int i = 0; i < pass.size(); i++) {
                K key = pass.get(i).getKey();
                SequenceDecoder decoder = pass.get(i).getValue().decoder();
                long first = decoder.next(logits[i]);
                if (first < 0 || decoder.done()) {
                    caches.get(i).close();
                    finished.add(new Finished<>(key, decoder));
                } else {
                    Active a = new Active(decoder, caches.get(i));
                    a.next = first;
                    active.put(key, a);
                }
            }
            from = to;
        }
        return finished;
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
        for (Iterator<Map.Entry<K, Active>> it = active.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<K, Active> e = it.next();
            Active a = e.getValue();
            if (a.cache.length() + 1 > context) { // no position left for its next token: its reply ends here
                a.decoder.endAtContextLimit();
                a.cache.close();
                it.remove();
                finished.add(new Finished<>(e.getKey(), a.decoder));
            }
        }
        if (active.isEmpty()) {
            return finished;
        }
        List<Active> order = new ArrayList<>(active.values());
        long[] tokens = new long[order.size()];
        List<KvCache> caches = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            tokens[i] = order.get(i).next;
            caches.add(order.get(i).cache);
        }
        float[][] logits = model.decodeStep(tokens, caches);
        int i = 0;
        for (Iterator<Map.Entry<K, Active>> it = active.entrySet().iterator(); it.hasNext(); i++) {
            Map.Entry<K, Active> e = it.next();
            Active a = e.getValue();
            long next = a.decoder.next(logits[i]);
            if (next < 0 || a.decoder.done()) {
                a.cache.close();
                it.remove();
                finished.add(new Finished<>(e.getKey(), a.decoder));
            } else {
                a.next = next;
            }
        }
        return finished;
    }

    /**
     * Ends a sequence now and frees its cache.
     *
     * @return whether it was decoding
     */
    public boolean cancel(K key) {
        if (joining.remove(key) != null) {
            return true;
        }
        Active a = active.remove(key);
        if (a == null) {
            return false;
        }
        a.cache.close();
        return true;
    }

    /** Ends every sequence and frees their caches. */
    @Override
    public void close() {
        active.values().forEach(a -> a.cache.close());
        active.clear();
        joining.clear();
    }
}
