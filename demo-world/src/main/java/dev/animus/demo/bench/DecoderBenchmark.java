package dev.animus.demo.bench;

import dev.animus.model.llama.ContinuousBatch;
import dev.animus.model.llama.GenerationConfig;
import dev.animus.model.llama.LlamaModel;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.llama.Segment;
import dev.animus.model.llama.SequenceDecoder;
import dev.animus.model.runtime.DevicePreference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <li>time to first token (prefill plus the first choice) with 1 and 16 conversations joining at once.
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
        try (LlamaModel llama = LlamaModel.load(model, DevicePreference.AUTO);
                LlamaTokenizer tokenizer = LlamaTokenizer.load(model)) {
            DecoderBenchmark.Runner r = new Runner(llama, tokenizer);
            r.throughput(1, 48); // warm-up
            r.throughput(8, 48);
            MachineLimits limits = MachineLimits.measure();
            long parameters = llama.config().parameters();
            StringBuilder csv = new StringBuilder("scenario,variant,run,value\n");
            StringBuilder table = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%nDecoder: %s (%d layers, width %d), %d cores, %d runs each%n",
                    model.getFileName(),
                    llama.config().layers(),
                    llama.config().hiddenSize(),
                    Runtime.getRuntime().availableProcessors(),
                    runs));

            double[][] tps = new double[3][runs];
            int[] concurrency = {1, 8, 32};
            for (int run = 0; run < runs; run++) {
                for (int c = 0; c < 3; c++) {
                    tps[c][run] = r.throughput(concurrency[c], 48);
                    csv.append("throughput,")
                            .append(concurrency[c])
                            .append(',')
                            .append(run)
                            .append(',')
                            .append(fmt(tps[c][run]))
                            .append('\n');
                }
            }
            table.append(
                    String.format(Locale.ROOT, "%-44s %10s %10s %10s%n", "decode tokens/s", "median", "min", "max"));
            for (int c = 0; c < 3; c++) {
                table.append(row(concurrency[c] + " conversation(s) at once", tps[c]));
            }

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

            double[][] one = r.replyLatency(1, runs * 4, 48);
            double[][] sixteen = r.replyLatency(16, runs, 48);
            table.append(String.format(
                    Locale.ROOT,
                    "%n%-44s %10s %10s %10s %10s%n",
                    "latency of a 48-token reply (ms)",
                    "p50",
                    "p95",
                    "p99",
                    "max"));
            table.append(percentiles("first token, 1 conversation", one[0]));
            table.append(percentiles("first token, 16 joining at once", sixteen[0]));
            table.append(percentiles("whole reply, 1 conversation", one[1]));
            table.append(percentiles("whole reply, 16 at once", sixteen[1]));
            table.append(String.format(
                    Locale.ROOT,
                    "targets at 16: first token <= 300 ms p95 (%.0f), whole reply <= 1000 ms" + " p95 (%.0f)%n",
                    percentile(sixteen[0], 0.95),
                    percentile(sixteen[1], 0.95)));

            table.append(String.format(
                    Locale.ROOT,
                    "%nThis machine: %s. The model: %,d parameters (%.1f MB of fp32" + " weights).%n",
                    limits,
                    parameters,
                    parameters * 4 / 1e6));
            List<Double> roofline = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                double best = limits.rooflineTokensPerSecond(parameters, concurrency[c]);
                roofline.add(best);
                table.append(share(concurrency[c], median(tps[c]), "a roofline of ", best));
            }
            table.append(String.format(
                    Locale.ROOT,
                    "%nThe arithmetic limit at the model's own sizes: a step timed as its projections alone"
                            + " (%d layers x 7 matmuls and the head, each one PyTorch op, best of 280)%n",
                    llama.config().layers()));
            for (int c = 0; c < 3; c++) {
                double best = MachineLimits.projectionsTokensPerSecond(llama.config(), concurrency[c]);
                table.append(share(concurrency[c], median(tps[c]), "", best));
            }

            table.append(String.format(
                    Locale.ROOT,
                    "%n32 conversations / 1: %.1fx the tokens/s (target >= 8x)%n",
                    median(tps[2]) / median(tps[0])));
            table.append(String.format(
                    Locale.ROOT,
                    "continuous / static on mixed lengths: %.2fx (target >= 1.5x)%n",
                    median(continuous) / median(stat)));
            System.out.print(table);
            Files.createDirectories(out);
            Files.writeString(out.resolve("decoder.csv"), csv);
            Files.writeString(out.resolve("decoder.txt"), table);
            List<Integer> xs = List.of(1, 8, 32);
            Plots.lines(
                    out.resolve("decoder-throughput.png"),
                    "Decoder tokens/s by conversations at once",
                    "conversations",
                    "tokens/s (log)",
                    xs,
                    Map.of(
                            "measured (median)",
                            List.of(median(tps[0]), median(tps[1]), median(tps[2])),
                            "roofline of this machine",
                            roofline),
                    true);
            Plots.bars(
                    out.resolve("decoder-latency.png"),
                    "Latency of a 48-token reply (p50 and p95)",
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
        private final LlamaModel model;
        private final LlamaTokenizer tokenizer;

        Runner(LlamaModel model, LlamaTokenizer tokenizer) {
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
        double throughput(int n, int tokens) {
            try (ContinuousBatch<Integer> batch = new ContinuousBatch<>(model, n)) {
                for (int i = 0; i < n; i++) {
                    batch.join(i, prompt(i), decoder(tokens));
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
                    for (int i = 0; i < n; i++) {
                        batch.join(i, prompt(i + r), decoder(tokens));
                        first.add((System.nanoTime() - start) / 1e6);
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

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
