package dev.animus.model.llama;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Greedy decoding helpers the decoder tests share, whatever runtime runs the model. */
public final class Greedy {
    private Greedy() {}

    /** @return the index of the largest logit (the first of equals) */
    public static long argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The greedy tokens of {@code prompt} decoded in a continuous batch beside a shorter
     * sequence: prefilled together, then stepped over the slots.
     */
    public static long[] throughBatch(SlotModel model, long[] prompt, int tokens) {
        GenerationConfig greedy = GenerationConfig.GREEDY.withMaxNewTokens(tokens);
        Map<Integer, long[]> out = new HashMap<>();
        try (ContinuousBatch<Integer> batch = new ContinuousBatch<>(model, 4)) {
            batch.enqueue(0, prompt, new SequenceDecoder(greedy, List.of(new Segment.Free()), null, null));
            batch.enqueue(
                    1,
                    new long[] {5, 6, 7},
                    new SequenceDecoder(greedy.withMaxNewTokens(tokens + 3), List.of(new Segment.Free()), null, null));
            while (out.size() < 2) {
                batch.step().forEach(f -> out.put(f.key(), f.decoder().tokens()));
            }
        }
        return out.get(0);
    }
}
