package dev.animus.model.llama;

/** Decodes one sequence alone: the prompt prefilled, then one token per forward pass. */
public final class Generator {
    private Generator() {}

    /**
     * @param model the model (not null)
     * @param prompt the prompt's tokens, with its special tokens (not empty)
     * @param decoder the sequence's plan and sampling (not null, not yet used)
     * @return the decoder, now done
     */
    public static SequenceDecoder run(LlamaModel model, long[] prompt, SequenceDecoder decoder) {
        try (KvCache cache = model.newCache()) {
            float[] logits = model.forward(prompt, cache);
            while (true) {
                long token = decoder.next(logits);
                if (token < 0 || decoder.done()) {
                    return decoder;
                }
                logits = model.forward(new long[] {token}, cache);
            }
        }
    }
}
