package dev.animus.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.demo.ask.AskCommand;
import dev.animus.demo.check.CheckCommand;
import dev.animus.demo.describe.DescribeCommand;
import dev.animus.demo.eval.EvalCommand;
import dev.animus.demo.play.PlayOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every command reads its arguments one way: --help shows its usage, a wrong argument says what and where to look. */
class CommandLinesTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyCommandShowsItsUsageOnHelp() throws Exception {
        assertEquals(0, CheckCommand.run(List.of("--help"), out, out));
        assertEquals(0, AskCommand.run(List.of("-h"), false, null, out, out));
        assertEquals(0, AskCommand.run(List.of("--help"), true, null, out, out));
        assertEquals(0, DescribeCommand.run(List.of("--help"), out, out));
        assertEquals(0, EvalCommand.run(List.of("--help"), out, out));
        assertNull(PlayOptions.parse(List.of("--help"), out));
        String usage = printed();
        for (String name : List.of("check", "ask", "talk", "describe", "eval", "play")) {
            assertTrue(usage.contains("Usage: " + name + " "), name + " in\n" + usage);
        }
        assertTrue(
                usage.contains("--world=FILE") && usage.contains("--rescore=FILE") && usage.contains("--screenshot"),
                usage);
        String launcher = Launcher.usage();
        for (String name : List.of("play", "check", "ask", "talk", "describe", "eval", "bench")) {
            assertTrue(launcher.lines().anyMatch(l -> l.startsWith("  " + name + " ")), name + " in\n" + launcher);
        }
    }

    @Test
    void aWrongArgumentSaysWhatIsWrongAndWhereTheUsageIs() {
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> EvalCommand.run(List.of("--limt", "3"), out, out));
        assertTrue(
                unknown.getMessage().contains("'--limt'")
                        && unknown.getMessage().contains("eval --help"),
                unknown.getMessage());
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class, () -> DescribeCommand.run(List.of("--at", "pier"), out, out));
        assertTrue(
                missing.getMessage().contains("--world") && missing.getMessage().contains("describe --help"),
                missing.getMessage());
        IllegalArgumentException notANumber = assertThrows(
                IllegalArgumentException.class, () -> PlayOptions.parse(List.of("--seconds", "soon"), out));
        assertTrue(notANumber.getMessage().contains("soon"), notANumber.getMessage());
        IllegalArgumentException noFiles =
                assertThrows(IllegalArgumentException.class, () -> CheckCommand.run(List.of(), out, out));
        assertTrue(noFiles.getMessage().contains("WORLD_FILE"), noFiles.getMessage());
    }
}
