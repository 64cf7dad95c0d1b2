package dev.animus.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.encoder.Embedding;
import dev.animus.model.encoder.SentenceEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real bundled encoder behind the queue: one frame of percepts, one batch. */
class EncoderThroughQueueTest {

    @Test
    void aFrameOfPerceptsIsEncodedInOneBatchAndMatchesTheDirectEncoder() throws Exception {
        List<String> percepts = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            percepts.add("NPC " + i + " sees the stranger " + (i % 7 + 1) + " m away near the well.");
        }
        try (SentenceEncoder encoder = SentenceEncoder.loadBundled();
                InferenceQueue queue = new InferenceQueue(
                        QueueConfig.DEFAULT,
                        List.of(EncoderBatchModel.sharing(EncoderBatchModel.NAME, 64, encoder)),
                        r -> {},
                        true)) {
            List<Embedding> direct = encoder.encode(percepts);
            List<Ticket> tickets = new ArrayList<>();
            for (int i = 0; i < percepts.size(); i++) {
                tickets.add(queue.submit(InferenceRequest.of(
                        "npc" + i, RequestKind.PERCEPTION, EncoderBatchModel.NAME, percepts.get(i))));
            }
            queue.flush();
            for (int i = 0; i < percepts.size(); i++) {
                InferenceResult r = tickets.get(i).result().get(60, TimeUnit.SECONDS);
                assertEquals(64, r.batchSize());
                Embedding e = r.output(Embedding.class);
                assertTrue(e.cosine(direct.get(i)) > 0.999f, "cosine " + e.cosine(direct.get(i)));
            }
            assertEquals(1, queue.metrics().batches());
        }
    }
}
