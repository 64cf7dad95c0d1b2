package dev.animus.demo.bench;

import dev.animus.model.llama.Checkpoint;
import dev.animus.model.llama.ContinuousBatch;
import dev.animus.model.llama.GenerationConfig;
import dev.animus.model.llama.LlamaConfig;
import dev.animus.model.llama.LlamaModel;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.llama.Precision;
import dev.animus.model.llama.Segment;
import dev.animus.model.llama.SequenceDecoder;
import dev.animus.model.llama.SlotModel;
import dev.animus.model.llama.cpu.CpuLlama;
import dev.animus.model.runtime.DevicePreference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decoder throughput and latency with continuous batching, on a Llama-family checkpoint:
 * <ul>
 * <li>decode tokens/s with 1, 8 and 32 conversations at once;
 * <li>continuous vs static batching on 32 conversations of mixed reply lengths (8 at a time):
 *     static batching starts 8 together and keeps stepping all 8 until the longest ends;
 *     continuous batching lets a new conversation take a finished one's place at the next step;
 * <li>time to first token (the batched prefill and the first step) with 1 and 16 conversations joining at once;
 * <li>each for every runtime: DJL's PyTorch engine and the Java decoder on one and two threads
 *     (and, where the JVM has the Vector API, on two threads without it).
 * </ul>
 * Each scenario runs several times, alternating variants; medians with min and max.
 */
public final class DecoderBenchmark {
    // spotless:off
    private static final List<String> PROMPTS = List.of("Once upon a time", "Tom had a big red ball.",
            "The cat sat on the mat and", "Lily and Ben went to the park. They saw a", "One day, a little bird",
            "Mom said, \"Time for bed!\" But Sam was not tired. He wanted to", "There was a small boat on the lake.",
            "Sue found a shiny key under the tree.");
    // spotless:on

    private DecoderBenchmark() {}

    /**
     * @param model the checkpoint folder
     * @param runs runs per variant (&ge;1)
     * @param out where CSV and the table go
     */
    public static void run(Path model, int runs, Path out) {
        run(model, runs, out, null);
    }

    /**
     * @param peer llama.cpp's figures on the same weights (from {@code llama-batched-bench}), drawn
     *     and divided by beside the runtimes' own; or null
     */
    public static void run(Path model, int runs, Path out, PeerTable peer) {
        Checkpoint checkpoint = Checkpoint.read(model);
        try (LlamaModel djl = LlamaModel.load(checkpoint, DevicePreference.AUTO, Precision.AUTO);
                CpuLlama java1 = CpuLlama.load(checkpoint, 1, engineCopy(checkpoint));
                CpuLlama java2 = CpuLlama.load(checkpoint, 2, engineCopy(checkpoint));
                // what a JVM started without the Vector API's module runs (null where this one is)
                CpuLlama plain2 = CpuLlama.vectorApiAvailable()
                        ? CpuLlama.load(checkpoint, 2, engineCopy(checkpoint), false)
                        : null;
                LlamaTokenizer tokenizer = LlamaTokenizer.load(model)) {
            LlamaConfig config = checkpoint.config();
            String api = CpuLlama.vectorApiAvailable() ? " (Vector API)" : "";
            List<Runner> runners = new ArrayList<>(List.of(
                    new Runner("PyTorch (DJL) " + djl.runtime(), djl, tokenizer),
                    new Runner("Java, 1 thread" + api, java1, tokenizer),
                    new Runner("Java, 2 threads" + api, java2, tokenizer)));
            if (plain2 != null) {
                runners.add(new Runner("Java, 2 threads, no Vector API", plain2, tokenizer));
            }
            for (Runner r : runners) { // warm-up
                r.throughput(1, 48, List.of(r.prompt(0)));
                r.throughput(8, 48, List.of(r.prompt(0), r.prompt(1)));
            }
            MachineLimits limits = MachineLimits.measure();
            long parameters = config.parameters();
            StringBuilder csv = new StringBuilder("scenario,variant,run,value\n");
            StringBuilder table = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%nDecoder: %s (%d layers, width %d), %d cores, %d runs each, runtimes alternated%n",
                    model.getFileName(),
                    config.layers(),
                    config.hiddenSize(),
                    Runtime.getRuntime().availableProcessors(),
                    runs));

