package dev.animus.demo.bench;

import dev.animus.dialogue.DialogueService;
import dev.animus.gossip.Gossip;
import dev.animus.runtime.HeadlessWorld;
import dev.animus.runtime.WorldEvents;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What gossip adds to the frame: a generated world of 200 NPCs in 10 places (20 to a place, so
 * every NPC meets 19 others), each remembering three things worth telling, run headless at 60
 * frames a game second for two game days, the runtime's whole update timed per frame, with
 * everyone's sociability 0.5 (gossip on) and 0 (off). The runtime's update is what a game's
 * render thread runs for the world each frame.
 */
final class GossipBenchmark {
    static final int NPCS = 200;
    static final int PLACES = 10;

    private GossipBenchmark() {}

    /** One setting's figures. */
    record Result(String setting, double p50Ms, double p99Ms, double maxMs, long tellings, long frames) {}

    static List<Result> run(Path out) throws Exception {
        List<Result> results = new ArrayList<>();
        for (float sociability : new float[] {0f, 0.5f}) {
            results.add(measure(sociability));
        }
        // The plugin in a game: the perception benchmark's scene, its walking crowd a world's NPCs.
        List<PerceptionBenchmark.GossipResult> scene = PerceptionBenchmark.withGossip(NPCS, 3);
        StringBuilder table = new StringBuilder(String.format(
                Locale.ROOT,
                "Gossip: %d world NPCs in %d places, runtime update per frame (1/60 game s), two game days%n"
                        + "%-12s %10s %10s %10s %10s %10s%n",
                NPCS,
                PLACES,
                "gossip",
                "p50 ms",
                "p99 ms",
                "max ms",
                "frames",
                "tellings"));
        for (Result r : results) {
            table.append(String.format(
                    Locale.ROOT,
                    "%-12s %10.3f %10.3f %10.3f %10d %10d%n",
                    r.setting(),
                    r.p50Ms(),
                    r.p99Ms(),
                    r.maxMs(),
                    r.frames(),
                    r.tellings()));
        }
        table.append(String.format(
                Locale.ROOT,
                "%nIn the perception scene: %d walking NPCs who are world NPCs, the plugin's render-thread time"
                        + " per frame, %.0f s each, alternated%n%-12s %10s %10s %10s %10s%n",
                NPCS,
                PerceptionBenchmark.MEASURE_SECONDS,
                "sociability",
                "p50 ms",
                "p99 ms",
                "max ms",
                "tellings"));
        for (PerceptionBenchmark.GossipResult r : scene) {
            table.append(String.format(
                    Locale.ROOT,
                    "%-12.1f %10.3f %10.3f %10.3f %10d%n",
                    r.sociability(),
                    r.cost().p50Ms(),
                    r.cost().p99Ms(),
                    r.cost().maxMs(),
                    r.tellings()));
        }
        System.out.print(table);
        Files.createDirectories(out);
        Files.writeString(out.resolve("gossip.txt"), table.toString());
        return results;
    }

    private static Result measure(float sociability) throws Exception {
        World world = new WorldParser().parse("gossip-bench.world", worldText(sociability));
        try (HeadlessWorld running = HeadlessWorld.of(world, Optional.empty(), DialogueService.Style.GROUNDED)) {
            running.runUntil(
                    () -> world.npcs().stream()
                            .allMatch(n -> running.runtime().memories(n.id()).stream()
                                            .filter(m -> !m.heard())
                                            .count()
                                    == 3),
                    Duration.ofMinutes(5),
                    "the NPCs' memories to be encoded");
            AtomicLong tellings = new AtomicLong();
            running.runtime().addListener(new WorldEvents() {
                @Override
                public void gossiped(Gossip.Telling t) {
                    tellings.incrementAndGet();
                }
            });
            double frames = 2 * world.dayLengthSeconds() * 60;
            long[] nanos = new long[(int) frames];
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                running.advance(1 / 60.0, 1 / 60.0);
                nanos[i] = System.nanoTime() - start;
            }
            long[] sorted = nanos.clone();
            java.util.Arrays.sort(sorted);
            return new Result(
                    sociability > 0 ? "on (0.5)" : "off (0)",
                    sorted[sorted.length / 2] / 1e6,
                    sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6,
                    sorted[sorted.length - 1] / 1e6,
                    tellings.get(),
                    nanos.length);
        }
    }

    /** 200 NPCs, 20 to a place all day, each with three memories worth telling. */
    static String worldText(float sociability) {
        return worldText(NPCS, "n", sociability, PLACES);
    }

    /**
     * A world of {@code npcs} NPCs ({@code idPrefix} and a number) spread over {@code places}
     * places, each remembering three things worth telling.
     */
    static String worldText(int npcs, String idPrefix, float sociability, int places) {
        StringBuilder w =
                new StringBuilder("animus: 1\nworld: {id: gossip_bench, name: Gossip bench, day_length: 600}\n");
        w.append("places:\n");
        for (int p = 0; p < places; p++) {
            w.append(String.format(Locale.ROOT, "  - {id: p%d, name: place %d, at: [%d, 0, 0]}%n", p, p, p * 50));
        }
        w.append("npcs:\n");
        for (int n = 0; n < npcs; n++) {
            w.append(String.format(
                    Locale.ROOT,
                    "  - id: %s%d%n    name: Villager %d%n    persona: a villager%n    home: p%d%n"
                            + "    sociability: %s%n    memories:%n",
                    idPrefix,
                    n,
                    n,
                    n % places,
                    sociability));
            for (int m = 0; m < 3; m++) {
                w.append(String.format(
                        Locale.ROOT,
                        "      - {text: \"I saw rider %d of %d cross the ford at dusk.\", importance: 0.8}%n",
                        m,
                        n));
            }
        }
        return w.toString();
    }
}
