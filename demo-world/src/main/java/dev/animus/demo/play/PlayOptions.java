package dev.animus.demo.play;

import java.awt.GraphicsEnvironment;
import java.util.List;

/**
 * Options of the {@code play} command.
 *
 * @param headless run without a window
 * @param seconds stop after this long (0 = until the window is closed)
 * @param screenshot where to save a PNG of the window just before stopping, or null
 * @param visit a folder for the scripted visit ({@link ScriptedVisit}): the player walks to Brann,
 *     asks him a question and looks around, and the screenshots and a report go there; or null
 */
public record PlayOptions(boolean headless, float seconds, java.nio.file.Path screenshot, java.nio.file.Path visit) {

    /**
     * @param args the command's arguments (not null)
     * @return the options; headless by default when no display is available
     * @throws IllegalArgumentException for an unknown or malformed option
     */
    public static PlayOptions parse(List<String> args) {
        boolean headless = GraphicsEnvironment.isHeadless();
        float seconds = -1;
        java.nio.file.Path screenshot = null;
        java.nio.file.Path visit = null;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--headless" -> headless = true;
                case "--seconds" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--seconds needs a number");
                    }
                    try {
                        seconds = Float.parseFloat(args.get(++i));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seconds needs a number, got '" + args.get(i) + "'");
                    }
                    if (!(seconds >= 0)) {
                        throw new IllegalArgumentException("--seconds must be >= 0, got " + seconds);
                    }
                }
                case "--screenshot" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--screenshot needs a file name ending in .png");
                    }
                    screenshot = java.nio.file.Path.of(args.get(++i)).toAbsolutePath();
                    if (!screenshot.getFileName().toString().endsWith(".png")) {
                        throw new IllegalArgumentException("--screenshot needs a file name ending in .png, got '"
                                + args.get(i) + "'");
                    }
                }
                case "--visit" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--visit needs a folder for its screenshots and report");
                    }
                    visit = java.nio.file.Path.of(args.get(++i)).toAbsolutePath();
                }
                default -> throw new IllegalArgumentException("Unknown option '" + args.get(i) + "' for play");
            }
        }
        if (seconds < 0) {
            seconds = headless ? 20 : visit != null ? 300 : 0;
        }
        if (visit != null && headless) {
            throw new IllegalArgumentException("--visit needs a window (on a machine without a display, run it under"
                    + " xvfb-run)");
        }
        if (screenshot != null && (headless || seconds == 0)) {
            throw new IllegalArgumentException("--screenshot needs a window and --seconds N");
        }
        return new PlayOptions(headless, seconds, screenshot, visit);
    }
}
