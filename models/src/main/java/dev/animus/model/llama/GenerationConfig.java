package dev.animus.model.llama;

import java.util.Set;

/**
 * How to pick tokens.
 *
 * @param maxNewTokens most tokens to generate (1 to 4096)
 * @param temperature 0 for greedy (always the most likely token), else the softmax temperature (&le;5)
 * @param topK keep only the K most likely tokens (0 = all)
 * @param topP keep the smallest set of most likely tokens whose probability reaches P (1 = all)
 * @param seed the random seed: the same seed, prompt and model give the same text
 * @param stopTokens tokens that end the generation (not included in the output)
 * @param noRepeatNgram in free text, never produce an n-gram of this many tokens twice (0 = off):
 *     small models caught in a loop ("mamamama") otherwise repeat until the token limit
 */
public record GenerationConfig(
        int maxNewTokens, float temperature, int topK, float topP, long seed, Set<Long> stopTokens, int noRepeatNgram) {

    /** Greedy, up to 64 tokens, no stop tokens, repeats allowed. */
    public static final GenerationConfig GREEDY = new GenerationConfig(64, 0, 0, 1, 0, Set.of(), 0);

    /** The same without {@code noRepeatNgram} (off). */
    public GenerationConfig(
            int maxNewTokens, float temperature, int topK, float topP, long seed, Set<Long> stopTokens) {
        this(maxNewTokens, temperature, topK, topP, seed, stopTokens, 0);
    }

    public GenerationConfig {
        if (maxNewTokens < 1 || maxNewTokens > 4096) {
            throw new IllegalArgumentException("maxNewTokens must be in [1, 4096], got " + maxNewTokens);
        }
        if (!(temperature >= 0 && temperature <= 5)) {
            throw new IllegalArgumentException("temperature must be in [0, 5], got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        stopTokens = Set.copyOf(stopTokens);
        if (noRepeatNgram < 0 || noRepeatNgram == 1 || noRepeatNgram > 64) {
            throw new IllegalArgumentException("noRepeatNgram must be 0 (off) or in [2, 64], got " + noRepeatNgram);
        }
    }

    /** @return a copy generating at most n tokens */
    public GenerationConfig withMaxNewTokens(int n) {
        return new GenerationConfig(n, temperature, topK, topP, seed, stopTokens, noRepeatNgram);
    }

    /** @return a copy that samples with these settings */
    public GenerationConfig sampling(float newTemperature, int newTopK, float newTopP, long newSeed) {
        return new GenerationConfig(maxNewTokens, newTemperature, newTopK, newTopP, newSeed, stopTokens, noRepeatNgram);
    }

    /** @return a copy that stops at these tokens */
    public GenerationConfig withStopTokens(Set<Long> tokens) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, tokens, noRepeatNgram);
    }

    /** @return a copy that never repeats an n-gram of free text (0 = off) */
    public GenerationConfig withNoRepeatNgram(int n) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, stopTokens, n);
    }
}
