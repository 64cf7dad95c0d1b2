package dev.animus.demo.play;

import dev.animus.demo.CommandLines;
import dev.animus.demo.play.village.Graphics;
import dev.animus.world.WorldFileException;
import dev.animus.world.WorldParser;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * @param world the world file to play, checked, or null for Lanternfall
 * @param graphics how much of the look to draw, or null to choose by the OpenGL renderer
 */
public record PlayOptions(boolean headless, float seconds, Path screenshot, Path visit, Path world, Graphics graphics) {

    /** Lanternfall, the demo's own world, its look chosen by the renderer. */
    public PlayOptions(boolean headless, float seconds, Path screenshot, Path visit) {
        this(headless, seconds, screenshot, visit, null, null);
    }

    /**
     * @param args the command's arguments (not null)
     * @return the options; headless by default when no display is available; null when
     *     {@code --help} printed the usage to standard output
     * @throws IllegalArgumentException for an unknown or malformed option, or a world file that
     *     cannot be read or is broken (the message names its file and line)
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
        Path world = o.world == null ? null : checked(o.world.toAbsolutePath());
        return new PlayOptions(headless, seconds, screenshot, visit, world, Graphics.parse(o.graphics));
    }

    /** A broken world file is reported before any window opens, with its file and line. */
    private static Path checked(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "--world: no such file " + file + " (give a world file, e.g. assets/Worlds/lanternfall.world)");
        }
        try {
            new WorldParser().parse(file.toString(), Files.readString(file));
        } catch (WorldFileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("--world: cannot read " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The options of {@code play}, as typed. */
    @CommandLine.Command(
            name = "play",
            sortOptions = false,
            description = "Starts Lanternfall, or any world file (headless when no display is found).")
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
                names = "--world",
                paramLabel = "FILE",
                description = "play this world file, laid out from its places and props (default: Lanternfall)")
        Path world;

        @CommandLine.Option(
                names = "--graphics",
                paramLabel = "auto|low|high",
                description = "how much to draw: low for software renderers (no shadows, simpler water),"
                        + " high for a GPU; auto chooses by the OpenGL renderer (default)")
        String graphics = "auto";

        @CommandLine.Option(
                names = "--visit",
                paramLabel = "DIR",
                description =
                        "the scripted visit: walk to Brann, ask him, look around; screenshots and a report into DIR")
        Path visit;
    }
}
