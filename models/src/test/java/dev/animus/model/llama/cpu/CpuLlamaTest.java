package dev.animus.model.llama.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.animus.model.llama.Checkpoint;
import dev.animus.model.llama.ContinuousBatch;
import dev.animus.model.llama.DecodeSlots;
import dev.animus.model.llama.GenerationConfig;
import dev.animus.model.llama.Greedy;
import dev.animus.model.llama.LlamaModel;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.llama.Precision;
import dev.animus.model.llama.Segment;
import dev.animus.model.llama.SequenceDecoder;
import dev.animus.model.llama.SlotModel;
import dev.animus.model.runtime.DevicePreference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java decoder computes what transformers computes (the families' fixtures, made by
 * testdata/families/make_fixtures.py) and what the DJL decoder computes (TinyStories-656K), in
 * a continuous batch whose sequences join and leave at different steps, on one thread or two.
 */
class CpuLlamaTest {
    private static final Path FAMILIES = Path.of("testdata/families");
    /** The fixtures whose configs leave the plain shape: the DJL decoder runs them, this one refuses them. */
    private static final Set<String> NOT_PLAIN = Set.of("llama-bias", "mistral", "qwen2", "qwen3", "gemma2", "gemma3");

    private static final Path TINY = Path.of(System.getProperty("animus.testmodel.dir", "testdata/tinystories-656k"));
    // spotless:off
    private static final List<String> PROMPTS = List.of("Once upon a time", "Tom had a big red ball.",
            "The cat sat on the mat and", "Lily and Ben went to the park. They saw a",
            "One day, a little bird", "Mom said, \"Time for bed!\" But Sam was not tired. He wanted to");
    // spotless:on
    private static final int[] LIMITS = {25, 7, 18, 12, 30, 9};

    @TempDir
    static Path scratch;

