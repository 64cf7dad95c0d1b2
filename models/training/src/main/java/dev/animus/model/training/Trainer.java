package dev.animus.model.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.animus.model.llama.LlamaConfig;
import dev.animus.model.llama.LlamaConfigWriter;
import dev.animus.model.llama.LlamaModel;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.llama.Safetensors;
import dev.animus.model.runtime.DjlRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.LoggerFactory;

/**
 * Trains a Llama-architecture decoder from scratch on dialogue samples, on DJL's PyTorch
 * engine: next-token cross-entropy on the reply tokens only (the prompt is context, not a
 * target), Adam with warm-up and cosine decay, everything seeded. Each step's temporaries
 * live in a child manager closed after the step.
 */
public final class Trainer {

    /**
     * How to train.
     *
     * @param model the architecture
     * @param steps optimizer steps
     * @param batchSize samples per step
     * @param sequenceLength tokens per sample; longer samples are skipped
     * @param learningRate the peak learning rate
     * @param warmupSteps steps of linear warm-up
     * @param seed seeds initialisation and batch order
     * @param evalEvery evaluate every this many steps (0 = only at the end)
     */
    public record Settings(
            LlamaConfig model,
            int steps,
            int batchSize,
            int sequenceLength,
            float learningRate,
            int warmupSteps,
            long seed,
            int evalEvery) {}

    /** Hears how training goes. */
    public interface Progress {
        /**
         * After each step: its loss and the training speed.
         *
         * @return whether to go on (false ends training now, keeping the model as it is)
         */
        boolean step(int step, int steps, float loss, double tokensPerSecond);

        /**
         * After each evaluation: the loss on held-out samples.
         *
         * @param model the model as it is now (to save a checkpoint; do not close it)
         */
        void evaluated(int step, float loss, LlamaModel model);
    }

    /** A tokenised sample: inputs, next-token targets, and which targets count. */
    record Encoded(long[] input, long[] target, float[] weight) {}

    private static final NDIndex ALL = new NDIndex("...");

    private Trainer() {}

    /**
     * Tokenises samples for training: prompt and reply as one sequence, loss on the reply.
     *
     * @return the samples that fit the sequence length
     */
    static List<Encoded> encode(List<WorldGenerator.Sample> samples, LlamaTokenizer tokenizer, int length) {
        List<Encoded> out = new ArrayList<>(samples.size());
        for (WorldGenerator.Sample s : samples) {
            long[] prompt = tokenizer.encodePlain(s.prompt());
            long[] reply = tokenizer.encodePlain(s.target());
            int n = prompt.length + reply.length;
            if (n - 1 > length) {
                continue;
            }
            long[] input = new long[length];
            long[] target = new long[length];
            float[] weight = new float[length];
            long[] all = new long[n];
            System.arraycopy(prompt, 0, all, 0, prompt.length);
            System.arraycopy(reply, 0, all, prompt.length, reply.length);
            for (int i = 0; i < n - 1; i++) {
                input[i] = all[i];
                target[i] = all[i + 1];
                weight[i] = i + 1 >= prompt.length ? 1 : 0; // predict reply tokens only
            }
            out.add(new Encoded(input, target, weight));
        }
        return out;
    }

    /**
     * Trains a new model.
     *
     * @param settings how (not null)
     * @param tokenizer the tokenizer the model will use (not null)
     * @param train training samples (not empty)
     * @param eval held-out samples for the evaluation loss (may be empty)
     * @param progress hears progress (not null)
     * @return the trained model (the caller closes it)
     */
    public static LlamaModel train(
            Settings settings,
            LlamaTokenizer tokenizer,
            List<WorldGenerator.Sample> train,
            List<WorldGenerator.Sample> eval,
            Progress progress) {
        return train(settings, null, tokenizer, train, eval, progress);
    }

