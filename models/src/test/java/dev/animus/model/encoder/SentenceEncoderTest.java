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

/** The bundled all-MiniLM-L6-v2 encoder, run for real through DJL's ONNX Runtime engine. */
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
                "The stranger draws a sword in the market.",          // 0
                "Someone pulls out a blade near the square.",         // 1
                "Fresh eel stew is served at the tavern tonight.",    // 2
                "The innkeeper offers a bowl of fish soup for supper.", // 3
                "Green lights hover over the lake at night."));        // 4
        float weapon = e.get(0).cosine(e.get(1));
        float food = e.get(2).cosine(e.get(3));
        float[] unrelated = {e.get(0).cosine(e.get(2)), e.get(0).cosine(e.get(4)),
                e.get(1).cosine(e.get(3)), e.get(3).cosine(e.get(4))};
        for (float u : unrelated) {
            assertTrue(weapon > u + 0.25f, "weapon pair " + weapon + " vs unrelated " + u);
            assertTrue(food > u + 0.25f, "food pair " + food + " vs unrelated " + u);
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
        List<Embedding> batch = encoder.encode(List.of("Hi.", s,
                "Old Hollis tells a long story about the storm that took his boat, the Gull, last spring."));
        // Padding must be masked out of the pooling; int8 kernels vary slightly with the
        // batch (STACK.md), so "the same" means very close, not bit-equal.
        assertTrue(alone.cosine(batch.get(1)) > 0.985f, "cosine " + alone.cosine(batch.get(1)));
    }

    @Test
    void clsPoolingTakesTheFirstTokenAndStillNormalises() {
        String s = "Green lights hover over the lake at night.";
        try (SentenceEncoder cls = SentenceEncoder.load(encoder.files(),
                EncoderOptions.DEFAULT.withPooling(EncoderOptions.Pooling.CLS))) {
            Embedding first = cls.encode(List.of(s)).get(0);
            Embedding mean = encoder.encode(List.of(s)).get(0);
            assertEquals(1.0, first.cosine(first), 1e-4);
            assertTrue(first.cosine(mean) < 0.99f, "CLS and mean pooling must differ: " + first.cosine(mean));
        }
    }

    @Test
    void aMissingModelFileIsNamedWithWhatToDo(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EncoderFiles.inFolder(dir));
        assertTrue(e.getMessage().contains(dir.resolve("model.onnx").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("bundled"), e.getMessage());
    }

    @Test
    void aCorruptModelFileIsNamedWithWhatToDo(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("model.onnx"), "this is not an onnx model".getBytes());
        Files.copy(encoder.files().tokenizer(), dir.resolve("tokenizer.json"));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> SentenceEncoder.load(EncoderFiles.inFolder(dir), EncoderOptions.DEFAULT.withDevice(DevicePreference.CPU)));
        assertEquals(dir.resolve("model.onnx"), e.file());
        assertTrue(e.getMessage().contains(dir.resolve("model.onnx").toAbsolutePath().toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("Replace it"), e.getMessage());
    }

    @Test
    void aCorruptTokenizerIsNamed(@TempDir Path dir) throws IOException {
        Files.copy(encoder.files().model(), dir.resolve("model.onnx"));
        Files.writeString(dir.resolve("tokenizer.json"), "{ not json");
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> SentenceEncoder.load(EncoderFiles.inFolder(dir), EncoderOptions.DEFAULT.withDevice(DevicePreference.CPU)));
        assertEquals(dir.resolve("tokenizer.json"), e.file());
    }
}
