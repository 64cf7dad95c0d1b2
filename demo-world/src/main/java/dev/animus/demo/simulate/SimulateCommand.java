package dev.animus.demo.simulate;

import dev.animus.demo.CommandLines;
import dev.animus.demo.bench.Plots;
import dev.animus.dialogue.DialogueService;
import dev.animus.gossip.Gossip;
import dev.animus.gossip.Retelling;
import dev.animus.memory.Memory;
import dev.animus.runtime.HeadlessWorld;
import dev.animus.runtime.WorldEvents;
import dev.animus.runtime.WorldRuntime;
import dev.animus.world.NpcDefinition;
import dev.animus.world.Phase;
import dev.animus.world.World;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * {@code simulate --world FILE --days N --tell NPC "WHAT"}: runs a world headless, faster than
 * real time, with one NPC remembering what happened, and prints who learned it, from whom and
 * when, whether each retelling kept the witness's words, and how far it spread (Generative
 * Agents measured 52% of agents knowing of a party after two game days). With {@code --runs}
 * the meetings' chances are drawn from several seeds; {@code --chart} draws the spread;
 * {@code --ask} then asks every NPC something ("Any news?") through the game's runtime.
 */
public final class SimulateCommand {
    private SimulateCommand() {}

    /** One NPC learning it. */
    record Learned(String npc, String from, double time, int hops, boolean faithful) {}

