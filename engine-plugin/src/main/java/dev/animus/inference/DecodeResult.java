package dev.animus.inference;

import dev.animus.model.llama.SequenceDecoder;
import java.util.List;

/**
 * What a decoder produced. Immutable.
 *
 * @param tokens the generated tokens
 * @param text their text
 * @param choices the values of the plan's constrained choices, in order
 * @param stopReason why it ended
 */
public record DecodeResult(long[] tokens, String text, List<String> choices, SequenceDecoder.StopReason stopReason) {

    public DecodeResult {
        tokens = tokens.clone();
        choices = List.copyOf(choices);
    }

    @Override
    public long[] tokens() {
        return tokens.clone();
    }
}
