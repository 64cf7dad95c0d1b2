package dev.animus.demo.train;

import com.google.gson.GsonBuilder;
import dev.animus.demo.CommandLines;
import dev.animus.demo.eval.Scoring;
import dev.animus.model.llama.DecoderFiles;
import dev.animus.model.llama.LlamaConfig;
import dev.animus.model.llama.LlamaModel;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.prompt.ReplyPlan;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.model.runtime.DjlRuntime;
import dev.animus.model.training.Evaluator;
import dev.animus.model.training.Trainer;
import dev.animus.model.training.WorldGenerator.Kind;
import dev.animus.model.training.WorldGenerator.Sample;
import dev.animus.world.NpcDefinition;
import dev.animus.world.World;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * {@code train --world FILE --out DIR [--from DIR] [--steps N] [--samples N] [--seed S] [--lr RATE]}:
 * fine-tunes a decoder (the bundled one unless {@code --from} names another trained for Animus's
 * prompt markers) on one world file: its NPCs asked about their own facts in many phrasings and
 * about facts they do not hold ({@link WorldCorpus}), mixed with the general corpus. Writes a
 * new checkpoint folder (never the one it started from, never the bundled one) with a
 * {@code training.json} saying which command made it and what it measured, and reports, before
 * and after, on phrasings training never used: perplexity, the right fact stated, "don't know"
 * to what no fact of the NPC answers. A game points {@code decoderFolder} at the folder.
 * A command-line tool: it prints to standard output and error.
 */
public final class TrainWorldCommand {
    /** Tokens per sample: a world file's personas are longer than the general corpus's. */
    static final int SEQUENCE_LENGTH = 256;
    /** The file in a checkpoint folder this command wrote: how it was made and what it measured. */
    static final String RECORD = "training.json";

    private TrainWorldCommand() {}

