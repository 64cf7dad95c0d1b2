package dev.animus.model.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.runtime.DevicePreference;
import dev.animus.model.runtime.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled BGE-small-en-v1.5 encoder, run for real through DJL's ONNX Runtime engine. */
class SentenceEncoderTest {
    private static SentenceEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = SentenceEncoder.loadBundled();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void relatedSentencesScoreClearlyHigherThanUnrelatedOnes() {
        List<Embedding> e = encoder.encode(List.of(
                "The stranger draws a sword in the market.", // 0
                "Someone pulls out a blade near the square.", // 1
                "Fresh eel stew is served at the tavern tonight.", // 2
                "The innkeeper offers a bowl of fish soup for supper.", // 3
                "Green lights hover over the lake at night.")); // 4
        float weapon = e.get(0).cosine(e.get(1));
        float food = e.get(2).cosine(e.get(3));
        float[] unrelated = {
            e.get(0).cosine(e.get(2)),
            e.get(0).cosine(e.get(4)),
            e.get(1).cosine(e.get(3)),
            e.get(3).cosine(e.get(4))
        };
        // What retrieval needs: each sentence's nearest neighbour is its related partner.
        int[] partner = {1, 0, 3, 2};
        for (int i = 0; i < 4; i++) {
            int nearest = -1;
            float best = -2;
            for (int j = 0; j < 5; j++) {
                if (j != i && e.get(i).cosine(e.get(j)) > best) {
                    best = e.get(i).cosine(e.get(j));
                    nearest = j;
                }
            }
            assertEquals(partner[i], nearest, "nearest neighbour of sentence " + i);
        }
        // BGE's cosines sit in a narrow band (unrelated English sentences score 0.3 to 0.5;
        // measured here: related 0.65, unrelated at most 0.47), so "clearly" is a gap of 0.15.
        for (float u : unrelated) {
            assertTrue(weapon > u + 0.15f, "weapon pair " + weapon + " vs unrelated " + u);
            assertTrue(food > u + 0.15f, "food pair " + food + " vs unrelated " + u);
        }
    }

    @Test
    void embeddingsAreNormalisedWith384Dimensions() {
        Embedding e = encoder.encode(List.of("Brann hammers at the anvil.")).get(0);
        assertEquals(384, e.dimension());
        assertEquals(1.0, e.cosine(e), 1e-4);
    }

    @Test
    void aSentenceEncodesTheSameAloneAndInABatchOfShorterAndLongerOnes() {
        String s = "Mira wipes the counter of the Drowned Lantern.";
        Embedding alone = encoder.encode(List.of(s)).get(0);
        List<Embedding> batch = encoder.encode(List.of(
                "Hi.", s, "Old Hollis tells a long story about the storm that took his boat, the Gull, last spring."));
        // Padding must be masked out of the pooling; int8 kernels vary slightly with the
        // batch (STACK.md), so "the same" means very close, not bit-equal.
        assertTrue(alone.cosine(batch.get(1)) > 0.985f, "cosine " + alone.cosine(batch.get(1)));
    }

    @Test
    void meanPoolingAveragesTheTokensAndStillNormalises() {
        String s = "Green lights hover over the lake at night.";
        try (SentenceEncoder meanEncoder = SentenceEncoder.load(
                encoder.files(), EncoderOptions.DEFAULT.withPooling(EncoderOptions.Pooling.MEAN))) {
            Embedding mean = meanEncoder.encode(List.of(s)).get(0);
            Embedding first = encoder.encode(List.of(s)).get(0);
            assertEquals(1.0, mean.cosine(mean), 1e-4);
            assertTrue(first.cosine(mean) < 0.99f, "CLS and mean pooling must differ: " + first.cosine(mean));
        }
    }

    @Test
    void aMissingModelFileIsNamedWithWhatToDo(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EncoderFiles.inFolder(dir));
        assertTrue(e.getMessage().contains(dir.resolve("model.onnx").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("bundled"), e.getMessage());
    }

    @Test
    void aCorruptModelFileIsNamedWithWhatToDo(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("model.onnx"), "this is not an onnx model".getBytes());
        Files.copy(encoder.files().tokenizer(), dir.resolve("tokenizer.json"));
        ModelLoadException e = assertThrows(
                ModelLoadException.class,
                () -> SentenceEncoder.load(
                        EncoderFiles.inFolder(dir), EncoderOptions.DEFAULT.withDevice(DevicePreference.CPU)));
        assertEquals(dir.resolve("model.onnx"), e.file());
        assertTrue(
                e.getMessage()
                        .contains(dir.resolve("model.onnx").toAbsolutePath().toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("Replace it"), e.getMessage());
    }

    @Test
    void aCorruptTokenizerIsNamed(@TempDir Path dir) throws IOException {
        Files.copy(encoder.files().model(), dir.resolve("model.onnx"));
        Files.writeString(dir.resolve("tokenizer.json"), "{ not json");
        ModelLoadException e = assertThrows(
                ModelLoadException.class,
                () -> SentenceEncoder.load(
                        EncoderFiles.inFolder(dir), EncoderOptions.DEFAULT.withDevice(DevicePreference.CPU)));
        assertEquals(dir.resolve("tokenizer.json"), e.file());
    }
}