    /**
     * Trains a new model, or goes on training a saved one.
     *
     * @param settings how (not null; its model configuration must match {@code from}'s)
     * @param from a checkpoint folder to start from, or null to start from random weights
     * @param tokenizer the tokenizer the model will use (not null; {@code from}'s own, if given)
     * @param train training samples (not empty)
     * @param eval held-out samples for the evaluation loss (may be empty)
     * @param progress hears progress (not null)
     * @return the trained model (the caller closes it)
     */
    public static LlamaModel train(
            Settings settings,
            Path from,
            LlamaTokenizer tokenizer,
            List<WorldGenerator.Sample> train,
            List<WorldGenerator.Sample> eval,
            Progress progress) {
        Engine engine = DjlRuntime.requireEngine(DjlRuntime.PYTORCH);
        List<Encoded> data = encode(train, tokenizer, settings.sequenceLength());
        List<Encoded> held = encode(eval, tokenizer, settings.sequenceLength());
        if (data.isEmpty()) {
            throw new IllegalArgumentException("no training sample fits " + settings.sequenceLength() + " tokens");
        }
        LlamaModel model;
        if (from == null) {
            model = LlamaModel.initialize(settings.model(), engine.newBaseManager(), settings.seed());
        } else {
            try {
                model = LlamaModel.loadForTraining(from, engine.newBaseManager());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the checkpoint in " + from, e);
            }
        }
        // Element-wise gradient clipping: one unlucky batch must not blow the weights up.
        Optimizer adam = Optimizer.adam()
                .optLearningRateTracker(schedule(settings))
                .optClipGrad(1f)
                .build();
        SplittableRandom order = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
        var weights = model.trainableWeights();
        int skipped = 0;
        for (int step = 1; step <= settings.steps(); step++) {
            long start = System.nanoTime();
            List<Encoded> batch = new ArrayList<>(settings.batchSize());
            for (int i = 0; i < settings.batchSize(); i++) {
                batch.add(data.get(order.nextInt(data.size())));
            }
            float loss;
            // Every array the step makes (activations, the graph's saved tensors) is closed with
            // the scope; the weights' gradients live on in the weights themselves.
            try (NDScope arrays = new NDScope();
                    NDManager scope = engine.newBaseManager();
                    GradientCollector collector = engine.newGradientCollector()) {
                NDArray value = loss(model, scope, batch);
                collector.backward(value);
                loss = value.getFloat();
            }
            boolean finite = Float.isFinite(loss) && gradientsFinite(weights.values());
            if (!finite) {
                skipped++;
            }
            for (var e : weights.entrySet()) {
                // Outside the scope: Adam's state (made on the first update) must outlive the step.
                try (NDArray grad = e.getValue().getGradient()) {
                    if (finite) { // a non-finite loss is skipped, never applied
                        adam.update(e.getKey(), e.getValue(), grad);
                    }
                    clear(grad);
                }
            }
            double tokens = batch.stream().mapToDouble(b -> countTokens(b)).sum();
            boolean goOn = progress.step(step, settings.steps(), loss, tokens / ((System.nanoTime() - start) / 1e9));
            if (!finite) {
                LoggerFactory.getLogger(Trainer.class)
                        .warn(
                                "Step {} had a non-finite loss or gradient and" + " was skipped ({} so far)",
                                step,
                                skipped);
            }
            if (!held.isEmpty()
                    && (!goOn
                            || step == settings.steps()
                            || settings.evalEvery() > 0 && step % settings.evalEvery() == 0)) {
                progress.evaluated(step, evaluate(model, engine, held, settings.batchSize()), model);
            }
            if (!goOn) {
                break;
            }
        }
        if (skipped > 0) {
            LoggerFactory.getLogger(Trainer.class)
                    .warn("{} step(s) had non-finite losses or gradients and" + " were skipped", skipped);
        }
        return model;
    }

    /**
     * Zeroes a gradient (they accumulate otherwise). Set, not multiplied by 0: NaN * 0 is NaN,
     * and one bad step would then poison every later one.
     */
    static void clear(NDArray gradient) {
        // set(index, number) makes a scalar array in the gradient's manager (the model's) and
        // never closes it. Without the scope each weight leaked one array per step, and those
        // small native blocks, left among the step's large freed buffers, kept the C heap from
        // reusing them: resident memory grew by megabytes a step.
        try (NDScope arrays = new NDScope()) {
            gradient.set(ALL, 0f);
        }
    }

