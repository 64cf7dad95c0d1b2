package dev.animus.memory;

import dev.animus.model.encoder.Embedding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One NPC's memories, in the spirit of Generative Agents (Park et al., 2023): retrieval
 * scores each memory by recency, importance and relevance to the situation, each in [0, 1],
 * and returns the best few.
 * <ul>
 * <li>recency: {@code 0.5^(age / halfLife)}, age in game seconds;
 * <li>importance: as stored;
 * <li>relevance: cosine similarity to the query, mapped from [-1, 1] to [0, 1].
 * </ul>
 * <b>Bounded growth.</b> At most {@code capacity} memories are kept. When one more arrives, the
 * memory with the lowest retention ({@code importance × recency}) among all but the newest
 * quarter is dropped, so old trivia goes first, an old threat stays long, and what just
 * happened is never dropped before it could be asked about.
 *
 * <p>Not thread-safe: the render thread owns it (saves take a {@link #snapshot()}).
 */
public final class MemoryStream {
    /** Memories kept per NPC unless configured otherwise. */
    public static final int DEFAULT_CAPACITY = 256;

    private final int capacity;
    private final double halfLifeSeconds;
    private final List<Memory> memories = new ArrayList<>();

    /**
     * @param capacity most memories kept (4 to 1,000,000)
     * @param halfLifeSeconds game seconds after which recency halves (&gt;0)
     */
    public MemoryStream(int capacity, double halfLifeSeconds) {
        if (capacity < 4 || capacity > 1_000_000) {
            throw new IllegalArgumentException("capacity must be in [4, 1000000], got " + capacity);
        }
        if (!(halfLifeSeconds > 0)) {
            throw new IllegalArgumentException("halfLifeSeconds must be > 0, got " + halfLifeSeconds);
        }
        this.capacity = capacity;
        this.halfLifeSeconds = halfLifeSeconds;
    }

    /** A memory with its retrieval score. */
    public record Scored(Memory memory, double score) {}

    /**
     * Remembers something, dropping the least worth keeping if the stream is full.
     *
     * @param memory what (not null)
     */
    public void add(Memory memory) {
        memories.add(memory);
        if (memories.size() > capacity) {
            double now = memory.time();
            int protectedFrom = memories.size() - Math.max(1, capacity / 4);
            int worst = 0;
            for (int i = 1; i < protectedFrom; i++) {
                if (retention(memories.get(i), now) < retention(memories.get(worst), now)) {
                    worst = i;
                }
            }
            memories.remove(worst);
        }
    }

    /**
     * The memories best worth bringing to mind now.
     *
     * @param query what the NPC is thinking about (the words it hears), or null for recency and importance only
     * @param now game seconds now
     * @param k how many at most
     * @param minRelevance leave out memories less similar to the query than this cosine (ignored without a query)
     * @return the best first
     */
    public List<Scored> retrieve(Embedding query, double now, int k, float minRelevance) {
        return retrieve(memories, halfLifeSeconds, query, now, k, minRelevance);
    }

    /**
     * Retrieval over a {@link #snapshot()}, for threads other than the owner's.
     *
     * @see #retrieve(Embedding, double, int, float)
     */
    public static List<Scored> retrieve(
            List<Memory> memories, double halfLifeSeconds, Embedding query, double now, int k, float minRelevance) {
        List<Scored> scored = new ArrayList<>(memories.size());
        for (Memory m : memories) {
            double relevance = 0;
            if (query != null) {
                float cosine = query.cosine(m.embedding());
                if (cosine < minRelevance) {
                    continue;
                }
                relevance = (cosine + 1) / 2;
            }
            scored.add(new Scored(m, recency(m, now, halfLifeSeconds) + m.importance() + relevance));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed());
        return List.copyOf(scored.subList(0, Math.min(k, scored.size())));
    }

    /** @return every memory, oldest first (an immutable copy, for saving) */
    public List<Memory> snapshot() {
        return List.copyOf(memories);
    }

    /** Replaces every memory (after a load). */
    public void restore(List<Memory> saved) {
        memories.clear();
        saved.forEach(this::add);
    }

    /** @return how many memories are kept */
    public int size() {
        return memories.size();
    }

    /** @return game seconds after which recency halves */
    public double halfLifeSeconds() {
        return halfLifeSeconds;
    }

    private static double recency(Memory m, double now, double halfLife) {
        return Math.pow(0.5, Math.max(0, now - m.time()) / halfLife);
    }

    private double retention(Memory m, double now) {
        return m.importance() * recency(m, now, halfLifeSeconds);
    }
}
