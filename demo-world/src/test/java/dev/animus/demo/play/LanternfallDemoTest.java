package dev.animus.demo.play;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.demo.play.village.Graphics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo as the README runs it, headless: the villagers perceive, act and answer through Animus. */
class LanternfallDemoTest {

    @Test
    void everyVillagerPerceivesAndBrannGreetsAndAnswersTheStranger() throws Exception {
        LanternfallDemo.Report report = LanternfallDemo.runHeadless(12);
        assertEquals(
                Set.of("brann", "mira", "hollis", "vey", "aldine", "pip"),
                report.percepts().keySet(),
                "percepts " + report.percepts());
        assertTrue(report.metrics().completed() >= 6, report.metrics().toString());
        assertEquals(0, report.metrics().failed());
        // The stranger's tour passes the forge: Brann greets, from the world file's behaviours.
        assertTrue(
                report.actions().contains("brann greet_stranger"),
                report.actions().toString());
        // The stranger asks Brann a question; the bundled decoder answers through the game's queue.
        var brann = report.replies().stream()
                .filter(r -> r.npcId().equals("brann"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Brann never answered: " + report.replies()));
        assertTrue(!brann.fallback() && !brann.text().isBlank(), brann.toString());
        assertTrue(report.actions().contains("brann dialogue"), report.actions().toString());
    }

    @Test
    void anotherWorldFilePlaysAsItsOwnPlace() throws Exception {
        Path file = Path.of("src", "main", "resources", "eval", "worlds", "sand_caravan.world");
        PlayOptions options = PlayOptions.parse(List.of("--headless", "--seconds", "10", "--world", file.toString()));
        assertEquals(file.toAbsolutePath(), options.world());
        LanternfallDemo.Report report = LanternfallDemo.runHeadless(options);
        assertEquals(Set.of("yusuf", "amastan", "zahra"), report.percepts().keySet(), "percepts " + report.percepts());
        assertEquals(0, report.metrics().failed());
        // Its first NPC is asked, as Brann is in Lanternfall, and answers through the queue.
        var yusuf = report.replies().stream()
                .filter(r -> r.npcId().equals("yusuf"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Yusuf never answered: " + report.replies()));
        assertTrue(!yusuf.text().isBlank(), yusuf.toString());
    }

    @Test
    void aWorldFileThatCannotBePlayedIsReportedBeforeAnyWindowOpens(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.world");
        Files.writeString(broken, "animus: 1\nworld:\n  id: x\n  name: X\nplaces:\n  - id: a\n    at: [0, 0]\n");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> PlayOptions.parse(List.of("--world", broken.toString())));
        assertTrue(e.getMessage().contains("broken.world:"), e.getMessage());
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> PlayOptions.parse(
                        List.of("--world", dir.resolve("none.world").toString())));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
        IllegalArgumentException graphics =
                assertThrows(IllegalArgumentException.class, () -> PlayOptions.parse(List.of("--graphics", "ultra")));
        assertEquals("--graphics must be auto, low or high, got 'ultra'", graphics.getMessage());
        assertEquals(
                Graphics.LOW,
                PlayOptions.parse(List.of("--headless", "--graphics", "LOW")).graphics());
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> PlayOptions.parse(java.util.List.of("--seconds", "soon")));
        assertEquals(
                "Invalid value for option '--seconds': 'soon' is not a float (play --help shows its usage)",
                e.getMessage());
    }
}
