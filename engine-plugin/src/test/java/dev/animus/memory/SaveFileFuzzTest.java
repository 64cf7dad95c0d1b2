package dev.animus.memory;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing of the save-file loader: a real save, damaged at random (bytes flipped, runs zeroed
 * or overwritten, the file cut short or grown), either loads or fails with the documented
 * {@link SaveFileException}, each within seconds. A failing input is reported with its seed.
 * Inputs: {@code jqwik.tries.default} (3,000 in the build; {@code -Djqwik.tries.default=100000}
 * for the long run).
 */
class SaveFileFuzzTest {
    private static byte[] good;
    private static Path dir;

    @BeforeContainer
    static void write() throws IOException {
        dir = Files.createTempDirectory("animus-save-fuzz");
        Path file = dir.resolve("good.save.db");
        MemoryStore.save(file, MemoryStoreTest.save("w", 12, 3));
        good = Files.readAllBytes(file);
    }

    @AfterContainer
    static void clean() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Property
    void anyDamagedSaveLoadsOrFailsWithTheSaveError(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = damage(good.clone(), random);
        Path file = dir.resolve("fuzz.save.db");
        try {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Files.deleteIfExists(dir.resolve("fuzz.save.db" + suffix));
            }
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> {
                    try {
                        MemoryStore.load(file, "w");
                    } catch (SaveFileException expected) {
                        // the documented outcome for a damaged save
                    }
                },
                () -> "seed " + seed);
    }

    private static byte[] damage(byte[] b, SplittableRandom random) {
        int edits = 1 + random.nextInt(6);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(5)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> java.util.Arrays.fill(b, at, Math.min(b.length, at + 1 + random.nextInt(512)), (byte) 0);
                case 2 -> {
                    for (int j = at; j < Math.min(b.length, at + 1 + random.nextInt(64)); j++) {
                        b[j] = (byte) random.nextInt(256);
                    }
                }
                case 3 -> b = java.util.Arrays.copyOf(b, Math.max(1, at));
                default -> b = java.util.Arrays.copyOf(b, b.length + 1 + random.nextInt(4096));
            }
        }
        return b;
    }
}
