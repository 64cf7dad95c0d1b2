package dev.animus.demo.describe;

import dev.animus.demo.CommandLines;
import dev.animus.dialogue.DialogueService;
import dev.animus.perception.SceneView;
import dev.animus.runtime.HeadlessWorld;
import dev.animus.runtime.WorldRuntime;
import dev.animus.world.Phase;
import dev.animus.world.Place;
import dev.animus.world.World;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;

/**
 * {@code describe --world FILE --at PLACE [--time PHASE] [--model DIR]}: prints what a viewer at
 * a place perceives and the decoder's description of it, and any name it uses that is not
 * there. {@code --at all} describes every place at every time and reports how often a
 * description names something not in view.
 */
public final class DescribeCommand {
    private DescribeCommand() {}

    /** @return the exit code: 0, 1 for a broken world file or a model that failed */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = CommandLines.parse(new Options(), args, out);
        if (o == null) {
            return 0;
        }
        Path worldFile = o.world;
        String at = o.at;
        Phase time = phase(o.time);
        Path model = o.decoder.model;
        World world = CommandLines.readWorld(worldFile, err);
        if (world == null) {
            return 1;
        }
        List<SceneView> views = new ArrayList<>();
        if (at.equals("all")) {
            for (Place p : world.places()) {
                for (Phase ph : Phase.values()) {
                    views.add(SceneView.at(world, p.id(), ph));
                }
            }
        } else {
            views.add(SceneView.at(world, at, time));
        }
        try (HeadlessWorld running =
                HeadlessWorld.of(world, Optional.ofNullable(model), DialogueService.Style.GROUNDED)) {
            // The game's path: the same models, and the same check that drops what is not in view.
            List<CompletableFuture<WorldRuntime.Description>> described = new ArrayList<>();
            for (SceneView v : views) {
                described.add(running.runtime().describe(v, "describe"));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(described.toArray(CompletableFuture[]::new));
            running.runUntil(all::isDone, Duration.ofMinutes(10), "describing " + views.size() + " scene(s)");
            int inventing = 0;
            int absentNames = 0;
            int stillInventing = 0;
            for (int i = 0; i < views.size(); i++) {
                SceneView v = views.get(i);
                WorldRuntime.Description d = described.get(i).join();
                String text = d.written();
                List<String> absent = v.absentNames(world, text);
                inventing += absent.isEmpty() ? 0 : 1;
                absentNames += absent.size();
                String kept = d.kept();
                stillInventing += v.absentNames(world, kept).isEmpty() ? 0 : 1;
                out.println(v.place() + ", " + v.phase().id() + ":");
                v.things().forEach(t -> out.println("  sees " + t));
                out.println("  \"" + kept + "\"");
                if (!kept.equals(text)) {
                    out.println(
                            "  (the decoder wrote \"" + text + "\"; sentences naming what is not in view were dropped"
                                    + (absent.isEmpty() ? "" : ": " + absent) + ")");
                }
            }
            if (views.size() > 1) {
                out.printf(
                        Locale.ROOT,
                        "%d scenes: the decoder named something not in view in %d (%.0f%%), %d such names"
                                + " in all; after dropping those sentences, %d%n",
                        views.size(),
                        inventing,
                        100.0 * inventing / views.size(),
                        absentNames,
                        stillInventing);
            }
            return 0;
        }
    }

    private static Phase phase(String v) {
        for (Phase p : Phase.values()) {
            if (p.id().equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException("--time must be one of dawn, day, dusk, night; got '" + v + "'");
    }

    /** The options of {@code describe}. */
    @CommandLine.Command(
            name = "describe",
            sortOptions = false,
            description = "Prints what a viewer at a place perceives and the decoder's description of it.")
    public static final class Options {
        @CommandLine.Mixin
        CommandLines.Help help;

        @CommandLine.Option(names = "--world", required = true, paramLabel = "FILE", description = "the world file")
        Path world;

        @CommandLine.Option(
                names = "--at",
                required = true,
                paramLabel = "PLACE",
                description = "a place id, or all for every place at every time")
        String at;

        @CommandLine.Option(
                names = "--time",
                paramLabel = "PHASE",
                defaultValue = "day",
                description = "dawn, day, dusk or night (default: ${DEFAULT-VALUE})")
        String time;

        @CommandLine.Mixin
        CommandLines.Decoder decoder;
    }
}
