package dev.animus.model.encoder;

import java.util.Arrays;

/**
 * An immutable, L2-normalised sentence embedding. Safe to share between threads.
 */
public final class Embedding {
    private final float[] values;

    private Embedding(float[] values) {
        this.values = values;
    }

    /**
     * Wraps a copy of the given vector.
     *
     * @param values the vector (not null, not empty, unaffected)
     * @return a new embedding
     */
    public static Embedding of(float[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("An embedding needs at least one dimension");
        }
        return new Embedding(values.clone());
    }

    /** Takes ownership of the array without copying; callers must not touch it again. */
    static Embedding wrap(float[] values) {
        return new Embedding(values);
    }

    /** @return the number of dimensions (&gt;0) */
    /**
     * The mean of two embeddings, for a query asked two ways (see {@link SentenceEncoder#BGE_QUERY_INSTRUCTION}).
     * It is not of unit length: its {@link #cosine} with a sentence's embedding is the mean of
     * the two embeddings' cosines with it.
     *
     * @param a one embedding (not null)
     * @param b another of the same dimension (not null)
     */
    public static Embedding mean(Embedding a, Embedding b) {
        if (a.values.length != b.values.length) {
            throw new IllegalArgumentException(
                    "Cannot average embeddings of dimension " + a.values.length + " and " + b.values.length);
        }
        float[] m = new float[a.values.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = (a.values[i] + b.values[i]) / 2;
        }
        return new Embedding(m);
    }

    public int dimension() {
        return values.length;
    }

    /**
     * @param index which dimension (&ge;0, &lt;dimension)
     * @return its value
     */
    public float get(int index) {
        return values[index];
    }

    /** @return a new copy of the vector */
    public float[] toArray() {
        return values.clone();
    }

    /**
     * Cosine similarity; since both vectors are normalised this is their dot product.
     *
     * @param other an embedding of the same dimension (not null)
     * @return the similarity, in [-1, 1]
     */
    public float cosine(Embedding other) {
        if (other.values.length != values.length) {
            throw new IllegalArgumentException(
                    "Cannot compare embeddings of dimension " + values.length + " and " + other.values.length);
        }
        double dot = 0;
        for (int i = 0; i < values.length; i++) {
            dot += values[i] * other.values[i];
        }
        return (float) dot;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Embedding e && Arrays.equals(values, e.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Embedding[dim=" + values.length + "]";
    }
}
