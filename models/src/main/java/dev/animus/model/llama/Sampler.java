package dev.animus.model.llama;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits: greedy, or temperature with top-k and top-p, from a
 * seeded random source. Not thread-safe (one per sequence).
 */
public final class Sampler {
    private final GenerationConfig config;
    private final SplittableRandom random;

    /** @param config the settings (not null) */
    public Sampler(GenerationConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
    }

    /**
     * @param logits the model's logits (not null; left unchanged)
     * @param allowed tokens that may be picked, or null for all
     * @return the token
     * @throws IllegalStateException if no token is allowed
     */
    public int next(float[] logits, boolean[] allowed) {
        int n = logits.length;
        if (config.temperature() == 0) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if ((allowed == null || allowed[i]) && (best < 0 || logits[i] > logits[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                throw new IllegalStateException("the constraint allows no token");
            }
            return best;
        }
        Integer[] order = new Integer[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (allowed == null || allowed[i]) {
                order[count++] = i;
            }
        }
        if (count == 0) {
            throw new IllegalStateException("the constraint allows no token");
        }
        Integer[] candidates = Arrays.copyOf(order, count);
        Arrays.sort(candidates, (a, b) -> Float.compare(logits[b], logits[a]));
        int keep = config.topK() > 0 ? Math.min(config.topK(), count) : count;
        double max = logits[candidates[0]] / config.temperature();
        double[] p = new double[keep];
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            p[i] = Math.exp(logits[candidates[i]] / config.temperature() - max);
            sum += p[i];
        }
        int nucleus = keep;
        if (config.topP() < 1) {
            double cumulative = 0;
            for (int i = 0; i < keep; i++) {
                cumulative += p[i] / sum;
                if (cumulative >= config.topP()) {
                    nucleus = i + 1;
                    break;
                }
            }
            sum = 0;
            for (int i = 0; i < nucleus; i++) {
                sum += p[i];
            }
        }
        double r = random.nextDouble() * sum;
        for (int i = 0; i < nucleus; i++) {
            r -= p[i];
            if (r <= 0) {
                return candidates[i];
            }
        }
        return candidates[nucleus - 1];
    }
}