            List<long[]> shortPrompts = PROMPTS.stream().map(tokenizer::encode).toList();
            List<long[]> gamePrompts = GamePrompts.of(null).stream()
                    .map(d -> tokenizer.encode(d.render()))
                    .toList();
            double[][][] tps = throughput(runners, shortPrompts, runs, "throughput ", csv);
            double[][][] gameTps = throughput(runners, gamePrompts, runs, "game prompts ", csv);
            Map.Entry<Integer, Map<Integer, Double>> shortPeer = peer == null
                    ? null
                    : peer.nearest(shortPrompts.stream()
                            .mapToInt(p -> p.length)
                            .average()
                            .orElse(0));
            table.append(throughputTable("decode tokens/s, median", runners, tps, shortPeer));
            IntSummaryStatistics gameLengths =
                    gamePrompts.stream().mapToInt(p -> p.length).summaryStatistics();
            table.append(String.format(
                    Locale.ROOT,
                    "%nThe game's dialogue prompts: %d of Lanternfall's NPCs as the game renders them, %d-%d tokens"
                            + " (mean %.0f)%n",
                    gamePrompts.size(),
                    gameLengths.getMin(),
                    gameLengths.getMax(),
                    gameLengths.getAverage()));
            Map.Entry<Integer, Map<Integer, Double>> gamePeer =
                    peer == null ? null : peer.nearest(gameLengths.getAverage());
            table.append(throughputTable("decode tokens/s, median", runners, gameTps, gamePeer));
            table.append(String.format(Locale.ROOT, "%-30s", "first token of one, p50/p95 ms"));
            for (int k = 0; k < runners.size(); k++) {
                double[] first = runners.get(k).firstTokens(gamePrompts, runs);
                String cell =
                        String.format(Locale.ROOT, "%.1f / %.1f", percentile(first, 0.5), percentile(first, 0.95));
                table.append(' ').append(pad(cell, width(runners.get(k))));
            }
            table.append('\n');
            int best = 0; // the runtime with the most tokens/s at 32: what the rest measures
            for (int k = 1; k < runners.size(); k++) {
                if (median(tps[k][3]) > median(tps[best][3])) {
                    best = k;
                }
            }
            Runner r = runners.get(best);
            double[][] bestTps = tps[best];
            table.append(String.format(Locale.ROOT, "%nBelow: %s (the most tokens/s at 32)%n", r.name));

            double[] continuous = new double[runs];
            double[] stat = new double[runs];
            for (int run = 0; run < runs; run++) {
                int[] lengths = mixedLengths(32, run);
                stat[run] = r.staticBatching(lengths, 8);
                continuous[run] = r.continuousBatching(lengths, 8);
                csv.append("mixed,static,")
                        .append(run)
                        .append(',')
                        .append(fmt(stat[run]))
                        .append('\n');
                csv.append("mixed,continuous,")
                        .append(run)
                        .append(',')
                        .append(fmt(continuous[run]))
                        .append('\n');
            }
            table.append(String.format(
                    Locale.ROOT,
                    "%n%-44s %10s %10s %10s%n",
                    "32 mixed-length replies, 8 at a time (tok/s)",
                    "median",
                    "min",
                    "max"));
            table.append(row("static batching", stat));
            table.append(row("continuous batching", continuous));

            table.append(String.format(
                    Locale.ROOT,
                    "%n%-44s %10s %10s %10s %10s%n",
                    "latency of a 48-token reply (ms)",
                    "p50",
                    "p95",
                    "p99",
                    "max"));
            double[][] one = null;
            double[][] sixteen = null;
            for (Runner each : runners) {
                double[][] o = each.replyLatency(1, runs * 4, 48);
                double[][] s16 = each.replyLatency(16, runs, 48);
                table.append(each.name).append('\n');
                table.append(percentiles("  first token, 1 conversation", o[0]));
                table.append(percentiles("  first token, 16 joining at once", s16[0]));
                table.append(percentiles("  whole reply, 1 conversation", o[1]));
                table.append(percentiles("  whole reply, 16 at once", s16[1]));
                if (each == r) {
                    one = o;
                    sixteen = s16;
                }
            }
            table.append(String.format(
                    Locale.ROOT,
                    "targets at 16 (%s): first token <= 300 ms p95 (%.0f), whole reply <= 1000 ms p95 (%.0f)%n",
                    r.name,
                    percentile(sixteen[0], 0.95),
                    percentile(sixteen[1], 0.95)));

