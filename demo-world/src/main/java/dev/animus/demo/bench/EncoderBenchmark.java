package dev.animus.demo.bench;

import dev.animus.inference.EncoderBatchModel;
import dev.animus.inference.InferenceQueue;
import dev.animus.inference.InferenceRequest;
import dev.animus.inference.InferenceResult;
import dev.animus.inference.QueueConfig;
import dev.animus.inference.RequestKind;
import dev.animus.inference.Ticket;
import dev.animus.model.encoder.EncoderFiles;
import dev.animus.model.encoder.EncoderOptions;
import dev.animus.model.encoder.SentenceEncoder;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Encoder batching: 64 short percept sentences, as 64 NPCs would submit them in one frame.
 *
 * <ul>
 * <li>{@code raw-batch}: DJL's predictor called directly with all 64 (the ceiling).
 * <li>{@code queue-frame}: 64 requests submitted through the InferenceQueue in one frame.
 * <li>{@code queue-single}: the same 64 through the queue one at a time, each awaited.
 * <li>{@code raw-single}: DJL's predictor called 64 times with one sentence (reference).
 * </ul>
 * All variants share one loaded encoder, run alternately in one process after a warm-up,
 * and report the median, min and max time for the 64 sentences.
 */
public final class EncoderBenchmark {
    private static final int SENTENCES = 64;

    private EncoderBenchmark() {}

    /**
     * Runs the benchmark and prints its table.
     *
     * @param runs timed runs of each variant (15 by default)
     * @param threads encoder threads, 0 for all cores but one
     * @param out where the table, CSV and charts go
     */
    public static void run(int runs, int threads, Path out) {
        List<String> percepts = percepts();
        try (SentenceEncoder encoder =
                        SentenceEncoder.load(EncoderFiles.bundled(), EncoderOptions.DEFAULT.withThreads(threads));
                SentenceEncoder.Session raw = encoder.newSession();
                InferenceQueue queue = new InferenceQueue(
                        QueueConfig.DEFAULT.withMaxBatchSize(SENTENCES),
                        List.of(EncoderBatchModel.sharing(EncoderBatchModel.NAME, SENTENCES, encoder)),
                        r -> {},
                        true)) {
            Map<String, Runnable> variants = new LinkedHashMap<>();
            variants.put("raw-batch", () -> raw.encode(percepts));
            variants.put("queue-frame", () -> queueFrame(queue, percepts));
            variants.put("queue-single", () -> queueSingle(queue, percepts));
            variants.put("raw-single", () -> percepts.forEach(p -> raw.encode(List.of(p))));

            for (int i = 0; i < 3; i++) {
                variants.values().forEach(Runnable::run); // warm-up: JIT, ORT arenas
            }
            Map<String, double[]> times = new LinkedHashMap<>();
            variants.keySet().forEach(k -> times.put(k, new double[0]));
            List<String> names = new ArrayList<>(variants.keySet());
            for (int r = 0; r < runs; r++) {
                for (int v = 0; v < names.size(); v++) {
                    String name = names.get((v + r) % names.size()); // rotate the order each run
                    long start = System.nanoTime();
                    variants.get(name).run();
                    double ms = (System.nanoTime() - start) / 1e6;
                    double[] t = times.get(name);
                    t = Arrays.copyOf(t, t.length + 1);
                    t[t.length - 1] = ms;
                    times.put(name, t);
                }
            }
            report(times, runs, encoder, threads == 0 ? SentenceEncoder.defaultThreads() : threads, out);
        }
    }

    private static void queueFrame(InferenceQueue queue, List<String> percepts) {
        List<Ticket> tickets = new ArrayList<>(percepts.size());
        for (int i = 0; i < percepts.size(); i++) {
            tickets.add(queue.submit(
                    InferenceRequest.of("npc" + i, RequestKind.PERCEPTION, EncoderBatchModel.NAME, percepts.get(i))));
        }
        queue.flush();
        tickets.forEach(EncoderBenchmark::await);
    }

