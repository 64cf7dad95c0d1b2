package dev.animus.inference;

import dev.animus.model.llama.Checkpoint;
import dev.animus.model.llama.ContinuousBatch;
import dev.animus.model.llama.LlamaConfig;
import dev.animus.model.llama.LlamaModel;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.llama.Precision;
import dev.animus.model.llama.SequenceDecoder;
import dev.animus.model.llama.SlotModel;
import dev.animus.model.llama.cpu.CpuLlama;
import dev.animus.model.prompt.PromptFormat;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.model.runtime.DeviceSelector;
import dev.animus.model.runtime.DjlRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A Llama-family decoder as a {@link GenerativeModel}: each worker's session is a
 * {@link ContinuousBatch}, so every decode step runs all of the worker's conversations
 * together. The model is loaded by the first worker that opens a session.
 */
public final class DecoderModel implements Decoder {
    /** The name the plugin uses for its decoder. */
    public static final String NAME = "decoder";

    private final String name;
    private final int maxActive;
    private final Supplier<? extends SlotModel> modelLoader;
    private final Supplier<LlamaTokenizer> tokenizerLoader;
    private final Supplier<Path> folder;
    private SlotModel model;
    private LlamaTokenizer tokenizer;
    private final CompletableFuture<Loaded> loaded = new CompletableFuture<>();

    /**
     * @param name the model's name in requests (not null)
     * @param maxActive most conversations one worker decodes at once (1 to 4096)
     * @param modelLoader loads the model, once, on a worker (not null)
     * @param tokenizerLoader loads its tokenizer, once, on a worker (not null)
     */
    public DecoderModel(
            String name,
            int maxActive,
            Supplier<? extends SlotModel> modelLoader,
            Supplier<LlamaTokenizer> tokenizerLoader) {
        this(name, maxActive, modelLoader, tokenizerLoader, () -> null);
    }

    private DecoderModel(
            String name,
            int maxActive,
            Supplier<? extends SlotModel> modelLoader,
            Supplier<LlamaTokenizer> tokenizerLoader,
            Supplier<Path> folder) {
        QueueConfig.requireIn("maxActive", maxActive, 1, 4096);
        this.name = name;
        this.maxActive = maxActive;
        this.modelLoader = modelLoader;
        this.tokenizerLoader = tokenizerLoader;
        this.folder = folder;
    }

    /**
     * The plugin's decoder ({@link #NAME}) from a Hugging Face checkpoint folder: model and
     * tokenizer load on the first worker that needs them.
     *
     * @param maxActive most conversations one worker decodes at once
     * @param folder the checkpoint folder, asked when loading (so a bundled one is copied out on a worker)
     * @param device where the model runs
     */
    public static DecoderModel inFolder(int maxActive, Supplier<Path> folder, DevicePreference device) {
        return inFolder(maxActive, folder, device, Precision.AUTO);
    }

    /**
     * {@link #inFolder(int, Supplier, DevicePreference)} in a precision.
     *
     * @param precision what the weights, activations and caches are kept in
     */
    public static DecoderModel inFolder(
            int maxActive, Supplier<Path> folder, DevicePreference device, Precision precision) {
        return new DecoderModel(
                NAME,
                maxActive,
                () -> loadModel(folder.get(), device, precision),
                () -> LlamaTokenizer.load(folder.get()),
                folder);
    }

    /**
     * Loads a checkpoint on the runtime that decodes it fastest here: the Java decoder for a
     * small plain Llama on the CPU in fp32 (where a general engine's per-operation cost outweighs
     * the arithmetic: 5-8x the tokens/s at one conversation, see README, "Decoder"), DJL's
     * PyTorch engine otherwise (a GPU, half precision, a wide model, the other families).
     */
    static SlotModel loadModel(Path folder, DevicePreference device, Precision precision) {
        Checkpoint checkpoint = Checkpoint.read(folder);
        LlamaConfig config = checkpoint.config();
        boolean small = CpuLlama.runs(config) && config.hiddenSize() <= CpuLlama.DEFAULT_MAX_WIDTH;
        if (small
                && precision != Precision.FP16
                && !DeviceSelector.select(DjlRuntime.requireEngine(DjlRuntime.PYTORCH), device)
                        .isGpu()) {
            // As many threads as PyTorch was given (the queue's setting; all cores but one by default).
            return noted(CpuLlama.load(
                    checkpoint,
                    Integer.getInteger("ai.djl.pytorch.num_threads", DjlRuntime.cpuThreads()),
                    LlamaModel.load(checkpoint, DevicePreference.CPU, Precision.FP32))); // for long prefills
        }
        return noted(LlamaModel.load(checkpoint, device, precision));
    }

