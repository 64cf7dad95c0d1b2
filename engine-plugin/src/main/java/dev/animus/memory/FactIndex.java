package dev.animus.memory;

import dev.animus.model.encoder.Embedding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An NPC's facts with their embeddings, ranked by similarity to a query (what the player said,
 * what the NPC perceives). Immutable; any thread.
 */
public final class FactIndex {
    private final List<String> facts;
    private final List<Embedding> embeddings;
    private final float[] bias;

    /**
     * A fact and how relevant it is.
     *
     * @param fact the fact's text
     * @param score cosine similarity to the query, plus the fact's bias
     */
    public record Scored(String fact, float score) {}

    /**
     * @param facts the facts (not null)
     * @param embeddings their embeddings, same order and size (not null)
     */
    public FactIndex(List<String> facts, List<Embedding> embeddings) {
        this(facts, embeddings, new float[facts.size()]);
    }

    /**
     * @param facts the facts (not null)
     * @param embeddings their embeddings, same order and size (not null)
     * @param bias what each fact's score is shifted by, same order and size: a fact every NPC of
     *     the world knows ranks below the NPC's own unless it is clearly closer
     */
    public FactIndex(List<String> facts, List<Embedding> embeddings, float[] bias) {
        if (facts.size() != embeddings.size() || facts.size() != bias.length) {
            throw new IllegalArgumentException(
                    facts.size() + " facts but " + embeddings.size() + " embeddings and " + bias.length + " biases");
        }
        this.facts = List.copyOf(facts);
        this.embeddings = List.copyOf(embeddings);
        this.bias = bias.clone();
    }

    /** @return the embedding of one of the facts, or null if it is not one of them */
    public Embedding embedding(String fact) {
        int at = facts.indexOf(fact);
        return at < 0 ? null : embeddings.get(at);
    }

    /** @return how many facts the index holds */
    public int size() {
        return facts.size();
    }

    /**
     * @param query the query's embedding (not null)
     * @param k how many facts at most (&ge;0)
     * @param minScore leave out facts less similar than this
     * @return the most similar facts, best first
     */
    public List<Scored> top(Embedding query, int k, float minScore) {
        List<Scored> all = new ArrayList<>(facts.size());
        for (int i = 0; i < facts.size(); i++) {
            float s = query.cosine(embeddings.get(i)) + bias[i];
            if (s >= minScore) {
                all.add(new Scored(facts.get(i), s));
            }
        }
        all.sort(Comparator.comparingDouble(Scored::score).reversed());
        return all.subList(0, Math.min(k, all.size()));
    }
}
