package dev.animus.world;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Fuzzing of the world-file loader: real world files, mutated at random (spans deleted, YAML
 * punctuation, anchors, tags, control characters, huge numbers and markers inserted, lines
 * duplicated, swapped or cut), are either loaded or rejected with the documented
 * {@link WorldFileException}, each within seconds. Any other exception is a bug. The number of
 * inputs is {@code jqwik.tries.default} (3,000 in the build; for the long run:
 * {@code mvn -pl engine-plugin test -Dtest=WorldFileFuzzTest -Djqwik.tries.default=100000}).
 * A failing input is reported with its seed, which reproduces it.
 */
class WorldFileFuzzTest {
    private static final List<String> SEEDS = seeds();
    // spotless:off
    private static final String[] TOKENS = {":", ": ", "-", "- ", "[", "]", "{", "}", ",", "\n", "\n  ", "  ", "\t",
        "'", "\"", "&a ", "*a", "!!java.lang.Object ", "!local ", "~", "null", "1e309", "-1", "NaN", ".inf",
        "99999999999999999999", "0x1F", "<|reply|>", "\u0000", "\uFFFF", "\uD800", "é", "🙂", "#", "? ", "|", ">",
        "<<: *a", "---\n", "...\n", "%YAML 1.2\n", "yes", "on", "[[[[[[[[[[", "{a: {b: {c: {d: 1}}}}"};
    // spotless:on

    @Property
    void anyMutationLoadsOrFailsWithTheValidationError(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String text = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> {
                    try {
                        new WorldParser().parse("fuzz.world", text);
                    } catch (WorldFileException expected) {
                        // the documented outcome for a broken file
                    }
                },
                () -> "seed " + seed);
    }

    static String mutate(String original, SplittableRandom random) {
        StringBuilder s = new StringBuilder(original);
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations && s.length() > 0; i++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(6)) {
                case 0 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(20)));
                case 1 -> s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> {
                    List<String> lines =
                            new ArrayList<>(Arrays.asList(s.toString().split("\n", -1)));
                    int line = random.nextInt(lines.size());
                    lines.add(line, lines.get(line));
                    s = new StringBuilder(String.join("\n", lines));
                }
                case 3 -> {
                    List<String> lines =
                            new ArrayList<>(Arrays.asList(s.toString().split("\n", -1)));
                    java.util.Collections.swap(lines, random.nextInt(lines.size()), random.nextInt(lines.size()));
                    s = new StringBuilder(String.join("\n", lines));
                }
                case 4 -> s.setLength(at);
                default -> {
                    String digits = s.toString().replaceAll("[0-9]+", random.nextBoolean() ? "-999999999" : "1e40");
                    s = new StringBuilder(random.nextInt(4) == 0 ? digits : s);
                }
            }
        }
        return s.toString();
    }

    private static List<String> seeds() {
        List<String> texts = new ArrayList<>();
        try {
            for (String name : List.of("small.world", "talk.world", "senses.world")) {
                try (var in = WorldFileFuzzTest.class.getClassLoader().getResourceAsStream("Worlds/" + name)) {
                    texts.add(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            Path lanternfall = Path.of("../assets/Worlds/lanternfall.world");
            if (Files.isRegularFile(lanternfall)) {
                texts.add(Files.readString(lanternfall));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }
}