    /**
     * What a decoder does on the held-out phrasings.
     *
     * @param perplexity exp of its loss on the held-out replies
     * @param asked questions a fact answers
     * @param right of which the reply states the fact's numbers and names
     * @param dontKnow of which the reply says "don't know"
     * @param unanswerable questions no fact of the asked NPC answers
     * @param declined of which the reply says "don't know"
     */
    record Figures(double perplexity, int asked, int right, int dontKnow, int unanswerable, int declined) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "perplexity %.2f; right fact %d of %d (%.0f%%); \"don't know\" with the fact %d (%.0f%%);"
                            + " unanswerable declined %d of %d (%.0f%%)",
                    perplexity,
                    right,
                    asked,
                    100.0 * right / Math.max(1, asked),
                    dontKnow,
                    100.0 * dontKnow / Math.max(1, asked),
                    declined,
                    unanswerable,
                    100.0 * declined / Math.max(1, unanswerable));
        }
    }

    /** @return the exit code: 0, 1 for a broken world file or an unusable folder, 2 for bad arguments */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        // No render thread to leave a core to (unless the JVM already loaded PyTorch for a game).
        DjlRuntime.preferPyTorchThreads(Runtime.getRuntime().availableProcessors());
        DjlRuntime.ensureOffline();
        Options o = CommandLines.parse(new Options(), args, out);
        if (o == null) {
            return 0;
        }
        if (o.steps < 1
                || o.steps > 100_000
                || o.samples < 100
                || o.samples > 1_000_000
                || o.perFact < 1
                || o.perFact > 20
                || !(o.learningRate > 0 && o.learningRate <= 0.01)) {
            throw new IllegalArgumentException("train needs --steps 1 to 100000, --samples 100 to 1000000, --per-fact 1"
                    + " to 20 and --lr above 0 and at most 0.01; got " + o.steps + ", " + o.samples + ", " + o.perFact
                    + ", " + o.learningRate);
        }
        World world = CommandLines.readWorld(o.world, err);
        if (world == null) {
            return 1;
        }
        if (o.from == null && !DecoderFiles.bundledPresent()) {
            err.println("This build has no bundled decoder to start from; give a checkpoint folder with --from DIR");
            return 1;
        }
        Path from = o.from == null ? DecoderFiles.bundled() : o.from;
        String refused = refusal(from, o.out);
        if (refused != null) {
            err.println(refused);
            return 1;
        }
        long start = System.nanoTime();
        WorldCorpus corpus;
        List<Sample> train;
        List<Sample> held;
        try (Synonyms synonyms = new Synonyms()) {
            corpus = new WorldCorpus(world, o.seed, o.ownWordsOnly ? w -> List.of() : synonyms::of);
            train = corpus.training(o.samples);
            held = corpus.heldOut(o.perFact);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        }
        Map<String, NpcDefinition> byName =
                world.npcs().stream().collect(Collectors.toMap(NpcDefinition::name, Function.identity(), (a, b) -> a));
        out.printf(
                Locale.ROOT,
                "%s: %d NPCs with %d facts; %d training samples (%.0f%% from the general corpus), %d held-out"
                        + " questions in phrasings training never uses.%n",
                o.world,
                world.npcs().size(),
                corpus.factCount(),
                train.size(),
                100 * WorldCorpus.GENERAL_SHARE,
                held.size());
        Figures before;
        try (LlamaTokenizer tokenizer = LlamaTokenizer.load(from);
                LlamaModel model = LlamaModel.load(from, DevicePreference.AUTO)) {
            long tooLong = train.stream()
                    .filter(s -> tokenizer.encodePlain(s.prompt() + s.target()).length > SEQUENCE_LENGTH + 1)
                    .count();
            if (tooLong == train.size()) {
                err.println("Every training sample is longer than " + SEQUENCE_LENGTH + " tokens: shorten the personas"
                        + " or facts of " + o.world);
                return 1;
            }
            if (tooLong > 0) {
                out.printf(
                        Locale.ROOT,
                        "%d of %d training samples are longer than %d tokens and are left out (long personas or"
                                + " facts).%n",
                        tooLong,
                        train.size(),
                        SEQUENCE_LENGTH);
            }
            before = measure(model, tokenizer, held, byName);
        }
        out.println("Before (" + from + "): " + before);
        Files.createDirectories(o.out);
        // Marks the folder as this command's at once, so a run that fails half way may be run again into it.
        Files.writeString(o.out.resolve(RECORD), "{\"state\": \"training, not finished\"}\n", StandardCharsets.UTF_8);
        Path tokenizerFile = o.out.resolve("tokenizer.json");
        Files.copy(from.resolve("tokenizer.json"), tokenizerFile, StandardCopyOption.REPLACE_EXISTING);
        Trainer.Settings settings = new Trainer.Settings(
                LlamaConfig.read(from.resolve("config.json")),
                o.steps,
                16,
                SEQUENCE_LENGTH,
                o.learningRate,
                Math.max(1, Math.min(50, o.steps / 10)),
                o.seed,
                0);
        try (LlamaTokenizer tokenizer = LlamaTokenizer.load(o.out);
                LlamaModel model = Trainer.train(settings, from, tokenizer, train, List.of(), progress(out, start))) {
            Trainer.save(model, tokenizerFile, o.out);
        }
        Figures after;
        try (LlamaTokenizer tokenizer = LlamaTokenizer.load(o.out);
                LlamaModel model = LlamaModel.load(o.out, DevicePreference.AUTO)) {
            after = measure(model, tokenizer, held, byName);
        }
        out.println("After  (" + o.out + "): " + after);
        writeRecord(o, from, world, train.size(), held.size(), before, after);
        out.printf(
                Locale.ROOT,
                "Done in %.1f minutes. Point the game at it: AnimusConfig.builder().decoderFolder(Path.of(\"%s\")),"
                        + " or try it: talk --world %s --model %s --free NPC%n",
                (System.nanoTime() - start) / 60e9,
                o.out,
                o.world,
                o.out);
        return 0;
    }

    /** @return why the command must not write that folder, or null */
    static String refusal(Path from, Path out) throws IOException {
        if (!Files.isDirectory(from) || !Files.isRegularFile(from.resolve("config.json"))) {
            return "The decoder to start from, " + from
                    + ", is not a checkpoint folder (no config.json); give --from DIR"
                    + " a folder holding config.json, model.safetensors and tokenizer.json";
        }
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(out) && Files.isSameFile(from, out)
                || target.equals(DecoderFiles.bundled().toAbsolutePath().normalize())
                || target.endsWith(Path.of("src/main/resources/dev/animus/model/decoder"))) {
            return "--out " + out + " is the decoder training starts from or the bundled one; give a new folder,"
                    + " so the original stays as it was";
        }
        if (Files.isRegularFile(out)) {
            return "--out " + out + " is a file; give a folder for the new checkpoint";
        }
        if (Files.isDirectory(out) && !Files.isRegularFile(out.resolve(RECORD))) {
            try (Stream<Path> inside = Files.list(out)) {
                if (inside.findAny().isPresent()) {
                    return "--out " + out + " is not empty and was not written by train --world; give a new or empty"
                            + " folder, so nothing in it is overwritten";
                }
            }
        }
        return null;
    }

    /** Asks the decoder every held-out question as the game would in its free style, and scores each strictly. */
    static Figures measure(
            LlamaModel model, LlamaTokenizer tokenizer, List<Sample> held, Map<String, NpcDefinition> byName) {
        long end = ReplyPlan.endToken(tokenizer);
        int asked = 0;
        int right = 0;
        int dontKnow = 0;
        int unanswerable = 0;
        int declined = 0;
        for (Sample s : held) {
            String reply = Evaluator.reply(model, tokenizer, s.prompt(), end).text();
            NpcDefinition npc = byName.get(s.npcName());
            List<String> lines = npc == null ? List.of() : npc.lines().dontKnow();
            boolean dk = Scoring.saysDontKnow(reply, lines);
            if (s.kind() == Kind.FACT) {
                asked++;
                if (Scoring.matches(reply, s.key())) {
                    right++;
                } else if (dk) {
                    dontKnow++;
                }
            } else {
                unanswerable++;
                declined += dk ? 1 : 0;
            }
        }
        return new Figures(
                Trainer.perplexity(model, tokenizer, held, SEQUENCE_LENGTH),
                asked,
                right,
                dontKnow,
                unanswerable,
                declined);
    }

    private static Trainer.Progress progress(PrintStream out, long start) {
        return new Trainer.Progress() {
            private double smoothed = Double.NaN;

            @Override
            public boolean step(int step, int total, float loss, double tokensPerSecond) {
                smoothed = Double.isNaN(smoothed) ? loss : 0.9 * smoothed + 0.1 * loss;
                if (step % 25 == 0 || step == 1 || step == total) {
                    out.printf(
                            Locale.ROOT,
                            "  step %d/%d  loss %.3f  %.0f tok/s  %.1f min%n",
                            step,
                            total,
                            smoothed,
                            tokensPerSecond,
                            (System.nanoTime() - start) / 60e9);
                }
                return true;
            }

            @Override
            public void evaluated(int step, float loss, LlamaModel model) {}
        };
    }

    private static void writeRecord(
            Options o, Path from, World world, int trainSamples, int heldSamples, Figures before, Figures after)
            throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put(
                "command",
                "train --world " + o.world + " --out " + o.out + (o.from == null ? "" : " --from " + o.from)
                        + " --steps "
                        + o.steps + " --samples " + o.samples + " --seed " + o.seed + " --lr " + o.learningRate
                        + " --per-fact " + o.perFact + (o.ownWordsOnly ? " --own-words-only" : ""));
        record.put("world", world.id());
        record.put("from", o.from == null ? "the bundled decoder" : o.from.toString());
        record.put("trainingSamples", trainSamples);
        record.put("heldOutQuestions", heldSamples);
        record.put("before", before.toString());
        record.put("after", after.toString());
        Files.writeString(
                o.out.resolve(RECORD),
                new GsonBuilder()
                                .setPrettyPrinting()
                                .disableHtmlEscaping()
                                .create()
                                .toJson(record) + "\n",
                StandardCharsets.UTF_8);
    }

    /** The options of {@code train}. */
    @CommandLine.Command(
            name = "train",
            sortOptions = false,
            description = "Fine-tunes the decoder on one world file (its NPCs asked about their facts in many"
                    + " phrasings) and writes a new checkpoint folder; reports perplexity, right facts and"
                    + " \"don't know\"s on held-out phrasings before and after.")
    public static final class Options {
        @CommandLine.Mixin
        CommandLines.Help help;

        @CommandLine.Option(
                names = "--world",
                paramLabel = "FILE",
                required = true,
                description = "the world file to train on")
        Path world;

        @CommandLine.Option(
                names = "--out",
                paramLabel = "DIR",
                required = true,
                description = "the new checkpoint folder to write (new or empty, or one this command wrote)")
        Path out;

        @CommandLine.Option(
                names = "--from",
                paramLabel = "DIR",
                description = "the checkpoint to start from, trained for Animus's prompt markers (default: the"
                        + " bundled decoder)")
        Path from;

        @CommandLine.Option(
                names = "--steps",
                paramLabel = "N",
                defaultValue = "300",
                description = "optimizer steps of 16 samples (default: ${DEFAULT-VALUE}; a few minutes on 2 cores)")
        int steps;

        @CommandLine.Option(
                names = "--samples",
                paramLabel = "N",
                defaultValue = "6000",
                description = "training samples to generate (default: ${DEFAULT-VALUE})")
        int samples;

        @CommandLine.Option(
                names = "--seed",
                paramLabel = "S",
                defaultValue = "20261203",
                description = "seeds the samples and their order (default: ${DEFAULT-VALUE})")
        long seed;

        @CommandLine.Option(
                names = "--lr",
                paramLabel = "RATE",
                defaultValue = "3e-4",
                description = "the peak learning rate (default: ${DEFAULT-VALUE})")
        float learningRate;

        @CommandLine.Option(
                names = "--per-fact",
                paramLabel = "N",
                defaultValue = "2",
                description = "held-out questions per fact (default: ${DEFAULT-VALUE})")
        int perFact;

        @CommandLine.Option(
                names = "--own-words-only",
                description = "ask the training questions in the facts' own words only (no WordNet synonyms)")
        boolean ownWordsOnly;
    }
}
