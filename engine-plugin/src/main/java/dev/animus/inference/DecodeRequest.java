package dev.animus.inference;

import dev.animus.model.llama.GenerationConfig;
import dev.animus.model.llama.Segment;
import dev.animus.model.llama.SequenceDecoder;
import java.util.List;

/**
 * What a decoder request asks for: a prompt (as tokens), how to sample, what to produce, and
 * who hears the tokens as they come.
 *
 * @param prompt the prompt's tokens, with its special tokens (not empty)
 * @param config sampling, limit and stop tokens
 * @param plan what to produce, in order (forced tokens, choices, free text)
 * @param listener hears each token on the inference worker's thread (fast, thread-safe), or null
 */
public record DecodeRequest(
        long[] prompt, GenerationConfig config, List<Segment> plan, SequenceDecoder.TokenListener listener) {

    public DecodeRequest {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("a decode request needs a prompt of at least one token");
        }
        prompt = prompt.clone();
        plan = List.copyOf(plan);
    }

    /** Free text with the given settings, nobody listening. */
    public static DecodeRequest free(long[] prompt, GenerationConfig config) {
        return new DecodeRequest(prompt, config, List.of(new Segment.Free()), null);
    }
}
