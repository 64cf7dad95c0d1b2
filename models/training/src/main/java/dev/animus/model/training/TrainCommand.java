package dev.animus.model.training;

import ai.djl.engine.Engine;
import dev.animus.model.llama.LlamaConfig;
import dev.animus.model.llama.LlamaModel;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.prompt.PromptFormat;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.model.runtime.DjlRuntime;
import dev.animus.model.tokenizer.BpeTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * The training and evaluation commands (a command-line tool: it prints to standard output).
 * <pre>
 * train    [--out DIR] [--steps N] [--minutes M] [--seed S] [--samples N] [--from DIR] [--lr RATE]
 * evaluate [--model DIR] [--samples N] [--seed S]
 * </pre>
 * {@code train} generates the corpus, trains the tokenizer and the model from scratch, evaluates
 * on the held-out split and saves a Hugging Face checkpoint. With {@code --minutes} the step
 * count is cut to fit the time (the schedule is set for the full count, so a cut run ends early
 * on a decaying learning rate). With {@code --from} it goes on training a saved checkpoint with
 * its own tokenizer (fine-tuning, at a lower learning rate unless {@code --lr} says otherwise):
 * how a change to the corpus reaches the model without retraining it from scratch.
 */
public final class TrainCommand {
    /** Where the bundled decoder lives in this module's resources. */
    public static final Path BUNDLED = Path.of("models/src/main/resources/dev/animus/model/decoder");
    /** Tokens per training sample: 99% of dialogue samples fit. */
    static final int SEQUENCE_LENGTH = 160;

    private TrainCommand() {}

    public static void main(String[] args) throws IOException {
        // No render thread to leave a core to.
        DjlRuntime.preferPyTorchThreads(Runtime.getRuntime().availableProcessors());
        DjlRuntime.ensureOffline();
        boolean evaluating = args.length > 0 && args[0].equals("evaluate");
        List<String> rest = args.length > 0 && (evaluating || args[0].equals("train"))
                ? List.of(args).subList(1, args.length)
                : List.of(args);
        Options o = new Options();
        CommandLine line = new CommandLine(o).setCommandName(evaluating ? "evaluate" : "train");
        try {
            line.parseArgs(rest.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            System.err.println("error: " + e.getMessage() + " (" + line.getCommandName() + " --help shows its usage)");
            System.exit(2);
        }
        if (line.isUsageHelpRequested()) {
            line.usage(System.out);
            return;
        }
        Path out = o.out == null ? BUNDLED : o.out;
        if (evaluating) {
            evaluate(out, Math.min(o.samples, 400), o.seed);
        } else {
            float learningRate = o.learningRate != null ? o.learningRate : o.from == null ? 6e-4f : 2e-4f;
            train(out, o.from, o.steps, o.minutes, o.seed, o.samples, learningRate);
        }
    }

    /** The options of {@code train} and {@code evaluate}. */
    @CommandLine.Command(
            name = "train",
            sortOptions = false,
            description = "train: generates the corpus, trains the tokenizer and the model, evaluates it and saves a"
                    + " Hugging Face checkpoint. evaluate: scores a checkpoint on the held-out generated split.")
    static final class Options {
        @CommandLine.Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "show this help and exit")
        boolean help;

        @CommandLine.Option(
                names = {"--out", "--model"},
                paramLabel = "DIR",
                description = "the checkpoint folder to write (train) or read (evaluate); default: the bundled one")
        Path out;

        @CommandLine.Option(
                names = "--steps",
                paramLabel = "N",
                defaultValue = "2400",
                description = "optimizer steps (default: ${DEFAULT-VALUE})")
        int steps;

        @CommandLine.Option(
                names = "--minutes",
                paramLabel = "M",
                defaultValue = "0",
                description = "stop after M minutes, keeping the schedule of --steps (default: no limit)")
        double minutes;

        @CommandLine.Option(
                names = "--seed",
                paramLabel = "S",
                defaultValue = "20261123",
                description = "the corpus and initialisation seed (default: ${DEFAULT-VALUE})")
        long seed;

        @CommandLine.Option(
                names = "--samples",
                paramLabel = "N",
                defaultValue = "40000",
                description = "training samples to generate (default: ${DEFAULT-VALUE})")
        int samples;

        @CommandLine.Option(
                names = "--from",
                paramLabel = "DIR",
                description = "go on training this checkpoint with its tokenizer (fine-tuning)")
        Path from;

        @CommandLine.Option(
                names = "--lr",
                paramLabel = "RATE",
                description = "the peak learning rate (default: 6e-4, or 2e-4 with --from)")
        Float learningRate;
    }

    /** The architecture: about 2 million parameters (width 192, 4 layers, 6 heads over 3 key/value heads). */
    static LlamaConfig architecture(int vocab) {
        return new LlamaConfig(vocab, 192, 512, 4, 6, 3, 10_000, 1e-5, true, 512, -1, -1);
    }

