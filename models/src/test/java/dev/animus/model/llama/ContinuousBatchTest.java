package dev.animus.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.runtime.DevicePreference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Continuous batching on TinyStories-656K: every sequence gets exactly what it gets alone. */
class ContinuousBatchTest {
    private static LlamaModel model;
    private static LlamaTokenizer tokenizer;
    // spotless:off
    private static final List<String> PROMPTS = List.of("Once upon a time", "Tom had a big red ball.",
            "The cat sat on the mat and", "Lily and Ben went to the park. They saw a",
            "One day, a little bird", "Mom said, \"Time for bed!\" But Sam was not tired. He wanted to");
    // spotless:on
    private static final int[] LIMITS = {25, 7, 18, 12, 30, 9};

    @BeforeAll
    static void load() {
        model = LlamaModel.load(TinyStories.folder(), DevicePreference.CPU);
        tokenizer = LlamaTokenizer.load(TinyStories.folder());
    }

    @AfterAll
    static void close() {
        model.close();
        tokenizer.close();
    }

    private static SequenceDecoder decoder(int i) {
        return new SequenceDecoder(
                GenerationConfig.GREEDY.withMaxNewTokens(LIMITS[i]), List.of(new Segment.Free()), tokenizer, null);
    }

    /** Joined one by one (each prefilled at once) or together (prefilled in one batched pass at the next step). */
    @ParameterizedTest(name = "prefilled together: {0}")
    @ValueSource(booleans = {false, true})
    void sequencesJoiningAndLeavingAtDifferentStepsGetExactlyTheirTokensAlone(boolean together) {
        Map<Integer, long[]> alone = new HashMap<>();
        for (int i = 0; i < PROMPTS.size(); i++) {
            alone.put(
                    i,
                    Generator.run(model, tokenizer.encode(PROMPTS.get(i)), decoder(i))
                            .tokens());
        }
        Map<Integer, long[]> batched = new HashMap<>();
        int largest = 0;
        try (ContinuousBatch<Integer> batch = new ContinuousBatch<>(model, 8)) {
            int joined = 0;
            for (int step = 0; batched.size() < PROMPTS.size(); step++) {
                // Three join at once, then one more every third step: mixed lengths and positions.
                while (joined < PROMPTS.size() && (joined < 3 || step % 3 == 0 && joined < 3 + step / 3)) {
                    if (together) {
                        batch.enqueue(joined, tokenizer.encode(PROMPTS.get(joined)), decoder(joined));
                    } else {
                        var f = batch.join(joined, tokenizer.encode(PROMPTS.get(joined)), decoder(joined));
                        if (f != null) {
                            batched.put(f.key(), f.decoder().tokens());
                        }
                    }
                    joined++;
                }
                largest = Math.max(largest, batch.size());
                for (var f : batch.step()) {
                    batched.put(f.key(), f.decoder().tokens());
                }
            }
            assertEquals(0, batch.size(), "finished sequences leave at once");
        }
        assertTrue(largest >= 4, "the batch held several sequences at once: " + largest);
        for (int i = 0; i < PROMPTS.size(); i++) {
            assertArrayEquals(alone.get(i), batched.get(i), "sequence " + i + ": " + tokenizer.decode(batched.get(i)));
            assertEquals(LIMITS[i], batched.get(i).length);
        }
    }

    @Test
    void aSequenceThatFillsTheContextEndsThereAndTheOthersAreUntouched() {
        int context = model.config().maxPositions();
        long[] story = tokenizer.encode(PROMPTS.get(3) + " " + PROMPTS.get(5));
        long[] longPrompt = new long[context - 5]; // room for five more positions: a reply of up to six tokens
        for (int i = 0; i < longPrompt.length; i++) {
            longPrompt[i] = story[i % story.length];
        }
        long[] alone = Generator.run(model, tokenizer.encode(PROMPTS.get(0)), decoder(0))
                .tokens();
        try (ContinuousBatch<String> batch = new ContinuousBatch<>(model, 4)) {
            batch.join(
                    "long",
                    longPrompt,
                    new SequenceDecoder(
                            GenerationConfig.GREEDY.withMaxNewTokens(50),
                            List.of(new Segment.Free()),
                            tokenizer,
                            null));
            batch.join("short", tokenizer.encode(PROMPTS.get(0)), decoder(0));
            Map<String, SequenceDecoder> done = new HashMap<>();
            while (batch.size() > 0) {
                batch.step().forEach(f -> done.put(f.key(), f.decoder()));
            }
            SequenceDecoder full = done.get("long");
            assertEquals(SequenceDecoder.StopReason.CONTEXT_FULL, full.stopReason());
            assertEquals(6, full.tokens().length, "every position the context had, and not one more");
            assertArrayEquals(alone, done.get("short").tokens(), "the other sequence is untouched");
        }
        try (ContinuousBatch<String> batch = new ContinuousBatch<>(model, 4)) {
            IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> batch.join("huge", new long[context], decoder(0)));
            assertTrue(refused.getMessage().contains("no room for a reply"), refused.getMessage());
            assertEquals(0, batch.size());
        }
    }

    @Test
    void aCancelledSequenceFreesItsSlotAndTheOthersGoOn() {
        try (ContinuousBatch<String> batch = new ContinuousBatch<>(model, 2)) {
            batch.join("a", tokenizer.encode(PROMPTS.get(0)), decoder(0));
            batch.join("b", tokenizer.encode(PROMPTS.get(4)), decoder(4));
            assertFalse(batch.hasRoom());
            batch.step();
            assertTrue(batch.cancel("a"));
            assertTrue(batch.hasRoom(), "the cancelled conversation's slot is free");
            assertFalse(batch.cancel("a"));
            batch.join("c", tokenizer.encode(PROMPTS.get(2)), decoder(2));
            int steps = 0;
            List<ContinuousBatch.Finished<String>> done = new java.util.ArrayList<>();
            while (batch.size() > 0 && steps++ < 100) {
                done.addAll(batch.step());
            }
            assertEquals(
                    List.of("c", "b"),
                    done.stream().map(ContinuousBatch.Finished::key).toList());
        }
    }
}