            table.append(String.format(
                    Locale.ROOT,
                    "%nThis machine: %s. The model: %,d parameters (%.1f MB of fp32" + " weights).%n",
                    limits,
                    parameters,
                    parameters * 4 / 1e6));
            int[] roofAt = {0, 1, 3};
            List<Double> roofline = new ArrayList<>();
            for (int c : roofAt) {
                double limit = limits.rooflineTokensPerSecond(parameters, CONCURRENCY[c]);
                roofline.add(limit);
                table.append(share(CONCURRENCY[c], median(bestTps[c]), "a roofline of ", limit));
            }
            table.append(String.format(
                    Locale.ROOT,
                    "%nThe arithmetic limit at the model's own sizes: a step timed as its projections alone"
                            + " (%d layers x 7 matmuls and the head, each one PyTorch op, best of 280)%n",
                    config.layers()));
            for (int c : roofAt) {
                double limit = MachineLimits.projectionsTokensPerSecond(config, CONCURRENCY[c]);
                table.append(share(CONCURRENCY[c], median(bestTps[c]), "", limit));
            }

            table.append(String.format(
                    Locale.ROOT,
                    "%n32 conversations / 1: %.1fx the tokens/s (target >= 8x)%n",
                    median(bestTps[3]) / median(bestTps[0])));
            table.append(String.format(
                    Locale.ROOT,
                    "continuous / static on mixed lengths: %.2fx (target >= 1.5x)%n",
                    median(continuous) / median(stat)));
            System.out.print(table);
            Files.createDirectories(out);
            Files.writeString(out.resolve("decoder.csv"), csv);
            Files.writeString(out.resolve("decoder.txt"), table);
            plot(
                    out.resolve("decoder-throughput.png"),
                    "Decoder tokens/s, 5-15-token prompts (medians)",
                    runners,
                    tps,
                    shortPeer);
            plot(
                    out.resolve("decoder-game-throughput.png"),
                    "Decoder tokens/s, the game's dialogue prompts (medians)",
                    runners,
                    gameTps,
                    gamePeer);
            Plots.bars(
                    out.resolve("decoder-latency.png"),
                    "Latency of a 48-token reply (p50 and p95), " + r.name,
                    "ms",
                    List.of("first token, 1", "first token, 16", "whole reply, 1", "whole reply, 16"),
                    new LinkedHashMap<>(Map.of(
                            "p50",
                                    List.of(
                                            percentile(one[0], 0.5),
                                            percentile(sixteen[0], 0.5),
                                            percentile(one[1], 0.5),
                                            percentile(sixteen[1], 0.5)),
                            "p95",
                                    List.of(
                                            percentile(one[0], 0.95),
                                            percentile(sixteen[0], 0.95),
                                            percentile(one[1], 0.95),
                                            percentile(sixteen[1], 0.95)))));
            System.out.println("CSV, table and charts written to " + out.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final int[] CONCURRENCY = {1, 8, 16, 32};

    /** Tokens/s of each runner at each concurrency, runs times, runners alternated: [runner][width][run]. */
    private static double[][][] throughput(
            List<Runner> runners, List<long[]> prompts, int runs, String label, StringBuilder csv) {
        double[][][] tps = new double[runners.size()][CONCURRENCY.length][runs];
        for (int run = 0; run < runs; run++) {
            for (int c = 0; c < CONCURRENCY.length; c++) {
                for (int k = 0; k < runners.size(); k++) {
                    tps[k][c][run] = runners.get(k).throughput(CONCURRENCY[c], 48, prompts);
                    csv.append(label)
                            .append(runners.get(k).name)
                            .append(',')
                            .append(CONCURRENCY[c])
                            .append(',')
                            .append(run)
                            .append(',')
                            .append(fmt(tps[k][c][run]))
                            .append('\n');
                }
            }
        }
        return tps;
    }

    /** One row per concurrency, a column per runner: the median and, in brackets, the lowest and highest. */
    private static String throughputTable(
            String title, List<Runner> runners, double[][][] tps, Map.Entry<Integer, Map<Integer, Double>> peer) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-30s", title));
        for (Runner r : runners) {
            table.append(' ').append(pad(r.name, width(r)));
        }
        String peerName = peer == null ? null : peerName(peer.getKey());
        if (peer != null) {
            table.append(' ').append(pad(peerName, peerName.length())).append("  fastest / llama.cpp");
        }
        table.append('\n');
        for (int c = 0; c < CONCURRENCY.length; c++) {
            table.append(String.format(Locale.ROOT, "%-30s", CONCURRENCY[c] + " conversation(s) at once"));
            for (int k = 0; k < runners.size(); k++) {
                double[] sorted = tps[k][c].clone();
                Arrays.sort(sorted);
                String cell = String.format(
                        Locale.ROOT, "%8.0f (%5.0f-%5.0f)", median(tps[k][c]), sorted[0], sorted[sorted.length - 1]);
                table.append(' ').append(pad(cell, width(runners.get(k))));
            }
            Double theirs = peer == null ? null : peer.getValue().get(CONCURRENCY[c]);
            if (theirs != null) {
                double fastest = 0;
                for (double[][] runner : tps) {
                    fastest = Math.max(fastest, median(runner[c]));
                }
                table.append(' ')
                        .append(pad(String.format(Locale.ROOT, "%.0f", theirs), peerName.length()))
                        .append(String.format(Locale.ROOT, "  %19.2fx", fastest / theirs));
            }
            table.append('\n');
        }
        return table.toString();
    }