    private static void train(Path out, Path from, int steps, double minutes, long seed, int count, float learningRate)
            throws IOException {
        long start = System.nanoTime();
        System.out.printf(
                Locale.ROOT, "Generating %d training samples (seed %d) and 400 held-out ones...%n", count, seed);
        List<WorldGenerator.Sample> train = new WorldGenerator(seed, WorldGenerator.Split.TRAIN).samples(count);
        List<WorldGenerator.Sample> eval = new WorldGenerator(seed + 1, WorldGenerator.Split.EVAL).samples(400);
        Files.createDirectories(out);
        Path tokenizerFile = out.resolve("tokenizer.json");
        if (from == null) {
            System.out.println("Training the tokenizer (byte-level BPE, 2048 tokens)...");
            BpeTrainer.train(
                            train.subList(0, Math.min(12_000, train.size())).stream()
                                    .map(s -> s.prompt() + s.target())
                                    .toList(),
                            2048,
                            PromptFormat.MARKERS)
                    .write(tokenizerFile);
        } else {
            System.out.println("Going on from the checkpoint in " + from + ", with its tokenizer...");
            Path source = from.resolve("tokenizer.json");
            if (!Files.isSameFile(from, out)) {
                Files.copy(source, tokenizerFile, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (LlamaTokenizer tokenizer = LlamaTokenizer.load(out)) {
            LlamaConfig config = from == null ? architecture(2048) : LlamaConfig.read(from.resolve("config.json"));
            Trainer.Settings settings = new Trainer.Settings(
                    config, steps, 16, SEQUENCE_LENGTH, learningRate, from == null ? 200 : 50, seed, 500);
            float[] last = {Float.NaN};
            long deadline = minutes > 0 ? start + (long) (minutes * 60e9) : Long.MAX_VALUE;
            try (LlamaModel model =
                    Trainer.train(settings, from, tokenizer, train, eval.subList(0, 64), new Trainer.Progress() {
                        private double smoothed = Double.NaN;

                        @Override
                        public boolean step(int step, int total, float loss, double tokensPerSecond) {
                            smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
                            if (step % 20 == 0 || step == 1) {
                                double elapsed = (System.nanoTime() - start) / 60e9;
                                int filled = (int) (30.0 * step / total);
                                System.out.printf(
                                        Locale.ROOT,
                                        "[%s%s] step %d/%d  loss %.3f  %.0f tok/s  %.1f min%n",
                                        "#".repeat(filled),
                                        ".".repeat(30 - filled),
                                        step,
                                        total,
                                        smoothed,
                                        tokensPerSecond,
                                        elapsed);
                            }
                            if (System.nanoTime() > deadline) {
                                System.out.printf(
                                        Locale.ROOT,
                                        "Time is up after %d steps; keeping the model trained so far.%n",
                                        step);
                                return false;
                            }
                            return true;
                        }

                        private float best = Float.MAX_VALUE;

                        @Override
                        public void evaluated(int step, float loss, LlamaModel current) {
                            last[0] = loss;
                            System.out.printf(
                                    Locale.ROOT,
                                    "  held-out loss after %d steps: %.3f (perplexity %.2f)%n",
                                    step,
                                    loss,
                                    Math.exp(loss));
                            if (Float.isFinite(loss)
                                    && loss < best) { // keep the best model so far, whatever comes later
                                best = loss;
                                try {
                                    Trainer.save(current, tokenizerFile, out);
                                    System.out.println("  saved as the best so far");
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            }
                        }
                    })) {
                // The held-out loss is dominated by names never seen in training, so it is a poor
                // judge of how well facts are used: keep the final model unless it went bad, in
                // which case the best finite checkpoint already on disk stays.
                if (Float.isFinite(last[0])) {
                    Trainer.save(model, tokenizerFile, out);
                    System.out.println("Saved the final model.");
                } else {
                    System.out.println("The final model is not finite; the best earlier checkpoint stays.");
                }
                try (LlamaModel saved = LlamaModel.load(out, DevicePreference.AUTO)) {
                    report(saved, tokenizer, eval);
                }
            }
        }
        System.out.printf(
                Locale.ROOT, "Done in %.1f minutes. Checkpoint: %s%n", (System.nanoTime() - start) / 60e9, out);
    }

    private static void report(LlamaModel model, LlamaTokenizer tokenizer, List<WorldGenerator.Sample> eval) {
        Engine engine = DjlRuntime.requireEngine(DjlRuntime.PYTORCH);
        float loss = Trainer.evaluate(model, engine, Trainer.encode(eval, tokenizer, SEQUENCE_LENGTH), 16);
        System.out.println("Evaluation on the held-out split: "
                + Evaluator.evaluate(model, tokenizer, eval.subList(0, 200), Math.exp(loss)));
    }

    private static void evaluate(Path folder, int count, long seed) throws IOException {
        List<WorldGenerator.Sample> eval = new WorldGenerator(seed + 1, WorldGenerator.Split.EVAL).samples(count);
        try (LlamaModel model = LlamaModel.load(folder, DevicePreference.AUTO);
                LlamaTokenizer tokenizer = LlamaTokenizer.load(folder)) {
            float loss = Trainer.evaluate(
                    model,
                    DjlRuntime.requireEngine(DjlRuntime.PYTORCH),
                    Trainer.encode(eval, tokenizer, SEQUENCE_LENGTH),
                    16);
            System.out.println(Evaluator.evaluate(model, tokenizer, eval, Math.exp(loss)));
            for (WorldGenerator.Sample s : eval.subList(0, 5)) {
                if (s.kind() == WorldGenerator.Kind.SCENE) {
                    System.out.println("Scene: " + s.prompt().replace("\n", " | ") + "\nA: "
                            + Evaluator.describe(
                                    model, tokenizer, s.prompt(), tokenizer.encodePlain(PromptFormat.END)[0])
                            + "\n   expected: " + s.target());
                    continue;
                }
                Evaluator.Reply r =
                        Evaluator.reply(model, tokenizer, s.prompt(), tokenizer.encodePlain(PromptFormat.END)[0]);
                System.out.println("Q: "
                        + s.prompt()
                                .substring(s.prompt().indexOf(PromptFormat.PLAYER) + PromptFormat.PLAYER.length())
                                .split("\n")[0]
                        + "\nA: [" + r.action() + ", " + r.emotion() + "] " + r.text() + "\n   expected: "
                        + s.target());
            }
        }
    }
}
