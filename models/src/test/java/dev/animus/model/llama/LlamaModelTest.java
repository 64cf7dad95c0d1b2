package dev.animus.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.runtime.DevicePreference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TinyStories-656K checkpoint (models/testdata) on DJL's PyTorch engine, against a plain-Java reference. */
class LlamaModelTest {
    private static LlamaModel model;
    private static LlamaTokenizer tokenizer;
    private static ReferenceLlama reference;

    @BeforeAll
    static void load() throws Exception {
        Path folder = TinyStories.folder();
        model = LlamaModel.load(folder, DevicePreference.CPU);
        tokenizer = LlamaTokenizer.load(folder);
        reference = new ReferenceLlama(LlamaConfig.read(folder.resolve("config.json")), Safetensors.readFolder(folder));
    }

    @AfterAll
    static void close() {
        model.close();
        tokenizer.close();
    }

    private static float maxDiff(float[] a, float[] b) {
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void theConfigIsReadStrictly(@TempDir Path dir) throws Exception {
        LlamaConfig c = model.config();
        assertEquals(
                List.of(2048, 128, 384, 2, 8, 4, 16),
                List.of(
                        c.vocabSize(),
                        c.hiddenSize(),
                        c.intermediateSize(),
                        c.layers(),
                        c.heads(),
                        c.kvHeads(),
                        c.headDim()));
        assertTrue(c.tieWordEmbeddings());
        String json = Files.readString(TinyStories.folder().resolve("config.json"));
        Files.writeString(
                dir.resolve("config.json"),
                json.replace("\"use_cache\": true", "\"use_cache\": true, \"quantization_config\": {}")
                        .replace(
                                "\"rope_scaling\": null",
                                "\"rope_scaling\": {\"type\": \"longrope\", \"factor\": 2.0}"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LlamaConfig.read(dir.resolve("config.json")));
        assertTrue(e.getMessage().contains("unknown field 'quantization_config'"), e.getMessage());
        assertTrue(e.getMessage().contains("RoPE type 'longrope' is not supported"), e.getMessage());

        // What the families use is read, in the classic format's own spelling ("type").
        Files.writeString(
                dir.resolve("config.json"),
                json.replace("\"rope_scaling\": null", "\"rope_scaling\": {\"type\": \"linear\", \"factor\": 2.0}"));
        LlamaConfig linear = LlamaConfig.read(dir.resolve("config.json"));
        assertEquals("linear", linear.rope().type());
        assertEquals(2.0, linear.rope().factor());
    }

    @Test
    void safetensorsAreReadExactly() throws Exception {
        Map<String, Safetensors.Tensor> w = Safetensors.readFolder(TinyStories.folder());
        // Values read from the file independently (Python's struct module).
        assertArrayEquals(
                new float[] {-0.68359375f, -0.02587890625f, 0.58984375f, -0.1689453125f},
                Arrays.copyOf(w.get("lm_head.weight").data(), 4));
        assertArrayEquals(
                new float[] {0.640625f, 0.69921875f, 0.68359375f, 0.6484375f},
                Arrays.copyOf(w.get("model.norm.weight").data(), 4));
        double sum = 0;
        for (float f : w.get("model.layers.1.mlp.down_proj.weight").data()) {
            sum += f;
        }
        assertEquals(-41.52520179748535, sum, 1e-6);
        assertArrayEquals(
                w.get("lm_head.weight").data(),
                w.get("model.embed_tokens.weight").data(),
                "the tied embedding is found through the file's metadata alias");
        assertEquals(1.0f, Safetensors.halfToFloat((short) 0x3C00));
        assertEquals(-2.0f, Safetensors.halfToFloat((short) 0xC000));
        assertEquals(65504f, Safetensors.halfToFloat((short) 0x7BFF));
        assertEquals(5.9604645e-8f, Safetensors.halfToFloat((short) 0x0001));
    }

    @Test
    void logitsMatchTheReferenceWithin1e4() {
        long[] prompt = tokenizer.encode("Once upon a time, there was a little girl named Lily.");
        assertEquals(1, prompt[0], "the tokenizer adds <|start_story|>");
        float[][] expected = reference.forward(prompt);
        try (KvCache cache = model.newCache()) {
            float[][] actual = model.forwardAll(prompt, cache);
            for (int p = 0; p < prompt.length; p++) {
                assertTrue(
                        maxDiff(expected[p], actual[p]) < 1e-4f,
                        "position " + p + ": " + maxDiff(expected[p], actual[p]));
            }
        }
    }

    @Test
    void decodingOneTokenAtATimeThroughTheCacheMatchesTheWholeSequence() {
        long[] seq = tokenizer.encode("Once upon a time, there was a big dog.");
        float[][] whole;
        try (KvCache cache = model.newCache()) {
            whole = model.forwardAll(seq, cache);
        }
        try (KvCache cache = model.newCache()) {
            model.forward(Arrays.copyOf(seq, 3), cache);
            for (int p = 3; p < seq.length; p++) {
                float[] step = model.forward(new long[] {seq[p]}, cache);
                assertTrue(maxDiff(whole[p], step) < 1e-4f, "position " + p + ": " + maxDiff(whole[p], step));
            }
            assertEquals(seq.length, cache.length());
        }
    }

    @Test
    void greedyDecodingTellsALittleStoryAndMatchesTheReference() {
        long[] prompt = tokenizer.encode("Once upon a time");
        List<Long> tokens = new ArrayList<>();
        try (KvCache cache = model.newCache()) {
            float[] logits = model.forward(prompt, cache);
            for (int i = 0; i < 40; i++) {
                long next = argmax(logits);
                tokens.add(next);
                logits = model.forward(new long[] {next}, cache);
            }
        }
        // The reference, greedy, without a cache.
        long[] seq = prompt;
        for (int i = 0; i < 40; i++) {
            float[][] all = reference.forward(seq);
            seq = Arrays.copyOf(seq, seq.length + 1);
            seq[seq.length - 1] = argmax(all[all.length - 1]);
        }
        long[] generated = tokens.stream().mapToLong(Long::longValue).toArray();
        assertArrayEquals(Arrays.copyOfRange(seq, prompt.length, seq.length), generated);
        long[] whole = Arrays.copyOf(prompt, prompt.length + generated.length);
        System.arraycopy(generated, 0, whole, prompt.length, generated.length);
        String story = tokenizer.decode(whole);
        System.getLogger("test").log(System.Logger.Level.INFO, "greedy: " + story);
        assertTrue(story.startsWith("Once upon a time"), story);
        String[] words = story.split("[^A-Za-z]+");
        long english = Arrays.stream(words)
                .filter(wd -> wd.matches("(?i)a|the|was|there|little|girl|boy|named|she|he"
                        + "|to|and|play|her|his|in|with|loved|day|one|big|very|happy|time|upon|once|lily|tim|ben|mom|friend"
                        + "|park|tree|ball|dog|cat|toy|it|had|saw|went|said|wanted|they|of|so|is|on|at|you|i|we"))
                .count();
        assertTrue(english >= words.length / 2, "not a coherent story: " + story);
    }

    @Test
    void aFolderWithoutWeightsOrWithCorruptWeightsIsNamed(@TempDir Path dir) throws Exception {
        Files.copy(TinyStories.folder().resolve("config.json"), dir.resolve("config.json"));
        var missing = assertThrows(
                dev.animus.model.runtime.ModelLoadException.class, () -> LlamaModel.load(dir, DevicePreference.CPU));
        assertTrue(missing.getMessage().contains("expected model.safetensors"), missing.getMessage());
        Files.write(dir.resolve("model.safetensors"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        var corrupt = assertThrows(
                dev.animus.model.runtime.ModelLoadException.class, () -> LlamaModel.load(dir, DevicePreference.CPU));
        assertTrue(corrupt.getMessage().contains("is corrupt or not safetensors"), corrupt.getMessage());
    }
}
