package dev.animus.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.model.runtime.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tiny random checkpoints in each family's real config (models/testdata/families, made by its
 * make_fixtures.py with Hugging Face transformers), loaded from both config formats: the logits
 * at the prompt's last position and the greedy continuation match transformers', one sequence
 * at a time ({@code forward}) and in a decode step beside another sequence ({@code decodeStep}).
 */
class ModelFamiliesTest {
    private static final Path FIXTURES = Path.of("testdata/families");
    private static final List<String> FAMILIES = List.of(
            "llama3",
            "llama-linear",
            "llama-dynamic",
            "llama-yarn",
            "llama-bias",
            "smollm2",
            "qwen2",
            "mistral",
            "qwen3",
            "gemma2",
            "gemma3");

    @TempDir
    static Path scratch;

    static Stream<Arguments> checkpoints() {
        return FAMILIES.stream()
                .flatMap(f -> Stream.of(Arguments.of(f, "config.json"), Arguments.of(f, "config.classic.json")));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("checkpoints")
    void matchesTransformers(String family, String configFile) throws IOException {
        JsonObject expected = JsonParser.parseString(Files.readString(FIXTURES.resolve(family + "/expected.json")))
                .getAsJsonObject();
        long[] prompt = longs(expected.getAsJsonArray("prompt"));
        long[] greedy = longs(expected.getAsJsonArray("greedy"));
        JsonArray logitsJson = expected.getAsJsonArray("last_logits");
        try (LlamaModel model = LlamaModel.load(folder(family, configFile), DevicePreference.CPU)) {
            assertEquals(
                    family.startsWith("llama") || family.equals("smollm2")
                            ? "llama"
                            : family.equals("gemma3") ? "gemma3_text" : family.replaceAll("-.*", ""),
                    model.config().modelType());
            KvCache cache = model.newCache();
            float[] logits = model.forward(prompt, cache);
            float worst = 0;
            for (int i = 0; i < logits.length; i++) {
                worst = Math.max(worst, Math.abs(logits[i] - logitsJson.get(i).getAsFloat()));
            }
            assertTrue(worst < 2e-3f, family + ": last-position logits differ from transformers' by up to " + worst);

            assertArrayEquals(greedy, greedyAlone(model, logits, cache, greedy.length), family + " alone");
            cache.close();

            assertArrayEquals(greedy, greedyStepped(model, prompt, greedy.length), family + " batched");

            // Prefilled in one pass with two shorter prompts: padding must not leak into the longest.
            List<KvCache> three = List.of(model.newCache(), model.newCache(), model.newCache());
            long[] shorter = java.util.Arrays.copyOf(prompt, 9);
            float[][] together = model.prefill(List.of(new long[] {5, 6, 7}, prompt, shorter), three);
            float gap = 0;
            for (int i = 0; i < logits.length; i++) {
                gap = Math.max(gap, Math.abs(together[1][i] - logits[i]));
            }
            assertTrue(gap < 1e-4f, family + ": prefilled together, the logits move by " + gap);
            List<Long> afterPrefill = new ArrayList<>();
            long[] next3 = {Greedy.argmax(together[0]), Greedy.argmax(together[1]), Greedy.argmax(together[2])};
            for (int i = 0; i < greedy.length; i++) {
                afterPrefill.add(next3[1]);
                float[][] out = model.decodeStep(next3, three);
                for (int s = 0; s < 3; s++) {
                    next3[s] = Greedy.argmax(out[s]);
                }
            }
            assertArrayEquals(
                    greedy, afterPrefill.stream().mapToLong(Long::longValue).toArray(), family + " prefilled together");
            three.forEach(KvCache::close);
            assertArrayEquals(
                    greedy, Greedy.throughBatch(model, prompt, greedy.length), family + " in a continuous batch");
        }
    }

    /** Greedy, one sequence: forward token by token from the prompt's logits. */
    private static long[] greedyAlone(LlamaModel model, float[] logits, KvCache cache, int tokens) {
        long[] out = new long[tokens];
        long next = Greedy.argmax(logits);
        for (int i = 0; i < tokens; i++) {
            out[i] = next;
            next = Greedy.argmax(model.forward(new long[] {next}, cache));
        }
        return out;
    }

    /** Greedy in decode steps beside a shorter sequence: padding and masks must not leak. */
    private static long[] greedyStepped(LlamaModel model, long[] prompt, int tokens) {
        long[] out = new long[tokens];
        try (KvCache mine = model.newCache();
                KvCache other = model.newCache()) {
            long token = Greedy.argmax(model.forward(prompt, mine));
            long otherToken = Greedy.argmax(model.forward(new long[] {5, 6, 7}, other));
            for (int i = 0; i < tokens; i++) {
                out[i] = token;
                float[][] step = model.decodeStep(new long[] {token, otherToken}, List.of(mine, other));
                token = Greedy.argmax(step[0]);
                otherToken = Greedy.argmax(step[1]);
            }
        }
        return out;
    }

    /**
     * Kept in fp16 (Llama 3.2 stored in bf16, Qwen2.5 stored in fp16), a checkpoint computes as
     * transformers does in fp16 (make_half.py): its logits lie within three times fp16's own
     * error (how far transformers' fp16 logits lie from fp32; the order of additions differs, a
     * bias added after the product rather than fused in it) of transformers' fp16 logits, and the
     * greedy tokens are the same, alone and in a decode step.
     */
    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"llama3, FP16, FLOAT16", "qwen2, FP16, FLOAT16"})
    void halfPrecisionComputesAsTransformersDoesInIt(String family, Precision precision, String dtype)
            throws IOException {
        JsonObject expected = JsonParser.parseString(Files.readString(FIXTURES.resolve(family + "/expected.json")))
                .getAsJsonObject();
        long[] prompt = longs(expected.getAsJsonArray("prompt"));
        long[] greedy = longs(expected.getAsJsonArray("half_greedy"));
        JsonArray half = expected.getAsJsonArray("half_logits");
        JsonArray full = expected.getAsJsonArray("last_logits");
        try (LlamaModel model = LlamaModel.load(FIXTURES.resolve(family), DevicePreference.CPU, precision)) {
            assertEquals(dtype, model.dataType().name());
            KvCache cache = model.newCache();
            float[] logits = model.forward(prompt, cache);
            float fromHalf = 0;
            float halfFromFull = 0;
            for (int i = 0; i < logits.length; i++) {
                fromHalf = Math.max(fromHalf, Math.abs(logits[i] - half.get(i).getAsFloat()));
                halfFromFull = Math.max(
                        halfFromFull,
                        Math.abs(half.get(i).getAsFloat() - full.get(i).getAsFloat()));
            }
            assertTrue(
                    fromHalf <= 3 * halfFromFull,
                    family + ": " + fromHalf + " from transformers' " + dtype + " logits, which lie " + halfFromFull
                            + " from fp32");
            assertArrayEquals(greedy, greedyAlone(model, logits, cache, greedy.length), family + " alone");
            cache.close();
            assertArrayEquals(greedy, greedyStepped(model, prompt, greedy.length), family + " batched");
            assertArrayEquals(
                    greedy, Greedy.throughBatch(model, prompt, greedy.length), family + " in a continuous batch");
        }
    }

    @Test
    void onTheCpuAutoKeepsFp32() {
        try (LlamaModel model = LlamaModel.load(FIXTURES.resolve("llama3"), DevicePreference.CPU)) {
            assertEquals("FLOAT32", model.dataType().name(), "half precision is slower than fp32 on a CPU");
        }
        assertEquals("FLOAT16", Precision.AUTO.dataType(true, true).name(), "on a GPU, fp16");
        assertEquals("FLOAT32", Precision.AUTO.dataType(true, false).name(), "Gemma outgrows fp16: fp32");
    }

    @Test
    void aCheckpointWithPartsTheConfigDoesNotNameIsRefused() throws IOException {
        // qwen2's weights carry q/k/v biases; called a plain llama, those would be skipped silently.
        Path folder = folder("qwen2", "config.json");
        JsonObject config = JsonParser.parseString(Files.readString(folder.resolve("config.json")))
                .getAsJsonObject();
        config.addProperty("model_type", "llama");
        config.remove("layer_types");
        config.remove("use_sliding_window");
        config.remove("sliding_window");
        config.remove("max_window_layers");
        Files.writeString(folder.resolve("config.json"), config.toString());
        ModelLoadException e =
                assertThrows(ModelLoadException.class, () -> LlamaModel.load(folder, DevicePreference.CPU));
        assertTrue(e.getMessage().contains("q_proj.bias"), e.getMessage());
    }

    @Test
    void aFieldThatChangesTheMathsIsRefusedByName() throws IOException {
        Path folder = folder("llama3", "config.json");
        JsonObject config = JsonParser.parseString(Files.readString(folder.resolve("config.json")))
                .getAsJsonObject();
        config.addProperty("rope_interleaved", true);
        config.addProperty("num_experts", 8);
        config.getAsJsonObject("rope_parameters").addProperty("rope_type", "longrope");
        Files.writeString(folder.resolve("config.json"), config.toString());
        ModelLoadException e =
                assertThrows(ModelLoadException.class, () -> LlamaModel.load(folder, DevicePreference.CPU));
        for (String named : List.of("rope_interleaved", "num_experts", "longrope")) {
            assertTrue(e.getMessage().contains(named), e.getMessage());
        }
    }

    /** A folder with the fixture's weights and the chosen config as config.json. */
    private static Path folder(String family, String configFile) throws IOException {
        Path folder = Files.createTempDirectory(scratch, family);
        Files.copy(FIXTURES.resolve(family + "/model.safetensors"), folder.resolve("model.safetensors"));
        Files.copy(FIXTURES.resolve(family + "/" + configFile), folder.resolve("config.json"));
        return folder;
    }

    private static long[] longs(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }
}
