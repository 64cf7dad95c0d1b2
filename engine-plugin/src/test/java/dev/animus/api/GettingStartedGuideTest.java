package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's getting-started code is the consumer project's code (src/it/getting-started, which
 * the build compiles and runs against the installed artifacts): the two cannot drift apart.
 */
class GettingStartedGuideTest {
    private static final Path PROJECT = Path.of("src/it/getting-started");

    @Test
    void theReadmeShowsTheConsumerProjectsCodeAndWorldFile() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String java = Files.readString(PROJECT.resolve("src/main/java/example/GettingStarted.java"));
        String begin = "// getting-started:begin\n";
        String end = "        // getting-started:end";
        String code = java.substring(java.indexOf(begin) + begin.length(), java.indexOf(end));
        assertTrue(code.lines().count() >= 10, code);
        assertTrue(
                readme.contains(code),
                "README.md must show, verbatim, the lines between the markers of "
                        + PROJECT.resolve("src/main/java/example/GettingStarted.java") + ":\n" + code);
        String world = Files.readString(PROJECT.resolve("src/main/resources/Worlds/village.world"));
        String body = world.substring(world.indexOf("animus: 1"));
        assertTrue(readme.contains(body), "README.md must show the consumer project's world file:\n" + body);
    }
}