    private static String peerName(int promptTokens) {
        return "llama.cpp (" + promptTokens + "-token prompts, --peer)";
    }

    /** Each runner's median tokens/s by conversations at once, and the peer's where given. */
    private static void plot(
            Path file,
            String title,
            List<Runner> runners,
            double[][][] tps,
            Map.Entry<Integer, Map<Integer, Double>> peer)
            throws IOException {
        Map<String, List<? extends Number>> lines = new LinkedHashMap<>();
        for (int k = 0; k < runners.size(); k++) {
            List<Double> medians = new ArrayList<>();
            for (int c = 0; c < CONCURRENCY.length; c++) {
                medians.add(median(tps[k][c]));
            }
            lines.put(runners.get(k).name, medians);
        }
        if (peer != null
                && Arrays.stream(CONCURRENCY).allMatch(c -> peer.getValue().containsKey(c))) {
            lines.put(
                    peerName(peer.getKey()),
                    Arrays.stream(CONCURRENCY)
                            .mapToObj(c -> peer.getValue().get(c))
                            .toList());
        }
        Plots.lines(
                file,
                title,
                "conversations",
                "tokens/s (log)",
                Arrays.stream(CONCURRENCY).boxed().toList(),
                lines,
                true);
    }

    /** A runner's column: as wide as its name, at least a cell's width. */
    private static int width(Runner r) {
        return Math.max(22, r.name.length());
    }

    /** DJL's fp32 copy the Java decoder prefills long prompts on, as the game loads it. */
    private static LlamaModel engineCopy(Checkpoint checkpoint) {
        return LlamaModel.load(checkpoint, DevicePreference.CPU, Precision.FP32);
    }

