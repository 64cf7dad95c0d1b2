package dev.animus.world;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a world file on disk and parses it again whenever its content changes, on its own
 * daemon thread (never the render thread). Each change reports either the new world or
 * every problem of the edited file. Polling, not a WatchService: it works the same on every
 * file system and editor (many save by replacing the file). An edit counts once two looks in a
 * row read the same text, so a file caught half written (an editor or a script that truncates,
 * then writes) is never reported as broken.
 */
public final class WorldFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorldFileWatcher.class);

    /** Marks a file too large to read; never the start of a real world file (YAML cannot start with NUL). */
    private static final String TOO_LARGE = "\0too large: ";

    private final Path file;
    private final String source;
    private final WorldParser parser;
    private final Consumer<Outcome> onChange;
    private final Thread thread;
    private final long intervalMillis;
    private volatile boolean running = true;
    private String lastText;
    /** A changed text seen once, waiting for the next look to read it again. */
    private String settling;

    /**
     * Starts watching. The file's current content counts as seen: only later edits report.
     *
     * @param file the file on disk (not null)
     * @param source the name messages use, usually the asset key (not null)
     * @param parser the parser with the game's vocabulary (not null)
     * @param intervalMillis how often to look (10 to 60000)
     * @param onChange called on the watcher's thread for each change (not null)
     */
    public WorldFileWatcher(
            Path file, String source, WorldParser parser, long intervalMillis, Consumer<Outcome> onChange) {
        if (intervalMillis < 10 || intervalMillis > 60_000) {
            throw new IllegalArgumentException("intervalMillis must be in [10, 60000], got " + intervalMillis);
        }
        this.file = file;
        this.source = source;
        this.parser = parser;
        this.intervalMillis = intervalMillis;
        this.onChange = onChange;
        this.lastText = readOrNull();
        this.thread = new Thread(this::run, "animus-world-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            String text = readOrNull();
            if (text == null || text.equals(lastText)) {
                settling = null;
                continue;
            }
            if (!text.equals(settling)) { // changed since the last look: it may still be being written
                settling = text;
                continue;
            }
            settling = null;
            lastText = text;
            Outcome outcome;
            if (text.startsWith(TOO_LARGE)) {
                outcome = new Outcome(
                        null,
                        List.of(new WorldProblem(
                                new Where(source, 1, 1),
                                "the file has "
                                        + text.substring(TOO_LARGE.length()) + " bytes; world files are limited to "
                                        + WorldParser.MAX_CHARS
                                        + " characters (512 Ki). Split the world or shorten its texts")));
            } else {
                List<WorldProblem> problems = parser.check(source, text);
                outcome = problems.isEmpty()
                        ? new Outcome(parser.parse(source, text), List.of())
                        : new Outcome(null, problems);
            }
            try {
                onChange.accept(outcome);
            } catch (RuntimeException e) {
                LOG.error("Handling a change of {} failed", file, e);
            }
        }
    }

    /** The file's text; a marker with its size when it is too large to read; null when unreadable. */
    private String readOrNull() {
        try {
            long size = Files.size(file);
            if (size > WorldParser.MAX_CHARS * 4L) { // UTF-8: at most 4 bytes a character
                return TOO_LARGE + size;
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null; // an editor replacing the file: look again next time
        } catch (IOException e) {
            LOG.warn("Could not read {}: {}", file, e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    /**
     * What an edit produced.
     *
     * @param world the new world, or null if the edit is broken
     * @param problems every problem of a broken edit (empty when {@code world} is set)
     */
    public record Outcome(World world, List<WorldProblem> problems) {}
}
