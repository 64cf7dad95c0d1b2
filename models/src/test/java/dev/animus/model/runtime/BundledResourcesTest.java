package dev.animus.model.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledResourcesTest {
    private static final String RESOURCE = "dev/animus/model/decoder/config.json";

    @Test
    void aStaleCopyOfTheSameSizeIsReplaced(@TempDir Path dir) throws Exception {
        byte[] original;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(RESOURCE)) {
            original = in.readAllBytes();
        }
        Path target = BundledResources.extract(RESOURCE, dir.resolve("config.json"), "missing");
        assertArrayEquals(original, Files.readAllBytes(target));

        byte[] stale = original.clone(); // as left by an older model of the same architecture
        stale[stale.length / 2] ^= 1;
        Files.write(target, stale);
        BundledResources.extract(RESOURCE, target, "missing");
        assertArrayEquals(original, Files.readAllBytes(target));
    }

    @Test
    void aMissingResourceFailsWithTheGivenAdvice(@TempDir Path dir) {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> BundledResources.extract("no/such/file.bin", dir.resolve("x"), "Depend on animus-models."));
        assertEquals("Depend on animus-models.", e.getMessage());
        assertTrue(Files.notExists(dir.resolve("x")));
    }
}
