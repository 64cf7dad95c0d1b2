package dev.animus.demo.play;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real game in a real window (an X server in memory, Xvfb, with Mesa's software OpenGL):
 * the player walks to Brann, types a question in the text field and sends it, Brann answers in
 * a speech bubble above his head and his animation changes; then the player looks around with
 * the debug panel open. Screenshots go to {@code target/visit}. Needs {@code xvfb-run}
 * ({@code .ci/run} installs it); skipped, with a message, on a machine without it.
 */
@Tag("slow") // a real window under Xvfb: mvn -B verify runs it; -DexcludedGroups=slow leaves it out
class LanternfallWindowTest {

    @Test
    void thePlayerWalksToBrannAsksAndTheReplyShowsAboveHisHead() throws Exception {
        Assumptions.assumeTrue(
                onPath("xvfb-run"),
                "xvfb-run is not installed: the window test is skipped"
                        + " (apt-get install xvfb xauth libgl1-mesa-dri; .ci/run does this)");
        Path folder = Path.of("target", "visit").toAbsolutePath();
        Files.createDirectories(folder);
        Files.deleteIfExists(folder.resolve("report.properties"));
        Process game = new ProcessBuilder(
                        "xvfb-run",
                        "-a",
                        "-s",
                        "-screen 0 1280x720x24",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dai.djl.offline=true",
                        "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR", "target/djl-cache"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.animus.demo.Launcher",
                        "play",
                        "--visit",
                        folder.toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("game.log").toFile())
                .start();
        boolean ended = game.waitFor(420, TimeUnit.SECONDS);
        if (!ended) {
            game.destroyForcibly();
        }
        String log = Files.readString(folder.resolve("game.log"));
        assertTrue(ended, "the game ended in time: " + tail(log));
        Properties report = new Properties();
        try (Reader r = Files.newBufferedReader(folder.resolve("report.properties"))) {
            report.load(r);
        }
        assertEquals("true", report.getProperty("ok"), report + "\n" + tail(log));
        assertEquals(0, game.exitValue(), tail(log));

        String reply = report.getProperty("reply");
        assertTrue(reply != null && !reply.isBlank(), report.toString());
        assertEquals(reply, report.getProperty("bubble.text"), "the bubble shows the whole reply");
        assertEquals("Brann the blacksmith", report.getProperty("bubble.attachedTo"), "the bubble hangs on Brann");
        assertTrue(
                Float.parseFloat(report.getProperty("bubble.y")) > Float.parseFloat(report.getProperty("brann.headY")),
                "the bubble is above his head: " + report);
        List<String> clips = List.of(report.getProperty("clips.after").split(","));
        assertTrue(
                clips.stream().anyMatch(c -> !c.isBlank() && !c.equals(report.getProperty("clip.before"))),
                "his animation changed when spoken to: before " + report.getProperty("clip.before") + ", then "
                        + clips);
        assertNotEquals(null, report.getProperty("look"), "looking around described the scene");
        assertTrue(report.getProperty("debug").contains("queue:"), "the debug panel showed the queue");
        assertEquals("true", report.getProperty("night.lanterns"), "the lanterns are lit at night");
        assertEquals("true", report.getProperty("night.lightsOverWater"), "green lights over Mirrormere at night");
        for (String shot : List.of(
                "0-arrival",
                "1-walked-to-brann",
                "2-typing",
                "3-brann-answers",
                "4-look-around-and-debug",
                "5-night-by-the-lake")) {
            Path png = folder.resolve(shot + ".png");
            assertTrue(Files.isRegularFile(png) && Files.size(png) > 20_000, "screenshot " + png);
        }
        System.getLogger("test")
                .log(
                        System.Logger.Level.INFO,
                        "Window visit: reply \"" + reply + "\", frames while"
                                + " Brann thought p50 " + report.getProperty("frame.p50.ms") + " ms, max "
                                + report.getProperty("frame.max.ms")
                                + " ms over " + report.getProperty("frames") + " frames (walking there, before: p50 "
                                + report.getProperty("walking.frame.p50.ms") + " ms, max "
                                + report.getProperty("walking.frame.max.ms")
                                + " ms); look: " + report.getProperty("look"));
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static String tail(String log) {
        return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
    }
}
