package dev.animus.demo.play;

import dev.animus.demo.CommandLines;
import java.awt.GraphicsEnvironment;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * Options of the {@code play} command.
 *
 * @param headless run without a window
 * @param seconds stop after this long (0 = until the window is closed)
 * @param screenshot where to save a PNG of the window just before stopping, or null
 * @param visit a folder for the scripted visit ({@link ScriptedVisit}): the player walks to Brann,
 *     asks him a question and looks around, and the screenshots and a report go there; or null
 */
public record PlayOptions(boolean headless, float seconds, Path screenshot, Path visit) {

    /**
     * @param args the command's arguments (not null)
     * @return the options; headless by default when no display is available; null when
     *     {@code --help} printed the usage to standard output
     * @throws IllegalArgumentException for an unknown or malformed option
     */
    public static PlayOptions parse(List<String> args) {
        return parse(args, System.out);
    }

    /** {@link #parse(List)}, printing {@code --help}'s usage to {@code out}. */
    public static PlayOptions parse(List<String> args, PrintStream out) {
        Options o = CommandLines.parse(new Options(), args, out);
        if (o == null) {
            return null;
        }
        boolean headless = o.headless || GraphicsEnvironment.isHeadless();
        float seconds = o.seconds == null ? -1 : o.seconds;
        if (o.seconds != null && !(seconds >= 0)) {
            throw new IllegalArgumentException("--seconds must be >= 0, got " + seconds);
        }
        Path screenshot = o.screenshot == null ? null : o.screenshot.toAbsolutePath();
        if (screenshot != null && !screenshot.getFileName().toString().endsWith(".png")) {
            throw new IllegalArgumentException(
                    "--screenshot needs a file name ending in .png, got '" + o.screenshot + "'");
        }
        Path visit = o.visit == null ? null : o.visit.toAbsolutePath();
        if (seconds < 0) {
            seconds = headless ? 20 : visit != null ? 300 : 0;
        }
        if (visit != null && headless) {
            throw new IllegalArgumentException(
                    "--visit needs a window (on a machine without a display, run it under" + " xvfb-run)");
        }
        if (screenshot != null && (headless || seconds == 0)) {
            throw new IllegalArgumentException("--screenshot needs a window and --seconds N");
        }
        return new PlayOptions(headless, seconds, screenshot, visit);
    }

    /** The options of {@code play}, as typed. */
    @CommandLine.Command(
            name = "play",
            sortOptions = false,
            description = "Starts Lanternfall (headless when no display is found).")
    public static final class Options {
        @CommandLine.Mixin
        CommandLines.Help help;

        @CommandLine.Option(names = "--headless", description = "run without a window")
        boolean headless;

        @CommandLine.Option(
                names = "--seconds",
                paramLabel = "N",
                description = "stop after N seconds (default: 20 headless, else until the window is closed)")
        Float seconds;

        @CommandLine.Option(
                names = "--screenshot",
                paramLabel = "FILE.png",
                description = "save a PNG of the window just before stopping (needs a window and --seconds)")
        Path screenshot;

        @CommandLine.Option(
                names = "--visit",
                paramLabel = "DIR",
                description =
                        "the scripted visit: walk to Brann, ask him, look around; screenshots and a report into DIR")
        Path visit;
    }
}