    static Stream<Arguments> fixtures() throws IOException {
        try (Stream<Path> folders = Files.list(FAMILIES)) {
            return folders
                    .filter(Files::isDirectory)
                    .map(f -> f.getFileName().toString())
                    .sorted()
                    .flatMap(f -> Stream.of(Arguments.of(f, "config.json"), Arguments.of(f, "config.classic.json")))
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("fixtures")
    void computesAsTransformersDoesForEveryPlainFamilyAndRefusesTheOthers(String family, String configFile)
            throws IOException {
        Path folder = scratch.resolve(family + "-" + configFile);
        Files.createDirectories(folder);
        Files.copy(FAMILIES.resolve(family).resolve(configFile), folder.resolve("config.json"));
        Files.copy(FAMILIES.resolve(family).resolve("model.safetensors"), folder.resolve("model.safetensors"));
        Checkpoint checkpoint = Checkpoint.read(folder);
        if (NOT_PLAIN.contains(family)) {
            assertFalse(CpuLlama.runs(checkpoint.config()), family + " is not plain");
            IllegalArgumentException refused =
                    assertThrows(IllegalArgumentException.class, () -> CpuLlama.load(checkpoint, 1));
            assertTrue(refused.getMessage().contains(folder.toString()), refused.getMessage());
            return;
        }
        assertTrue(CpuLlama.runs(checkpoint.config()), family + " is plain");
        JsonObject expected = JsonParser.parseString(
                        Files.readString(FAMILIES.resolve(family).resolve("expected.json")))
                .getAsJsonObject();
        long[] prompt = longs(expected.getAsJsonArray("prompt"));
        long[] greedy = longs(expected.getAsJsonArray("greedy"));
        JsonArray reference = expected.getAsJsonArray("last_logits");
        try (CpuLlama model = CpuLlama.load(checkpoint, 1);
                DecodeSlots slots = model.newSlots()) {
            float[] logits = slots.prefill(List.of(prompt))[0];
            float worst = 0;
            for (int i = 0; i < logits.length; i++) {
                worst = Math.max(worst, Math.abs(logits[i] - reference.get(i).getAsFloat()));
            }
            assertTrue(worst < 2e-3f, family + ": last-position logits differ from transformers' by up to " + worst);
            assertArrayEquals(greedy, Greedy.throughBatch(model, prompt, greedy.length), family);
        }
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void sequencesJoiningAndLeavingAtDifferentStepsGetTheTokensTheDjlDecoderGives(int threads) {
        try (LlamaModel djl = LlamaModel.load(TINY, DevicePreference.CPU);
                CpuLlama java = CpuLlama.load(Checkpoint.read(TINY), threads);
                LlamaTokenizer tokenizer = LlamaTokenizer.load(TINY)) {
            Map<Integer, long[]> expected = decodeStaggered(djl, tokenizer);
            Map<Integer, long[]> actual = decodeStaggered(java, tokenizer);
            for (int i = 0; i < PROMPTS.size(); i++) {
                assertEquals(LIMITS[i], expected.get(i).length, "each runs to its own limit");
                assertArrayEquals(expected.get(i), actual.get(i), PROMPTS.get(i));
            }
        }
    }

    /** Three join at once (one pass), then one more every third step, one prefilled at once. */
    private static Map<Integer, long[]> decodeStaggered(SlotModel model, LlamaTokenizer tokenizer) {
        Map<Integer, long[]> out = new HashMap<>();
        try (ContinuousBatch<Integer> batch = new ContinuousBatch<>(model, 8)) {
            int joined = 0;
            for (int step = 0; out.size() < PROMPTS.size(); step++) {
                while (joined < PROMPTS.size() && (joined < 3 || step % 3 == 0 && joined < 3 + step / 3)) {
                    SequenceDecoder decoder = new SequenceDecoder(
                            GenerationConfig.GREEDY.withMaxNewTokens(LIMITS[joined]),
                            List.of(new Segment.Free()),
                            tokenizer,
                            null);
                    long[] prompt = tokenizer.encode(PROMPTS.get(joined));
                    if (joined == 4) {
                        var f = batch.join(joined, prompt, decoder);
                        if (f != null) {
                            out.put(f.key(), f.decoder().tokens());
                        }
                    } else {
                        batch.enqueue(joined, prompt, decoder);
                    }
                    joined++;
                }
                batch.step().forEach(f -> out.put(f.key(), f.decoder().tokens()));
            }
        }
        return out;
    }

    @Test
    void logitsOfALongSequenceStayWithinRoundingOfTheDjlDecoders() {
        try (LlamaModel djl = LlamaModel.load(TINY, DevicePreference.CPU);
                CpuLlama java = CpuLlama.load(Checkpoint.read(TINY), 2);
                DecodeSlots a = djl.newSlots();
                DecodeSlots b = java.newSlots()) {
            long[] prompt = new long[100]; // past the cache's first capacity, so it grows
            for (int i = 0; i < prompt.length; i++) {
                prompt[i] = 1 + (i * 37) % 500;
            }
            float[][] left = a.prefill(List.of(prompt, new long[] {9}));
            float[][] right = b.prefill(List.of(prompt, new long[] {9}));
            for (int step = 0; step < 40; step++) {
                for (int s = 0; s < 2; s++) {
                    float gap = 0;
                    for (int v = 0; v < left[s].length; v++) {
                        gap = Math.max(gap, Math.abs(left[s][v] - right[s][v]));
                    }
                    assertTrue(gap < 1e-3f, "step " + step + ", sequence " + s + ": logits differ by " + gap);
                }
                long[] next = {Greedy.argmax(left[0]), Greedy.argmax(left[1])};
                left = a.step(next);
                right = b.step(next);
            }
            assertEquals(140, b.length(0));
            assertEquals(41, b.length(1));
        }
    }

    @Test
    void aLongPrefillOnTheEngineLeavesTheKeysAndValuesAPrefillInJavaLeaves() {
        Checkpoint tiny = Checkpoint.read(TINY);
        try (CpuLlama alone = CpuLlama.load(tiny, 1);
                CpuLlama withEngine =
                        CpuLlama.load(tiny, 1, LlamaModel.load(tiny, DevicePreference.CPU, Precision.FP32));
                DecodeSlots a = alone.newSlots();
                DecodeSlots b = withEngine.newSlots()) {
            long[] longer = new long[70];
            for (int i = 0; i < longer.length; i++) {
                longer[i] = 1 + (i * 53) % 400;
            }
            long first = Greedy.argmax(a.prefill(List.of(new long[] {4, 5}))[0]);
            b.prefill(List.of(new long[] {4, 5})); // short: in Java on both
            float[][] left = a.prefill(List.of(longer, new long[] {7, 8, 9}));
            float[][] right = b.prefill(List.of(longer, new long[] {7, 8, 9})); // 73 rows: on the engine
            assertEquals(3, b.size());
            assertEquals(70, b.length(1));
            assertClose(left, right, "prefilled");
            long[] next = {first, Greedy.argmax(left[0]), Greedy.argmax(left[1])};
            for (int step = 0; step < 20; step++) { // each step reads what the prefill left in the cache
                left = a.step(next);
                right = b.step(next);
                assertClose(left, right, "step " + step);
                for (int s = 0; s < 3; s++) {
                    next[s] = Greedy.argmax(left[s]);
                }
            }
        }
    }

    @Test
    void oneLongPromptSharedBetweenThreadsGivesWhatOneThreadGives() {
        Checkpoint tiny = Checkpoint.read(TINY);
        try (CpuLlama one = CpuLlama.load(tiny, 1);
                CpuLlama three = CpuLlama.load(tiny, 3); // chunks of 16 rows in parts of 6, 6 and 4
                DecodeSlots a = one.newSlots();
                DecodeSlots b = three.newSlots()) {
            long[] prompt = new long[90]; // six chunks, the last one short
            for (int i = 0; i < prompt.length; i++) {
                prompt[i] = 1 + (i * 41) % 450;
            }
            float[][] left = a.prefill(List.of(prompt));
            float[][] right = b.prefill(List.of(prompt));
            assertClose(left, right, "prefilled");
            for (int step = 0; step < 10; step++) { // the steps read every shared row's keys
                long[] next = {Greedy.argmax(left[0])};
                left = a.step(next);
                right = b.step(next);
                assertClose(left, right, "step " + step);
            }
        }
    }

    private static void assertClose(float[][] left, float[][] right, String where) {
        assertEquals(left.length, right.length);
        for (int s = 0; s < left.length; s++) {
            float gap = 0;
            for (int v = 0; v < left[s].length; v++) {
                gap = Math.max(gap, Math.abs(left[s][v] - right[s][v]));
            }
            assertTrue(gap < 1e-3f, where + ", sequence " + s + ": logits differ by " + gap);
        }
    }

    @Test
    void refusesAStepThatDoesNotFitTheSlots() {
        try (CpuLlama java = CpuLlama.load(Checkpoint.read(TINY), 1);
                DecodeSlots slots = java.newSlots()) {
            slots.prefill(List.of(new long[] {1, 2}));
            assertThrows(IllegalArgumentException.class, () -> slots.step(new long[] {1, 2}));
            IllegalArgumentException outside = assertThrows(
                    IllegalArgumentException.class,
                    () -> slots.step(new long[] {java.config().vocabSize()}));
            assertTrue(outside.getMessage().contains("outside the vocabulary"), outside.getMessage());
            assertEquals(2, slots.length(0), "a refused step changes nothing");
            assertThrows(IllegalArgumentException.class, () -> slots.prefill(List.of(new long[0])));
            assertEquals(1, slots.size());
        }
    }

    private static long[] longs(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }
}