    /** Reply lengths between 8 and 64 tokens, the same for both variants of a run. */
    private static int[] mixedLengths(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = random.nextInt(8, 65);
        }
        return lengths;
    }

    private static final class Runner {
        private final String name;
        private final SlotModel model;
        private final LlamaTokenizer tokenizer;

        Runner(String name, SlotModel model, LlamaTokenizer tokenizer) {
            this.name = name;
            this.model = model;
            this.tokenizer = tokenizer;
        }

        private SequenceDecoder decoder(int tokens) {
            return new SequenceDecoder(
                    GenerationConfig.GREEDY.withMaxNewTokens(tokens), List.of(new Segment.Free()), tokenizer, null);
        }

        private long[] prompt(int i) {
            return tokenizer.encode(PROMPTS.get(i % PROMPTS.size()));
        }

        /** Tokens per second with n conversations decoding together, each producing {@code tokens}. */
        double throughput(int n, int tokens, List<long[]> prompts) {
            try (ContinuousBatch<Integer> batch = new ContinuousBatch<>(model, n)) {
                for (int i = 0; i < n; i++) {
                    batch.join(i, prompts.get(i % prompts.size()), decoder(tokens));
                }
                long start = System.nanoTime();
                long produced = n; // the first token of each came with its prefill
                while (batch.size() > 0) {
                    int before = batch.size();
                    batch.step();
                    produced += before;
                }
                return produced / ((System.nanoTime() - start) / 1e9);
            }
        }

        /** Milliseconds from a prompt's arrival to its first token (its prefill), one conversation alone. */
        double[] firstTokens(List<long[]> prompts, int runs) {
            double[] ms = new double[prompts.size() * runs];
            for (int i = 0; i < ms.length; i++) {
                try (ContinuousBatch<Integer> batch = new ContinuousBatch<>(model, 1)) {
                    long start = System.nanoTime();
                    batch.join(i, prompts.get(i % prompts.size()), decoder(1));
                    ms[i] = (System.nanoTime() - start) / 1e6;
                }
            }
            return ms;
        }

        /** Static batching: groups of {@code width} start together and step until the longest is done. */
        double staticBatching(int[] lengths, int width) {
            long useful = 0;
            long start = System.nanoTime();
            for (int g = 0; g < lengths.length; g += width) {
                int end = Math.min(lengths.length, g + width);
                int longest = Arrays.stream(lengths, g, end).max().orElseThrow();
                try (ContinuousBatch<Integer> batch = new ContinuousBatch<>(model, width)) {
                    for (int i = g; i < end; i++) {
                        batch.join(i, prompt(i), decoder(longest)); // padded to the longest: the static cost
                        useful += lengths[i];
                    }
                    while (batch.size() > 0) {
                        batch.step();
                    }
                }
            }
            return useful / ((System.nanoTime() - start) / 1e9);
        }

        /** Continuous batching: up to {@code width} at once, a new one joins whenever one ends. */
        double continuousBatching(int[] lengths, int width) {
            long useful = Arrays.stream(lengths).sum();
            long start = System.nanoTime();
            try (ContinuousBatch<Integer> batch = new ContinuousBatch<>(model, width)) {
                int next = 0;
                while (next < lengths.length || batch.size() > 0) {
                    while (next < lengths.length && batch.hasRoom()) {
                        batch.join(next, prompt(next), decoder(lengths[next]));
                        next++;
                    }
                    batch.step();
                }
            }
            return useful / ((System.nanoTime() - start) / 1e9);
        }

        /**
         * For n conversations asked at the same moment: milliseconds until each has its first
         * token (its prefill, queued behind those before it) and its whole reply.
         *
         * @return {first-token times, whole-reply times}
         */
        double[][] replyLatency(int n, int rounds, int tokens) {
            List<Double> first = new ArrayList<>();
            List<Double> whole = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                try (ContinuousBatch<Integer> batch = new ContinuousBatch<>(model, n)) {
                    long start = System.nanoTime();
                    for (int i = 0; i < n; i++) { // as the game asks: prefilled together in the next step
                        batch.enqueue(i, prompt(i + r), decoder(tokens));
                    }
                    int before0 = batch.size();
                    batch.step(); // the prefill chose each one's first token; this step the second
                    double firstAt = (System.nanoTime() - start) / 1e6;
                    for (int i = 0; i < n; i++) {
                        first.add(firstAt);
                    }
                    for (int ended = before0 - batch.size(); ended > 0; ended--) {
                        whole.add(firstAt);
                    }
                    while (batch.size() > 0) {
                        int before = batch.size();
                        batch.step();
                        for (int ended = before - batch.size(); ended > 0; ended--) {
                            whole.add((System.nanoTime() - start) / 1e6);
                        }
                    }
                }
            }
            return new double[][] {
                first.stream().mapToDouble(Double::doubleValue).toArray(),
                whole.stream().mapToDouble(Double::doubleValue).toArray()
            };
        }
    }

    private static String row(String name, double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%-44s %10.0f %10.0f %10.0f%n", name, median(values), s[0], s[s.length - 1]);
    }

    private static String percentiles(String name, double[] values) {
        return String.format(
                Locale.ROOT,
                "%-44s %10.1f %10.1f %10.1f %10.1f%n",
                name,
                percentile(values, 0.5),
                percentile(values, 0.95),
                percentile(values, 0.99),
                percentile(values, 1));
    }

    /** The nearest-rank percentile, {@code q} in (0, 1]. */
    static double percentile(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[Math.max(0, (int) Math.ceil(q * s.length) - 1)];
    }

    /** One table line: tokens/s measured at a count of conversations, against a limit, and the share. */
    private static String share(int conversations, double measured, String limitName, double limit) {
        return String.format(
                Locale.ROOT,
                "%2d conversation(s): %6.0f tokens/s of %s%7.0f = %.1f%%%n",
                conversations,
                measured,
                limitName,
                limit,
                100 * measured / limit);
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** text right-aligned in a column of the width. */
    private static String pad(String text, int width) {
        return " ".repeat(Math.max(0, width - text.length())) + text;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
