package dev.animus.demo.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench [encoder|decoder|perception|scale|soak|all] [--runs N] [--threads N] [--model DIR]
 * [--minutes M] [--out DIR]}: runs the benchmarks (all by default) and writes their tables, CSV
 * and PNG charts to the output folder. {@code soak} runs 30 minutes unless {@code --minutes}
 * says otherwise ({@code memory} is the same for 10).
 */
public final class BenchCommand {

    private BenchCommand() {
    }

    public static void run(List<String> args) {
        List<String> rest = new ArrayList<>(args);
        String which = !rest.isEmpty() && List.of("encoder", "decoder", "perception", "scale", "memory", "soak", "all")
                .contains(rest.get(0)) ? rest.remove(0) : "all";
        double minutes = Double.NaN; // the soak's length: 30 minutes alone, 10 within "all" or as "memory"
        Path model = null; // the bundled Animus decoder unless --model says otherwise
        List<String> encoderArgs = new ArrayList<>();
        int runs = 5;
        Path out = Path.of("bench-results");
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            switch (a) {
                case "--model" -> model = Path.of(value(rest, ++i, a));
                case "--runs" -> {
                    runs = positive(value(rest, ++i, a), a);
                    encoderArgs.add(a);
                    encoderArgs.add(rest.get(i));
                }
                case "--out" -> {
                    out = Path.of(value(rest, ++i, a));
                    encoderArgs.add(a);
                    encoderArgs.add(rest.get(i));
                }
                case "--minutes" -> minutes = positive(value(rest, ++i, a), a);
                case "--threads" -> {
                    encoderArgs.add(a);
                    encoderArgs.add(value(rest, ++i, a));
                }
                default -> throw new IllegalArgumentException("Unknown option '" + a + "' for bench");
            }
        }
        try {
            if (which.equals("perception") || which.equals("all")) {
                PerceptionBenchmark.run(out);
            }
            if (which.equals("scale") || which.equals("all")) {
                PerceptionBenchmark.scale(out);
            }
            if (which.equals("memory") || which.equals("soak") || which.equals("all")) {
                PerceptionBenchmark.soak(out, Double.isNaN(minutes) ? which.equals("soak") ? 30 : 10 : minutes, 60);
            }
        } catch (Exception e) {
            throw new IllegalStateException("The " + which + " benchmark failed: " + e.getMessage(), e);
        }
        if (List.of("perception", "scale", "memory", "soak").contains(which)) {
            return;
        }
        if (!which.equals("decoder")) {
            EncoderBenchmark.run(encoderArgs);
        }
        if (!which.equals("encoder")) {
            if (model == null) {
                model = dev.animus.model.llama.DecoderFiles.bundled();
            }
            if (!Files.isRegularFile(model.resolve("config.json"))) {
                throw new IllegalArgumentException("No decoder checkpoint at " + model.toAbsolutePath()
                        + "; give one with --model DIR (config.json, model.safetensors, tokenizer.json)");
            }
            DecoderBenchmark.run(model, runs, out);
        }
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int positive(String v, String option) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException(option + " needs a positive whole number, got '" + v + "'");
    }
}