    /** Whether every gradient is finite: a NaN or an infinity must never reach the weights. */
    private static boolean gradientsFinite(Collection<NDArray> weights) {
        try (NDScope arrays = new NDScope()) {
            for (NDArray w : weights) {
                NDArray g = w.getGradient();
                if (g.isNaN().any().getBoolean() || g.isInfinite().any().getBoolean()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Mean next-token loss over held-out samples (reply tokens only). */
    public static float evaluate(LlamaModel model, Engine engine, List<Encoded> samples, int batchSize) {
        double total = 0;
        int batches = 0;
        for (int i = 0; i < samples.size(); i += batchSize) {
            try (NDScope arrays = new NDScope();
                    NDManager scope = engine.newBaseManager()) {
                total += loss(model, scope, samples.subList(i, Math.min(samples.size(), i + batchSize)))
                        .getFloat();
                batches++;
            }
        }
        return (float) (total / Math.max(1, batches));
    }

    /**
     * The perplexity of a model on samples: exp of its mean next-token loss on their replies.
     *
     * @param sequenceLength tokens per sample; longer samples are left out
     */
    public static double perplexity(
            LlamaModel model, LlamaTokenizer tokenizer, List<WorldGenerator.Sample> samples, int sequenceLength) {
        List<Encoded> encoded = encode(samples, tokenizer, sequenceLength);
        return Math.exp(evaluate(model, DjlRuntime.requireEngine(DjlRuntime.PYTORCH), encoded, 16));
    }

    private static NDArray loss(LlamaModel model, NDManager scope, List<Encoded> batch) {
        int b = batch.size();
        int t = batch.get(0).input().length;
        long[] in = new long[b * t];
        long[] out = new long[b * t];
        float[] w = new float[b * t];
        for (int i = 0; i < b; i++) {
            System.arraycopy(batch.get(i).input(), 0, in, i * t, t);
            System.arraycopy(batch.get(i).target(), 0, out, i * t, t);
            System.arraycopy(batch.get(i).weight(), 0, w, i * t, t);
        }
        NDArray logits = model.trainingLogits(scope.create(in, new Shape(b, t)));
        NDArray logp = logits.logSoftmax(-1);
        NDArray picked = logp.gather(scope.create(out, new Shape(b, t, 1)), -1).reshape(b, t);
        NDArray weights = scope.create(w, new Shape(b, t));
        return picked.mul(weights).sum().neg().div(weights.sum().maximum(1f));
    }

    private static double countTokens(Encoded e) {
        double n = 0;
        for (long id : e.input()) {
            n += id != 0 ? 1 : 0;
        }
        return n;
    }

    /** Linear warm-up to the peak, then cosine decay to a tenth of it. */
    private static Tracker schedule(Settings s) {
        return numUpdate -> {
            int step = numUpdate + 1;
            if (step <= s.warmupSteps()) {
                return s.learningRate() * step / Math.max(1, s.warmupSteps());
            }
            double progress = Math.min(1, (step - s.warmupSteps()) / (double) Math.max(1, s.steps() - s.warmupSteps()));
            return (float) (s.learningRate() * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress))));
        };
    }

    /**
     * Saves a trained model as a Hugging Face checkpoint folder: config.json,
     * model.safetensors and tokenizer.json, which {@link LlamaModel#load} reads back.
     *
     * @param model the model (trained by {@link #train})
     * @param tokenizerJson the tokenizer.json it was trained with
     * @param folder where (created if needed)
     */
    public static void save(LlamaModel model, Path tokenizerJson, Path folder) throws IOException {
        Files.createDirectories(folder);
        LlamaConfigWriter.write(model.config(), folder.resolve("config.json"));
        // exportWeights makes transposed, contiguous copies in the model's manager: the scope
        // closes them, or every checkpoint saved during training would leak a copy of the weights.
        try (NDScope arrays = new NDScope()) {
            Safetensors.write(folder.resolve("model.safetensors"), model.exportWeights());
        }
        Files.copy(tokenizerJson, folder.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
    }
}
