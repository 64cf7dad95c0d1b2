package dev.animus.demo.train;

import dev.animus.demo.CommandLines;
import dev.animus.model.llama.DecoderFiles;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.runtime.DjlRuntime;
import dev.animus.model.training.WorldGenerator;
import dev.animus.model.training.WorldGenerator.Sample;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import picocli.CommandLine;

/**
 * {@code corpus --judge-worlds FILE --out DIR [--samples N] [--general-share F] [--seed S]}:
 * writes a general decoder's training corpus, tokenised with the bundled decoder's tokenizer, for
 * a trainer outside the JVM (the GPU script {@code models/training/gpu/train_decoder.py}): the
 * judge's hand-written worlds asked as players ask ({@link GroundedCorpus}) mixed with the
 * generated corpus ({@link WorldGenerator}). {@code DIR/train.bin} holds the training samples,
 * {@code DIR/heldout-worlds.bin} samples of the worlds the judge holds out (names training never
 * uses) and {@code DIR/heldout-generated.bin} the generator's held-out split. Each file: the
 * bytes {@code ANIC}, a version (1) and a sample count as big-endian ints, then per sample the
 * prompt's and the reply's token counts as unsigned shorts and the tokens as unsigned shorts (the
 * loss counts the reply's).
 */
public final class CorpusCommand {
    /** Samples longer than this many tokens are left out (the trainer's sequence length). */
    static final int MAX_TOKENS = 256;

    private CorpusCommand() {}

    /** @return the exit code: 0, 1 for an unreadable input or an unwritable folder, 2 for bad arguments */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        DjlRuntime.ensureOffline();
        Options o = CommandLines.parse(new Options(), args, out);
        if (o == null) {
            return 0;
        }
        if (o.samples < 100 || o.samples > 5_000_000 || !(o.generalShare >= 0 && o.generalShare <= 1)) {
            throw new IllegalArgumentException("corpus needs --samples 100 to 5000000 and --general-share 0 to 1; got "
                    + o.samples + ", " + o.generalShare);
        }
        if (!DecoderFiles.bundledPresent()) {
            err.println("This build has no bundled decoder, whose tokenizer the corpus is written in");
            return 1;
        }
        List<GroundedCorpus.JudgeWorld> trainWorlds;
        List<GroundedCorpus.JudgeWorld> heldWorlds;
        try {
            trainWorlds = GroundedCorpus.read(o.judgeWorlds, false);
            heldWorlds = GroundedCorpus.read(o.judgeWorlds, true);
        } catch (IOException e) {
            err.println("Could not read " + o.judgeWorlds + ": "
                    + (e instanceof NoSuchFileException
                            ? "no such file (models/training/judge/worlds.json is the judge's)"
                            : e.getMessage()));
            return 1;
        }
        Files.createDirectories(o.out);
        int general = (int) Math.round(o.samples * o.generalShare);
        List<Sample> train;
        List<Sample> heldWorldsSamples;
        try (Synonyms synonyms = new Synonyms()) {
            train = new ArrayList<>(
                    new GroundedCorpus(trainWorlds, synonyms::of).samples(o.samples - general, o.seed, false));
            heldWorldsSamples = new GroundedCorpus(heldWorlds, w -> List.of()).samples(600, o.seed + 1, true);
        }
        train.addAll(new WorldGenerator(o.seed, WorldGenerator.Split.TRAIN).samples(general));
        List<Sample> heldGenerated = new WorldGenerator(o.seed + 1, WorldGenerator.Split.EVAL).samples(400);
        Collections.shuffle(train, new Random(o.seed));
        try (LlamaTokenizer tokenizer = LlamaTokenizer.load(DecoderFiles.bundled())) {
            int[] kept = write(train, tokenizer, o.out.resolve("train.bin"));
            int[] keptHeld = write(heldWorldsSamples, tokenizer, o.out.resolve("heldout-worlds.bin"));
            int[] keptGenerated = write(heldGenerated, tokenizer, o.out.resolve("heldout-generated.bin"));
            out.printf(
                    Locale.ROOT,
                    "%d training samples (%d from %d hand-written worlds, %d generated; %d longer than %d tokens"
                            + " left out), %d held-out ones of %d other worlds and %d of the generator's held-out"
                            + " names written to %s%n",
                    kept[0],
                    o.samples - general,
                    trainWorlds.size(),
                    general,
                    kept[1],
                    MAX_TOKENS,
                    keptHeld[0],
                    heldWorlds.size(),
                    keptGenerated[0],
                    o.out);
        }
        return 0;
    }

    /** @return samples written and samples left out for length */
    private static int[] write(List<Sample> samples, LlamaTokenizer tokenizer, Path file) throws IOException {
        List<long[][]> encoded = new ArrayList<>(samples.size());
        int tooLong = 0;
        for (Sample s : samples) {
            long[] prompt = tokenizer.encodePlain(s.prompt());
            long[] reply = tokenizer.encodePlain(s.target());
            if (prompt.length + reply.length > MAX_TOKENS) {
                tooLong++;
            } else {
                encoded.add(new long[][] {prompt, reply});
            }
        }
        try (DataOutputStream data = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            data.writeBytes("ANIC");
            data.writeInt(1);
            data.writeInt(encoded.size());
            for (long[][] e : encoded) {
                data.writeShort(e[0].length);
                data.writeShort(e[1].length);
                for (long[] part : e) {
                    for (long id : part) {
                        data.writeShort((int) id);
                    }
                }
            }
        }
        return new int[] {encoded.size(), tooLong};
    }

    /** The options of {@code corpus}. */
    @CommandLine.Command(
            name = "corpus",
            sortOptions = false,
            description = "Writes a general decoder's training corpus, tokenised, for a trainer outside the JVM"
                    + " (models/training/gpu/train_decoder.py): the judge's hand-written worlds asked as players"
                    + " ask, mixed with the generated corpus.")
    public static final class Options {
        @CommandLine.Mixin
        CommandLines.Help help;

        @CommandLine.Option(
                names = "--judge-worlds",
                paramLabel = "FILE",
                required = true,
                description = "the judge's worlds.json (models/training/judge/export_json.py writes it)")
        Path judgeWorlds;

        @CommandLine.Option(
                names = "--out",
                paramLabel = "DIR",
                required = true,
                description = "the folder to write train.bin and the held-out files into")
        Path out;

        @CommandLine.Option(
                names = "--samples",
                paramLabel = "N",
                defaultValue = "200000",
                description = "training samples (default: ${DEFAULT-VALUE})")
        int samples;

        @CommandLine.Option(
                names = "--general-share",
                paramLabel = "F",
                defaultValue = "0.5",
                description = "the share of them from the generated corpus (default: ${DEFAULT-VALUE})")
        double generalShare;

        @CommandLine.Option(
                names = "--seed",
                paramLabel = "S",
                defaultValue = "20261204",
                description = "seeds the samples and their order (default: ${DEFAULT-VALUE})")
        long seed;
    }
}