    /** @return the exit code: 0, 1 for a broken world file or a model that failed */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = CommandLines.parse(new Options(), args, out);
        if (o == null) {
            return 0;
        }
        if (o.days < 1 || o.days > 365 || o.runs < 1 || o.runs > 100 || !(o.importance >= 0 && o.importance <= 1)) {
            throw new IllegalArgumentException(
                    "simulate needs --days 1 to 365, --runs 1 to 100 and --importance 0 to 1;" + " got " + o.days + ", "
                            + o.runs + ", " + o.importance);
        }
        World world = CommandLines.readWorld(o.world, err);
        if (world == null) {
            return 1;
        }
        NpcDefinition witness = world.npcsById().get(o.tell.get(0));
        if (witness == null) {
            err.println("Unknown NPC '" + o.tell.get(0) + "' in --tell; NPCs of " + o.world + ": "
                    + world.npcsById().keySet());
            return 2;
        }
        String what = o.tell.get(1);
        String original = Retelling.thirdPerson(what, Retelling.shortName(witness.name()));
        double day = world.dayLengthSeconds();
        int others = world.npcs().size() - 1;
        try (HeadlessWorld running = HeadlessWorld.of(world, Optional.empty(), DialogueService.Style.GROUNDED)) {
            WorldRuntime runtime = running.runtime();
            double start = runtime.clock().seconds();
            List<List<Learned>> runs = new ArrayList<>();
            for (int r = 0; r < o.runs; r++) {
                runtime.forget();
                runtime.clock().setSeconds(start);
                runtime.seedGossip(o.seed + r);
                runs.add(spread(running, witness, what, original, o, day));
            }
            List<Learned> first = runs.get(0);
            out.printf(
                    Locale.ROOT,
                    "%s, %d day(s) from %s; %s remembers \"%s\" (importance %.2f)%n",
                    world.name(),
                    o.days,
                    when(start, day),
                    witness.name(),
                    what,
                    o.importance);
            out.println("Run 1 (seed " + o.seed + "): who learned it, from whom, when");
            for (Learned l : first) {
                out.printf(
                        Locale.ROOT,
                        "  %-8s heard it from %-8s %-16s %d telling(s) from the witness, %s%n",
                        l.npc(),
                        l.from(),
                        when(l.time(), day),
                        l.hops(),
                        l.faithful() ? "the witness's words" : "REWORDED");
            }
            int faithful = 0;
            int learned = 0;
            double byDayOne = 0;
            for (List<Learned> run : runs) {
                learned += run.size();
                faithful += (int) run.stream().filter(Learned::faithful).count();
                byDayOne += run.stream().filter(l -> l.time() - start <= day).count();
            }
            out.printf(
                    Locale.ROOT,
                    "Over %d run(s): of the %d other NPCs, %.0f%% knew after one day and %.0f%% after %d day(s);"
                            + " %d of %d retellings kept the witness's words.%n",
                    o.runs,
                    others,
                    100 * byDayOne / o.runs / Math.max(1, others),
                    100.0 * learned / o.runs / Math.max(1, others),
                    o.days,
                    faithful,
                    learned);
            if (o.chart != null) {
                chart(o.chart, runs, start, day, o.days, others, world.name());
                out.println("Chart: " + o.chart);
            }
            if (o.ask != null) {
                for (NpcDefinition npc : world.npcs()) {
                    HeadlessWorld.Answer a = running.ask(npc.id(), o.ask, Duration.ofMinutes(2));
                    out.println("  " + npc.id() + ", asked \"" + o.ask + "\": " + a.text());
                }
            }
            return 0;
        }
    }

    /** One run: the witness remembers, the world runs, and every first hearing is noted. */
    private static List<Learned> spread(
            HeadlessWorld running, NpcDefinition witness, String what, String original, Options o, double day)
            throws Exception {
        WorldRuntime runtime = running.runtime();
        Map<String, Learned> learned = new LinkedHashMap<>();
        WorldEvents listener = new WorldEvents() {
            @Override
            public void gossiped(Gossip.Telling t) {
                var heard = t.heard().hearsay();
                if (heard.witnessId().equals(witness.id()) && !t.to().equals(witness.id())) {
                    learned.putIfAbsent(
                            t.to(),
                            new Learned(
                                    t.to(),
                                    t.from(),
                                    runtime.clock().seconds(),
                                    heard.hops(),
                                    heard.content().equals(original)));
                }
            }
        };
        runtime.remember(witness.id(), what, o.importance);
        running.runUntil(
                () -> runtime.memories(witness.id()).stream().map(Memory::text).anyMatch(what::equals),
                Duration.ofMinutes(2),
                "remembering what " + witness.id() + " was told");
        runtime.addListener(listener);
        try {
            running.advance(o.days * day, 1);
        } finally {
            runtime.removeListener(listener);
        }
        return List.copyOf(learned.values());
    }

    /** "day 1, 13:00 (dusk)": the world's day, its hour (a day is 24 of them) and the part of the day. */
    private static String when(double seconds, double day) {
        long d = (long) Math.floor(seconds / day);
        double inDay = seconds - d * day;
        return String.format(
                Locale.ROOT,
                "day %d, %02d:%02d (%s)",
                d,
                (int) (inDay / day * 24),
                (int) (inDay / day * 1440) % 60,
                Phase.values()[Math.min(3, (int) (inDay / (day / 4)))].id());
    }

    /** The share of NPCs who know, hour by hour: the mean over the runs, and the fewest and most. */
    private static void chart(
            Path file, List<List<Learned>> runs, double start, double day, int days, int others, String world) {
        List<Double> hours = new ArrayList<>();
        for (int h = 0; h <= 24 * days; h++) {
            hours.add(h / 24.0);
        }
        List<Double> mean = new ArrayList<>();
        List<Double> fewest = new ArrayList<>();
        List<Double> most = new ArrayList<>();
        for (double d : hours) {
            double sum = 0;
            double low = Double.MAX_VALUE;
            double high = 0;
            for (List<Learned> run : runs) {
                double share = 100.0
                        * run.stream().filter(l -> l.time() - start <= d * day).count()
                        / Math.max(1, others);
                sum += share;
                low = Math.min(low, share);
                high = Math.max(high, share);
            }
            mean.add(sum / runs.size());
            fewest.add(low);
            most.add(high);
        }
        Map<String, List<? extends Number>> series = new LinkedHashMap<>();
        series.put("mean of " + runs.size() + " run(s)", mean);
        series.put("the run it reached fewest", fewest);
        series.put("the run it reached most", most);
        Plots.lines(
                file,
                "How news spreads in " + world,
                "game days",
                "% of the other NPCs who know",
                hours,
                series,
                false);
    }

    /** The options of {@code simulate}. */
    @CommandLine.Command(
            name = "simulate",
            sortOptions = false,
            description = "Runs a world headless faster than real time, one NPC remembering what happened, and"
                    + " prints who learned it from whom and when, and how far it spread.")
    public static final class Options {
        @CommandLine.Mixin
        CommandLines.Help help;

        @CommandLine.Option(names = "--world", required = true, paramLabel = "FILE", description = "the world file")
        Path world;

        @CommandLine.Option(
                names = "--days",
                paramLabel = "N",
                defaultValue = "2",
                description = "game days to run (default: ${DEFAULT-VALUE})")
        int days;

        @CommandLine.Option(
                names = "--tell",
                required = true,
                arity = "2",
                paramLabel = "NPC WHAT",
                description = "an NPC and what it remembers, in its own words (\"The stranger drew a sword at me.\")")
        List<String> tell;

        @CommandLine.Option(
                names = "--importance",
                paramLabel = "X",
                defaultValue = "0.9",
                description = "how much it matters to the NPC, 0 to 1 (default: ${DEFAULT-VALUE})")
        float importance;

        @CommandLine.Option(
                names = "--runs",
                paramLabel = "R",
                defaultValue = "1",
                description = "runs, each with its own seed for who stops to talk (default: ${DEFAULT-VALUE})")
        int runs;

        @CommandLine.Option(
                names = "--seed",
                paramLabel = "S",
                defaultValue = "1",
                description = "the first run's seed (default: ${DEFAULT-VALUE})")
        long seed;

        @CommandLine.Option(names = "--chart", paramLabel = "FILE.png", description = "draw the spread into a PNG")
        Path chart;

        @CommandLine.Option(
                names = "--ask",
                paramLabel = "WORDS",
                description = "afterwards, ask every NPC this (\"Any news?\") and print the answers")
        String ask;
    }
}
