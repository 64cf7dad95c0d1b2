package dev.animus.demo.describe;

import dev.animus.dialogue.DialogueService;
import dev.animus.inference.DecoderModel;
import dev.animus.inference.InferenceQueue;
import dev.animus.inference.QueueConfig;
import dev.animus.model.llama.DecoderFiles;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.perception.SceneView;
import dev.animus.world.Phase;
import dev.animus.world.Place;
import dev.animus.world.World;
import dev.animus.world.WorldFileException;
import dev.animus.world.WorldParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code describe --world FILE --at PLACE [--time PHASE] [--model DIR]}: prints what a viewer at
 * a place perceives and the decoder's description of it, and any name it uses that is not
 * there. {@code --at all} describes every place at every time and reports how often a
 * description names something not in view.
 */
public final class DescribeCommand {
    private DescribeCommand() {
    }

    /** @return the exit code: 0, 1 for a broken world file or a model that failed */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Path worldFile = null;
        String at = null;
        Phase time = Phase.DAY;
        Path model = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String v = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (a) {
                case "--world" -> worldFile = Path.of(need(v, a));
                case "--at" -> at = need(v, a);
                case "--time" -> time = phase(need(v, a));
                case "--model" -> model = Path.of(need(v, a));
                default -> throw new IllegalArgumentException("Unknown option '" + a + "' for describe");
            }
            i++;
        }
        if (worldFile == null || at == null) {
            throw new IllegalArgumentException("describe needs --world FILE and --at PLACE (or --at all)");
        }
        World world;
        try {
            world = new WorldParser().parse(worldFile.toString(), Files.readString(worldFile));
        } catch (WorldFileException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("Cannot read " + worldFile + ": " + e.getMessage());
            return 1;
        }
        Path decoder = model != null ? model : DecoderFiles.bundled();
        DecoderModel decoderModel = DecoderModel.inFolder(16, () -> decoder, DevicePreference.AUTO);
        try (InferenceQueue queue = new InferenceQueue(QueueConfig.DEFAULT, List.of(), List.of(decoderModel), r -> { }, true)) {
            DialogueService service = new DialogueService(queue, decoderModel);
            service.ready().get(10, java.util.concurrent.TimeUnit.MINUTES); // submitted before the flush below
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
            List<CompletableFuture<String>> texts = new ArrayList<>();
            for (SceneView v : views) {
                texts.add(service.describe(v.prompt(), "describe"));
            }
            queue.flush();
            int inventing = 0;
            int absentNames = 0;
            int stillInventing = 0;
            for (int i = 0; i < views.size(); i++) {
                SceneView v = views.get(i);
                String text = texts.get(i).get(5, TimeUnit.MINUTES);
                List<String> absent = v.absentNames(world, text);
                inventing += absent.isEmpty() ? 0 : 1;
                absentNames += absent.size();
                String kept = v.faithful(world, text);
                stillInventing += v.absentNames(world, kept).isEmpty() ? 0 : 1;
                out.println(v.place() + ", " + v.phase().id() + ":");
                v.things().forEach(t -> out.println("  sees " + t));
                out.println("  \"" + kept + "\"");
                if (!kept.equals(text)) {
                    out.println("  (the decoder wrote \"" + text + "\"; sentences naming what is not in view were dropped"
                            + (absent.isEmpty() ? "" : ": " + absent) + ")");
                }
            }
            if (views.size() > 1) {
                out.printf(Locale.ROOT, "%d scenes: the decoder named something not in view in %d (%.0f%%), %d such names"
                        + " in all; after dropping those sentences, %d%n", views.size(), inventing,
                        100.0 * inventing / views.size(), absentNames, stillInventing);
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

    private static String need(String v, String option) {
        if (v == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return v;
    }
}
