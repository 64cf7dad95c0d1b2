package dev.animus.demo.bench;

import dev.animus.demo.CommandLines;
import dev.animus.model.llama.DecoderFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code bench [encoder|decoder|perception|scale|soak|server|gossip|all] [--runs N] [--threads N] [--model DIR]
 * [--minutes M] [--server URL] [--peer FILE] [--world FILE] [--out DIR]}: runs the benchmarks (all by default) and writes their tables, CSV
 * and PNG charts to the output folder. {@code soak} runs 30 minutes unless {@code --minutes}
 * says otherwise ({@code memory} is the same for 10).
 */
public final class BenchCommand {

    private BenchCommand() {}

    public static void run(List<String> args) {
        Options o = CommandLines.parse(new Options(), args, System.out);
        if (o == null) {
            return;
        }
        String which = o.which;
        if (!List.of("encoder", "decoder", "perception", "scale", "memory", "soak", "server", "gossip", "all")
                .contains(which)) {
            throw new IllegalArgumentException("bench runs encoder, decoder, perception, scale, memory, soak, server,"
                    + " gossip or all, not '" + which + "'");
        }
        if (which.equals("gossip")) {
            try {
                GossipBenchmark.run(o.out);
            } catch (Exception e) {
                throw new IllegalStateException("The gossip benchmark failed: " + e.getMessage(), e);
            }
            return;
        }
        if (which.equals("server")) {
            if (o.server == null) {
                throw new IllegalArgumentException("bench server needs --server URL: start llama-server with the"
                        + " file export-gguf writes, for example llama-server -m animus.gguf -np 16 -c 8192");
            }
            try {
                ServerBenchmark.run(
                        o.decoder.folder(),
                        java.net.URI.create(o.server),
                        o.world,
                        o.runs == null ? 3 : positive(o.runs, "--runs"));
            } catch (Exception e) {
                throw new IllegalStateException("The server benchmark failed: " + e.getMessage(), e);
            }
            return;
        }
        double minutes = o.minutes == null ? Double.NaN : positive(o.minutes, "--minutes");
        Path model = o.decoder.model; // the bundled Animus decoder unless --model says otherwise
        int runs = o.runs == null ? 5 : positive(o.runs, "--runs");
        int threads = o.threads == null ? 0 : positive(o.threads, "--threads");
        Path out = o.out;
        try {
            if (which.equals("perception") || which.equals("all")) {
                PerceptionBenchmark.run(out, o.runs == null ? 1 : runs);
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
            EncoderBenchmark.run(o.runs == null ? 15 : runs, threads, out);
        }
        if (!which.equals("encoder")) {
            if (model == null) {
                model = DecoderFiles.bundled();
            }
            if (!Files.isRegularFile(model.resolve("config.json"))) {
                throw new IllegalArgumentException("No decoder checkpoint at " + model.toAbsolutePath()
                        + "; give one with --model DIR (config.json, model.safetensors, tokenizer.json)");
            }
            DecoderBenchmark.run(model, runs, out, o.peer == null ? null : PeerTable.read(o.peer));
        }
    }

    private static int positive(int n, String option) {
        if (n < 1) {
            throw new IllegalArgumentException(option + " needs a positive whole number, got " + n);
        }
        return n;
    }

    /** The options of {@code bench}. */
    @CommandLine.Command(
            name = "bench",
            sortOptions = false,
            description = "Runs the benchmarks and writes their tables, CSV and PNG charts into the output folder.")
    public static final class Options {
        @CommandLine.Mixin
        CommandLines.Help help;

        @CommandLine.Parameters(
                paramLabel = "WHICH",
                arity = "0..1",
                defaultValue = "all",
                description =
                        "encoder, decoder, perception, scale, memory, soak, server or all (default: ${DEFAULT-VALUE})")
        String which;

        @CommandLine.Option(
                names = "--runs",
                paramLabel = "N",
                description = "timed runs of each variant (default: 15 for the encoder, 5 for the decoder, 3 for the"
                        + " server, 1 for perception, whose runs then report their spread)")
        Integer runs;

        @CommandLine.Option(
                names = "--threads",
                paramLabel = "N",
                description = "encoder threads (default: all cores but one)")
        Integer threads;

        @CommandLine.Mixin
        CommandLines.Decoder decoder;

        @CommandLine.Option(
                names = "--minutes",
                paramLabel = "M",
                description = "how long memory and soak run (default: 10, and 30 for soak alone)")
        Integer minutes;

        @CommandLine.Option(
                names = "--peer",
                paramLabel = "FILE",
                description = "decoder: what llama.cpp's llama-batched-bench printed on the same weights (the GGUF"
                        + " export-gguf writes), drawn and divided by beside the runtimes' own figures")
        Path peer;

        @CommandLine.Option(
                names = "--server",
                paramLabel = "URL",
                description = "server: the inference server serving the same checkpoint (llama-server)")
        String server;

        @CommandLine.Option(
                names = "--world",
                paramLabel = "FILE",
                description = "server: the world whose NPCs give the prompts (default: Lanternfall)")
        Path world;

        @CommandLine.Option(
                names = "--out",
                paramLabel = "DIR",
                defaultValue = "bench-results",
                description = "where the results go (default: ${DEFAULT-VALUE})")
        Path out;
    }
}
