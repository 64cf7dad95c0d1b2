package dev.animus.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.runtime.DevicePreference;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sampling, stop tokens, limits, streaming and constrained choices on TinyStories-656K. */
class GenerationTest {
    private static LlamaModel model;
    private static LlamaTokenizer tokenizer;

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

    private static SequenceDecoder generate(
            String prompt, GenerationConfig config, List<Segment> plan, SequenceDecoder.TokenListener listener) {
        return Generator.run(model, tokenizer.encode(prompt), new SequenceDecoder(config, plan, tokenizer, listener));
    }

    private static SequenceDecoder free(String prompt, GenerationConfig config) {
        return generate(prompt, config, List.of(new Segment.Free()), null);
    }

    @Test
    void samplingIsReproducibleFromItsSeed() {
        GenerationConfig sampled = GenerationConfig.GREEDY.withMaxNewTokens(30).sampling(0.9f, 40, 0.9f, 7);
        long[] a = free("Once upon a time", sampled).tokens();
        long[] b = free("Once upon a time", sampled).tokens();
        assertArrayEquals(a, b);
        boolean anyDifferent = false;
        for (long seed = 8; seed < 12 && !anyDifferent; seed++) {
            anyDifferent = !Arrays.equals(
                    a,
                    free("Once upon a time", sampled.sampling(0.9f, 40, 0.9f, seed))
                            .tokens());
        }
        assertTrue(anyDifferent, "other seeds should tell other stories");
        long[] greedy = free("Once upon a time", GenerationConfig.GREEDY.withMaxNewTokens(30))
                .tokens();
        assertArrayEquals(
                greedy, free("Once upon a time", sampled.sampling(1f, 1, 1f, 3)).tokens(), "top-k 1 is greedy");
    }

    @Test
    void noRepeatNgramKeepsAnyNgramOfTheFreeTextUnique() {
        // Greedy TinyStories repeats itself ("Spot, Spot, loved ..."); with the guard no 3-gram recurs.
        long[] plain = free("Once upon a time", GenerationConfig.GREEDY.withMaxNewTokens(60))
                .tokens();
        long[] guarded = free(
                        "Once upon a time",
                        GenerationConfig.GREEDY.withMaxNewTokens(60).withNoRepeatNgram(3))
                .tokens();
        assertTrue(repeatsAnNgram(plain, 3), "the unguarded story repeats a 3-gram");
        assertFalse(repeatsAnNgram(guarded, 3), java.util.Arrays.toString(guarded));
        assertEquals(plain[0], guarded[0], "the guard changes nothing until a repeat looms");
    }

    private static boolean repeatsAnNgram(long[] t, int n) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i + n <= t.length; i++) {
            if (!seen.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(t, i, i + n)))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void stopTokensAndTheLimitEndASequence() {
        // This tokenizer merges across words (". It was " is one token), so take the greedy story's
        // fifth token as the stop token: generation must end just before its first occurrence.
        long[] greedy = free("Once upon a time", GenerationConfig.GREEDY.withMaxNewTokens(40))
                .tokens();
        long stop = greedy[4];
        int first = 0;
        while (greedy[first] != stop) {
            first++;
        }
        SequenceDecoder stopped = free(
                "Once upon a time",
                GenerationConfig.GREEDY.withMaxNewTokens(100).withStopTokens(Set.of(stop)));
        assertEquals(SequenceDecoder.StopReason.STOP_TOKEN, stopped.stopReason());
        assertArrayEquals(Arrays.copyOf(greedy, first), stopped.tokens(), "everything before the stop token, not it");
        assertFalse(Arrays.stream(stopped.tokens()).anyMatch(t -> t == stop));
        SequenceDecoder limited = free("Once upon a time", GenerationConfig.GREEDY.withMaxNewTokens(5));
        assertEquals(SequenceDecoder.StopReason.MAX_TOKENS, limited.stopReason());
        assertEquals(5, limited.tokens().length);
    }

    @Test
    void streamedTextAddsUpToTheWholeText() {
        StringBuilder streamed = new StringBuilder();
        int[] calls = {0};
        SequenceDecoder d = generate(
                "Once upon a time",
                GenerationConfig.GREEDY.withMaxNewTokens(25),
                List.of(new Segment.Free()),
                (token, delta) -> {
                    calls[0]++;
                    streamed.append(delta);
                });
        assertEquals(25, calls[0], "one call per token");
        assertEquals(tokenizer.decode(d.tokens()), streamed.toString());
    }

    @Test
    void aConstrainedChoiceIsAlwaysOneOfTheAllowedValues() {
        List<String> moods = List.of("happy", "sad", "angry", "scared");
        ChoiceConstraint constraint = ChoiceConstraint.of(
                moods, tokenizer::encodePlain, model.config().vocabSize());
        for (long seed = 0; seed < 12; seed++) {
            GenerationConfig config =
                    GenerationConfig.GREEDY.withMaxNewTokens(12).sampling(1.5f, 0, 1f, seed);
            SequenceDecoder d = generate(
                    "Once upon a time, there was a little girl. She was very",
                    config,
                    List.of(new Segment.Choose(constraint), new Segment.Free()),
                    null);
            String mood = d.choices().get(0);
            assertTrue(moods.contains(mood), mood);
            assertTrue(tokenizer.decode(d.tokens()).startsWith(mood), tokenizer.decode(d.tokens()));
        }
    }

    @Test
    void forcedTokensAreWrittenAsTheyAre() {
        long[] forced = tokenizer.encodePlain("purple elephant");
        SequenceDecoder d = generate(
                "Once upon a time, there was a",
                GenerationConfig.GREEDY.withMaxNewTokens(10),
                List.of(new Segment.Force(forced), new Segment.Free()),
                null);
        assertArrayEquals(forced, Arrays.copyOf(d.tokens(), forced.length));
        assertEquals(10, d.tokens().length);
    }

    @Test
    void choicesThatCannotBeToldApartAreRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new ChoiceConstraint(List.of("sad", "sadder"), List.of(new long[] {5}, new long[] {5, 6}), 2048));
        assertTrue(e.getMessage().contains("'sad' is the beginning of another choice"), e.getMessage());
    }
}
