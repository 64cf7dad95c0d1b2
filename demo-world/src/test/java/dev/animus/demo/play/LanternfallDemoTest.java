package dev.animus.demo.play;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

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
    void badOptionsSayWhatIsWrong() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> PlayOptions.parse(java.util.List.of("--seconds", "soon")));
        assertEquals(
                "Invalid value for option '--seconds': 'soon' is not a float (play --help shows its usage)",
                e.getMessage());
    }
}
