package dev.animus.demo.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate} over Lanternfall with the real models: the spread, its faithfulness, its chart, news asked after. */
class SimulateCommandTest {
    private static final String WORLD = "../assets/Worlds/lanternfall.world";

    private record Run(int code, String out, String err) {}

    private static Run simulate(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SimulateCommand.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void newsSpreadsThroughLanternfallInTheWitnesssWords(@TempDir Path dir) throws Exception {
        Path chart = dir.resolve("spread.png");
        Run r = simulate(
                "--world",
                WORLD,
                "--days",
                "2",
                "--runs",
                "3",
                "--tell",
                "vey",
                "I saw the stranger climb over the north gate at dawn.",
                "--chart",
                chart.toString(),
                "--ask",
                "Any news?");
        assertEquals(0, r.code(), r.err());
        Matcher spread = Pattern.compile(
                        "of the 5 other NPCs, (\\d+)% knew after one day and (\\d+)% after 2 day\\(s\\);"
                                + " (\\d+) of (\\d+) retellings kept the witness's words")
                .matcher(r.out());
        assertTrue(spread.find(), r.out());
        assertTrue(Integer.parseInt(spread.group(2)) >= 40, "most of the village heard within two days: " + r.out());
        assertEquals(spread.group(4), spread.group(3), "every retelling is the witness's words: " + r.out());
        assertTrue(r.out().contains("mira     heard it from vey"), r.out());
        assertTrue(r.out().contains("vey, asked \"Any news?\":") && r.out().contains("north gate"), r.out());
        assertTrue(Files.size(chart) > 1000, "the chart is drawn");
    }

    @Test
    void anUnknownNpcIsNamedWithTheWorldsNpcs() throws Exception {
        Run r = simulate("--world", WORLD, "--tell", "vee", "I saw a wolf.");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown NPC 'vee'") && r.err().contains("vey"), r.err());
    }
}
