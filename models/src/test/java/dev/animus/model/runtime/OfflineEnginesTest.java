package dev.animus.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that both engines and the bundled encoder come up offline from an empty DJL
 * cache, using only what Maven put on the class path. It runs in a fresh JVM because DJL
 * reads its cache folder once per process.
 */
class OfflineEnginesTest {

    @Test
    void enginesAndEncoderStartOfflineFromAnEmptyCache(@TempDir Path cache) throws Exception {
        assertEquals(0, count(cache), "the cache folder must start empty");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = cache.resolveSibling(cache.getFileName() + ".log");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-DDJL_CACHE_DIR=" + cache,
                        "-Dai.djl.offline=true",
                        "-cp",
                        classPath,
                        OfflineProbe.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the offline probe hung");
        String output = Files.readString(log);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("PROBE OK"), output);
        // The natives were unpacked from the class path into the empty cache.
        try (Stream<Path> files = Files.walk(cache)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith("libtorch")), names.toString());
            assertTrue(names.contains("model.onnx"), names.toString());
        }
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