    /** The model, its runtime recorded for status displays ({@code AnimusAppState.devices()}). */
    private static SlotModel noted(SlotModel model) {
        DeviceSelector.runsOn("decoder", model.runtime());
        return model;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Class<DecodeRequest> inputType() {
        return DecodeRequest.class;
    }

    @Override
    public int maxActive() {
        return maxActive;
    }

    /** Completes once a worker has loaded the model, or fails with the reason it could not. */
    @Override
    public CompletableFuture<Loaded> loaded() {
        return loaded.copy();
    }

    @Override
    public void loadGivenUp(String reason) {
        loaded.completeExceptionally(new IllegalStateException(reason));
    }

    private synchronized void load() {
        if (model == null) {
            LlamaTokenizer t = null;
            SlotModel m = null;
            try {
                t = tokenizerLoader.get();
                m = modelLoader.get();
                requireMatch(t, m);
            } catch (RuntimeException | Error e) { // what did load is closed again: nothing stays half-loaded
                if (m != null) {
                    m.close();
                }
                if (t != null) {
                    t.close();
                }
                loaded.completeExceptionally(e);
                throw e;
            }
            tokenizer = t;
            model = m;
            loaded.complete(new Loaded(t, m.config().vocabSize(), m.config().maxPositions(), folder.get()));
        }
    }

    /**
     * A tokenizer from another model gives ids the model has no embedding for: refuse it at
     * load, with the reason, rather than fail every reply later deep in the engine.
     */
    private static void requireMatch(LlamaTokenizer tokenizer, SlotModel model) {
        long[] ids = tokenizer.encode(
                "What does a sword cost? " + String.join(" ", PromptFormat.MARKERS) + " ~ 0123456789 Zz");
        int vocab = model.config().vocabSize();
        for (long id : ids) {
            if (id < 0 || id >= vocab) {
                throw new IllegalStateException("the tokenizer " + tokenizer.file()
                        + " does not belong to its model: it"
                        + " gives token id " + id + ", and the model knows " + vocab + " tokens. Use the tokenizer.json"
                        + " that came with the checkpoint.");
            }
        }
    }

    @Override
    public Session<DecodeRequest, DecodeResult> openSession() {
        load();
        ContinuousBatch<Long> batch = new ContinuousBatch<>(model, maxActive);
        return new Session<>() {
            @Override
            public DecodeResult join(long id, DecodeRequest input) {
                SequenceDecoder decoder =
                        new SequenceDecoder(input.config(), input.plan(), tokenizer, input.listener());
                batch.enqueue(id, input.prompt(), decoder); // prefilled with the others joining, at the next step
                return null;
            }

            @Override
            public List<Done<DecodeResult>> step() {
                List<Done<DecodeResult>> done = new ArrayList<>();
                for (ContinuousBatch.Finished<Long> f : batch.step()) {
                    done.add(new Done<>(f.key(), result(f.decoder())));
                }
                return done;
            }

            @Override
            public boolean cancel(long id) {
                return batch.cancel(id);
            }

            @Override
            public int active() {
                return batch.size();
            }

            @Override
            public void close() {
                batch.close();
            }
        };
    }

    private DecodeResult result(SequenceDecoder d) {
        return new DecodeResult(d.tokens(), tokenizer.decode(d.tokens()), d.choices(), d.stopReason());
    }

    @Override
    public synchronized void close() {
        if (model != null) {
            model.close();
            tokenizer.close();
        }
        model = null;
        tokenizer = null;
    }
}