    private static void queueSingle(InferenceQueue queue, List<String> percepts) {
        for (int i = 0; i < percepts.size(); i++) {
            Ticket t = queue.submit(
                    InferenceRequest.of("npc" + i, RequestKind.PERCEPTION, EncoderBatchModel.NAME, percepts.get(i)));
            queue.flush();
            await(t);
        }
    }

    private static void await(Ticket t) {
        try {
            InferenceResult r = t.result().get(60, TimeUnit.SECONDS);
            if (!r.completed()) {
                throw new IllegalStateException("request ended " + r.status() + ": " + r.error());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a benchmark request did not finish", e);
        }
    }

    private static void report(Map<String, double[]> times, int runs, SentenceEncoder encoder, int threads, Path out) {
        StringBuilder table = new StringBuilder();
        table.append(String.format(
                Locale.ROOT,
                "%nEncoder batching: %d percepts (BGE-small-en-v1.5 int8, %s, %d engine thread(s)"
                        + " on %d cores), %d runs each%n",
                SENTENCES,
                encoder.device(),
                threads,
                Runtime.getRuntime().availableProcessors(),
                runs));
        table.append(String.format(
                Locale.ROOT, "%-14s %10s %10s %10s %14s%n", "variant", "median ms", "min ms", "max ms", "sentences/s"));
        Map<String, Double> median = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("variant,run,ms\n");
        times.forEach((name, t) -> {
            double[] sorted = t.clone();
            Arrays.sort(sorted);
            double med = sorted.length % 2 == 1
                    ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            median.put(name, med);
            table.append(String.format(
                    Locale.ROOT,
                    "%-14s %10.1f %10.1f %10.1f %14.0f%n",
                    name,
                    med,
                    sorted[0],
                    sorted[sorted.length - 1],
                    SENTENCES / (med / 1000)));
            for (int i = 0; i < t.length; i++) {
                csv.append(name)
                        .append(',')
                        .append(i)
                        .append(',')
                        .append(String.format(Locale.ROOT, "%.3f", t[i]))
                        .append('\n');
            }
        });
        double ofRaw = median.get("raw-batch") / median.get("queue-frame");
        double overSingle = median.get("queue-single") / median.get("queue-frame");
        double rawGain = median.get("raw-single") / median.get("raw-batch");
        table.append(String.format(
                Locale.ROOT, "%nqueue-frame throughput / raw-batch    = %.2f  (target >= 0.90)%n", ofRaw));
        table.append(String.format(
                Locale.ROOT, "queue-frame speed-up over queue-single = %.2fx (target >= 1.8x)%n", overSingle));
        table.append(String.format(
                Locale.ROOT,
                "raw-batch speed-up over raw-single     = %.2fx (the engine's own batching gain)%n",
                rawGain));
        System.out.print(table);
        try {
            Files.createDirectories(out);
            String name = "encoder-batching-" + threads + "t";
            Files.writeString(out.resolve(name + ".csv"), csv);
            Files.writeString(out.resolve(name + ".txt"), table);
            Plots.bars(
                    out.resolve(name + ".png"),
                    "Encoder: " + SENTENCES + " percepts, " + threads + " engine thread(s) (median of " + runs + ")",
                    "sentences per second",
                    List.copyOf(median.keySet()),
                    Map.of(
                            "sentences/s",
                            median.values().stream()
                                    .map(ms -> SENTENCES / (ms / 1000))
                                    .toList()));
            System.out.println("CSV, table and chart written to " + out.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the results to " + out, e);
        }
    }

    /** Short, varied percepts of the kind sensors produce. */
    static List<String> percepts() {
        String[] who = {"Mira", "Brann", "Vey", "Pip", "Hollis", "Aldine", "the stranger", "a guard"};
        String[] what = {
            "is 3 m to the north.",
            "draws a sword 5 m away.",
            "waves from the tavern door.",
            "walks past the well.",
            "is right beside me.",
            "shouts near the gate.",
            "drops a coin on the pier.",
            "rings the chapel bell."
        };
        List<String> list = new ArrayList<>(SENTENCES);
        for (int i = 0; i < SENTENCES; i++) {
            list.add(who[i % who.length] + " " + what[(i * 3 + i / 8) % what.length]);
        }
        return list;
    }
}
