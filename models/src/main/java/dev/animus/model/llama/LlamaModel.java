package dev.animus.model.llama;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.model.runtime.DeviceSelector;
import dev.animus.model.runtime.DjlRuntime;
import dev.animus.model.runtime.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hugging Face Llama-family decoder on DJL's PyTorch engine: token embedding (tied or
 * untied), RoPE (plain, linear, dynamic, llama3 or yarn scaling), RMSNorm, grouped-query
 * attention with a causal mask (and a sliding window where a layer has one), SwiGLU MLP, all in
 * fp32; the families' own parts where their config asks: projection biases (Qwen2, Llama's
 * {@code attention_bias}/{@code mlp_bias}), per-head query and key norms (Qwen3), a head width of
 * their own ({@link LlamaConfig}).
 *
 * <p>The weights live in this model's NDManager on the chosen device. Each forward call does
 * its work in a child manager that is closed when it returns, so temporaries never leak; the
 * KV cache owns its own arrays. The model itself is immutable after loading and may be shared,
 * but a {@link KvCache} belongs to one thread at a time.
 */
public final class LlamaModel implements SlotModel {
    private static final Logger LOG = LoggerFactory.getLogger(LlamaModel.class);

    private final LlamaConfig config;
    private final NDManager manager;
    private final NDArray embed;
    private final NDArray lmHeadT;
    private final NDArray finalNorm;
    private final Layer[] layers;
    private final float[] invFreq;
    /** Gemma 3's sliding layers' own RoPE frequencies (plain RoPE), or null where all layers share one. */
    private final float[] localInvFreq;
    /** What cos and sin are multiplied by (yarn's attention factor; 1 otherwise). */
    private final double cosSinScale;
    /** The tensor names the layers took, to refuse a checkpoint with parts the config does not name. */
    private final Set<String> expected = new HashSet<>();
    /** Whether the weights are gradient leaves (a model being trained) rather than loaded views. */
    private final boolean trainable;
    /** What weights, activations and the cache are kept in; norms and softmax compute in fp32. */
    private final DataType dtype;

    /** One transformer block's weights, transposed for x.matMul(w). */
    private record Layer(
            NDArray inputNorm,
            NDArray wq,
            NDArray wk,
            NDArray wv,
            NDArray wo,
            NDArray postNorm,
            NDArray wGate,
            NDArray wUp,
            NDArray wDown,
            Biases biases,
            NDArray qNorm,
            NDArray kNorm,
            int window,
            NDArray preFfnNorm,
            NDArray postFfnNorm) {}

    /** A layer's bias vectors, each null where the family has none. */
    private record Biases(NDArray q, NDArray k, NDArray v, NDArray o, NDArray gate, NDArray up, NDArray down) {
        static final Biases NONE = new Biases(null, null, null, null, null, null, null);
    }

    /**
     * A freshly initialised model for training: weights drawn from N(0, 0.02), norms at 1, each
     * a leaf that records gradients. Deterministic for a seed.
     *
     * @param config the architecture (not null)
     * @param manager where the weights live (not null; the model closes it)
     * @param seed the initialisation seed
     * @return the model
     */
    public static LlamaModel initialize(LlamaConfig config, NDManager manager, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Safetensors.Tensor> w = new LinkedHashMap<>();
        int d = config.hiddenSize();
        requirePlain(config, "");
        int kv = config.kvHeads() * config.headDim();
        int inter = config.intermediateSize();
        w.put("model.embed_tokens.weight", gaussian("model.embed_tokens.weight", random, config.vocabSize(), d));
        if (!config.tieWordEmbeddings()) {
            w.put("lm_head.weight", gaussian("lm_head.weight", random, config.vocabSize(), d));
        }
        w.put("model.norm.weight", ones("model.norm.weight", d));
        for (int i = 0; i < config.layers(); i++) {
            String p = "model.layers." + i + ".";
            w.put(p + "input_layernorm.weight", ones(p + "input_layernorm.weight", d));
            w.put(p + "post_attention_layernorm.weight", ones(p + "post_attention_layernorm.weight", d));
            w.put(p + "self_attn.q_proj.weight", gaussian(p + "self_attn.q_proj.weight", random, d, d));
            w.put(p + "self_attn.k_proj.weight", gaussian(p + "self_attn.k_proj.weight", random, kv, d));
            w.put(p + "self_attn.v_proj.weight", gaussian(p + "self_attn.v_proj.weight", random, kv, d));
            w.put(p + "self_attn.o_proj.weight", gaussian(p + "self_attn.o_proj.weight", random, d, d));
            w.put(p + "mlp.gate_proj.weight", gaussian(p + "mlp.gate_proj.weight", random, inter, d));
            w.put(p + "mlp.up_proj.weight", gaussian(p + "mlp.up_proj.weight", random, inter, d));
            w.put(p + "mlp.down_proj.weight", gaussian(p + "mlp.down_proj.weight", random, d, inter));
        }
        LlamaModel model = new LlamaModel(config, manager, w, true);
        return model;
    }

    private static Safetensors.Tensor gaussian(String name, SplittableRandom random, int rows, int cols) {
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            // Box-Muller from the seeded source: reproducible across JVMs.
            double u = Math.max(1e-12, random.nextDouble());
            data[i] = (float) (0.02 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        return new Safetensors.Tensor(name, new long[] {rows, cols}, data);
    }

    private static Safetensors.Tensor ones(String name, int n) {
        float[] data = new float[n];
        Arrays.fill(data, 1f);
        return new Safetensors.Tensor(name, new long[] {n}, data);
    }

    private LlamaModel(LlamaConfig config, NDManager manager, Map<String, Safetensors.Tensor> w, DataType dtype) {
        this(config, manager, w, false, dtype);
    }

    private LlamaModel(LlamaConfig config, NDManager manager, Map<String, Safetensors.Tensor> w, boolean trainable) {
        this(config, manager, w, trainable, DataType.FLOAT32);
    }

    private LlamaModel(
            LlamaConfig config,
            NDManager manager,
            Map<String, Safetensors.Tensor> w,
            boolean trainable,
            DataType dtype) {
        this.trainable = trainable;
        this.dtype = dtype;
        this.config = config;
        this.manager = manager;
        Safetensors.Tensor emb = w.containsKey("model.embed_tokens.weight")
                ? w.get("model.embed_tokens.weight")
                : config.tieWordEmbeddings() ? w.get("lm_head.weight") : null;
        require(emb, "model.embed_tokens.weight");
        this.embed = array(emb, config.vocabSize(), config.hiddenSize());
        if (trainable) {
            embed.setName("model.embed_tokens.weight");
            embed.setRequiresGradient(true);
        }
        Safetensors.Tensor head = config.tieWordEmbeddings() ? emb : w.get("lm_head.weight");
        require(head, "lm_head.weight");
        this.lmHeadT = config.tieWordEmbeddings() && trainable
                ? embed.transpose()
                : linear(Map.of("lm_head.weight", head), "lm_head.weight", config.vocabSize(), config.hiddenSize());
        this.finalNorm = gain(w, "model.norm.weight", config.hiddenSize());
        int d = config.hiddenSize();
        int q = config.heads() * config.headDim();
        int kv = config.kvHeads() * config.headDim();
        int inter = config.intermediateSize();
        this.layers = new Layer[config.layers()];
        for (int i = 0; i < layers.length; i++) {
            String p = "model.layers." + i + ".";
            layers[i] = new Layer(
                    gain(w, p + "input_layernorm.weight", d),
                    linear(w, p + "self_attn.q_proj.weight", q, d),
                    linear(w, p + "self_attn.k_proj.weight", kv, d),
                    linear(w, p + "self_attn.v_proj.weight", kv, d),
                    linear(w, p + "self_attn.o_proj.weight", d, q),
                    gain(w, p + "post_attention_layernorm.weight", d),
                    linear(w, p + "mlp.gate_proj.weight", inter, d),
                    linear(w, p + "mlp.up_proj.weight", inter, d),
                    linear(w, p + "mlp.down_proj.weight", d, inter),
                    biases(w, p, q, kv, d, inter),
                    config.qkNorm() ? gain(w, p + "self_attn.q_norm.weight", config.headDim()) : null,
                    config.qkNorm() ? gain(w, p + "self_attn.k_norm.weight", config.headDim()) : null,
                    config.windows().get(i),
                    config.gemma() == null ? null : gain(w, p + "pre_feedforward_layernorm.weight", d),
                    config.gemma() == null ? null : gain(w, p + "post_feedforward_layernorm.weight", d));
        }
        this.invFreq = config.rope().inverseFrequencies(config.ropeTheta(), config.headDim());
        this.cosSinScale = config.rope().cosSinScale();
        this.localInvFreq = config.gemma() != null && config.gemma().localRopeTheta() > 0
                ? LlamaConfig.Rope.DEFAULT.inverseFrequencies(config.gemma().localRopeTheta(), config.headDim())
                : null;
        Checkpoint.requireAllUsed(w, expected);
    }

    /** The family's bias vectors for one layer, as its config says it has them. */
    private Biases biases(Map<String, Safetensors.Tensor> w, String p, int q, int kv, int d, int inter) {
        LlamaConfig.AttentionBias a = config.attentionBias();
        boolean qkv = a != LlamaConfig.AttentionBias.NONE;
        boolean mlp = config.mlpBias();
        if (!qkv && !mlp) {
            return Biases.NONE;
        }
        return new Biases(
                qkv ? vector(w, p + "self_attn.q_proj.bias", q) : null,
                qkv ? vector(w, p + "self_attn.k_proj.bias", kv) : null,
                qkv ? vector(w, p + "self_attn.v_proj.bias", kv) : null,
                a == LlamaConfig.AttentionBias.ALL ? vector(w, p + "self_attn.o_proj.bias", d) : null,
                mlp ? vector(w, p + "mlp.gate_proj.bias", inter) : null,
                mlp ? vector(w, p + "mlp.up_proj.bias", inter) : null,
                mlp ? vector(w, p + "mlp.down_proj.bias", d) : null);
    }

    private NDArray vector(Map<String, Safetensors.Tensor> w, String name, int n) {
        return array(require(w.get(name), name), n);
    }

    /**
     * Loads a checkpoint folder ({@code config.json} and safetensors weights).
     *
     * @param folder the folder (not null)
     * @param preference which device to use (not null)
     * @return the model
     * @throws ModelLoadException naming the file and what is wrong with it
     * @throws IllegalStateException if the PyTorch engine is not on the class path
     */
    public static LlamaModel load(Path folder, DevicePreference preference) {
        return load(folder, preference, Precision.AUTO);
    }

    /**
     * Loads a checkpoint folder ({@code config.json} and safetensors weights) in a precision.
     *
     * @param folder the folder (not null)
     * @param preference which device to use (not null)
     * @param precision what the weights, activations and cache are kept in (not null)
     * @return the model
     * @throws ModelLoadException naming the file and what is wrong with it
     * @throws IllegalStateException if the PyTorch engine is not on the class path
     */
    public static LlamaModel load(Path folder, DevicePreference preference, Precision precision) {
        return load(Checkpoint.read(folder), preference, precision);
    }

    /**
     * {@link #load(Path, DevicePreference, Precision)} from a checkpoint already read.
     *
     * @param checkpoint the checkpoint (not null)
     * @param preference which device to use (not null)
     * @param precision what the weights, activations and cache are kept in (not null)
     * @return the model
     * @throws ModelLoadException if the weights do not fit the config
     */
    public static LlamaModel load(Checkpoint checkpoint, DevicePreference preference, Precision precision) {
        Path folder = checkpoint.folder();
        LlamaConfig config = checkpoint.config();
        Map<String, Safetensors.Tensor> weights = checkpoint.weights();
        Engine engine = DjlRuntime.requireEngine(DjlRuntime.PYTORCH);
        Device device = DeviceSelector.select(engine, preference);
        NDManager manager = engine.newBaseManager(device);
        DataType dtype = precision.dataType(device.isGpu(), config.gemma() == null);
        try {
            LlamaModel model = new LlamaModel(config, manager, weights, dtype);
            LOG.info(
                    "Llama model {} loaded on {} in {}: {} layers, width {}, {} heads ({} key/value), vocabulary {}{}",
                    folder.getFileName(),
                    device,
                    dtype,
                    config.layers(),
                    config.hiddenSize(),
                    config.heads(),
                    config.kvHeads(),
                    config.vocabSize(),
                    device.isGpu() ? "" : " (" + System.getProperty("ai.djl.pytorch.num_threads") + " CPU thread(s))");
            return model;
        } catch (IllegalArgumentException e) {
            manager.close();
            throw checkpoint.mismatch(e);
        }
    }

    /**
     * Loads a checkpoint to train further (fine-tuning): its weights become gradient leaves, as
     * in a model made by {@link #initialize}.
     *
     * @param folder a checkpoint folder (not null)
     * @param manager where the weights live (not null; the model closes it)
     * @return the model
     * @throws IOException if the folder cannot be read
     */
    public static LlamaModel loadForTraining(Path folder, NDManager manager) throws IOException {
        LlamaConfig config = LlamaConfig.read(folder.resolve("config.json"));
        requirePlain(config, " in " + folder);
        return new LlamaModel(config, manager, Safetensors.readFolder(folder), true);
    }

    /** The trainer updates only the plain shape's weights: refuse the rest rather than drop their parts. */
    private static void requirePlain(LlamaConfig config, String where) {
        if (!config.plain()) {
            throw new IllegalArgumentException("training supports plain Llama configs (no biases, query/key norms,"
                    + " sliding windows or other head widths), not the " + config.modelType() + " one" + where);
        }
    }

    /** @return the data type the model computes in (FLOAT32 or FLOAT16) */
    public DataType dataType() {
        return dtype;
    }

    /** @return the model's configuration */
    @Override
    public LlamaConfig config() {
        return config;
    }

    @Override
    public DecodeSlots newSlots() {
        return new DjlSlots(this);
    }

    @Override
    public String runtime() {
        return "PyTorch " + manager.getDevice() + " " + dtype.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return an empty cache for one sequence, on this model's device */
    public KvCache newCache() {
        return new KvCache(manager.newSubManager(), config.layers());
    }

    /**
     * Runs tokens through the model after what the cache already holds, and adds them to it.
     *
     * @param tokens the new tokens (not empty)
     * @param cache the sequence's cache (not null; grows by tokens.length)
     * @return the logits of the last token, a new array of vocabSize floats
     */
    public float[] forward(long[] tokens, KvCache cache) {
        float[][] all = forward(tokens, cache, false);
        return all[0];
    }

    /**
     * Like {@link #forward(long[], KvCache)}, returning the logits of every new token.
     *
     * @return [tokens.length][vocabSize] logits
     */
    public float[][] forwardAll(long[] tokens, KvCache cache) {
        return forward(tokens, cache, true);
    }

    private float[][] forward(long[] tokens, KvCache cache, boolean allPositions) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("forward needs at least one token");
        }
        int past = cache.length();
        if (past + tokens.length > config.maxPositions()) {
            throw new IllegalArgumentException("sequence of " + (past + tokens.length) + " tokens exceeds the model's "
                    + config.maxPositions() + " positions");
        }
        int t = tokens.length;
        int heads = config.heads();
        int kvHeads = config.kvHeads();
        int hd = config.headDim();
        // An operation's result joins its first operand's manager: here the model's, for
        // embed.get and x.matMul(w). The NDScope closes every array made in this call, so none
        // outlives it except what the cache keeps (it unregisters those).
        try (NDScope arrays = new NDScope();
                NDManager scope = manager.newSubManager()) {
            NDArray ids = scope.create(tokens);
            for (long id : tokens) {
                if (id < 0 || id >= config.vocabSize()) {
                    throw new IllegalArgumentException(
                            "token id " + id + " is outside the vocabulary of " + config.vocabSize());
                }
            }
            NDArray h = embedded(ids); // (T, D)
            NDArray[] rope = rope(scope, past, t);
            NDArray[] localRope =
                    localInvFreq == null ? rope : rope(scope, past, t, localInvFreq, 1); // Gemma 3's sliding layers
            Map<Integer, NDArray> masks = new HashMap<>();
            for (int l = 0; l < layers.length; l++) {
                Layer layer = layers[l];
                NDArray[] layerRope = layer.window() > 0 ? localRope : rope;
                NDArray mask = masks.computeIfAbsent(layer.window(), w -> inDtype(causalMask(scope, past, t, w)));
                NDArray x = rmsNorm(h, layer.inputNorm());
                NDArray q = applyRope(
                        norm(project(x, layer.wq(), layer.biases().q()).reshape(t, heads, hd), layer.qNorm())
                                .transpose(1, 0, 2),
                        layerRope);
                NDArray k = applyRope(
                        norm(project(x, layer.wk(), layer.biases().k()).reshape(t, kvHeads, hd), layer.kNorm())
                                .transpose(1, 0, 2),
                        layerRope);
                NDArray v = project(x, layer.wv(), layer.biases().v())
                        .reshape(t, kvHeads, hd)
                        .transpose(1, 0, 2);
                NDArray[] kv = cache.append(l, k, v); // (KV, past + T, hd), owned by the cache
                NDArray keys = kv[0];
                NDArray values = kv[1];
                if (kvHeads < heads) { // grouped-query attention: each kv head serves heads/kvHeads query heads
                    keys = keys.repeat(0, heads / kvHeads);
                    values = values.repeat(0, heads / kvHeads);
                }
                NDArray scores = scores(q.matMul(keys.transpose(0, 2, 1)), hd).add(mask);
                NDArray attn = softmax(scores).matMul(values).transpose(1, 0, 2).reshape(t, heads * hd);
                h = block(h, project(attn, layer.wo(), layer.biases().o()), layer);
            }
            float[][] out = logits(allPositions ? h : h.get(new NDIndex("{}:", t - 1)));
            cache.commit(t);
            return out;
        }
    }

    /**
     * Prefills several fresh sequences in one forward pass: their prompts, padded on the right
     * to the longest, run as one batch (the causal mask keeps each real token from the padding
     * after it), and each cache receives its own prompt's keys and values. A sequence gets the
     * logits it would get from {@link #forward} alone; sixteen prompts cost one pass, not sixteen.
     *
     * @param prompts each sequence's prompt (not empty, each not empty)
     * @param caches each sequence's cache, empty, in the same order (distinct)
     * @return the logits of each prompt's last token, [sequence][vocabSize]
     */
    public float[][] prefill(List<long[]> prompts, List<KvCache> caches) {
        int b = prompts.size();
        if (b == 0 || caches.size() != b) {
            throw new IllegalArgumentException(
                    "prefill needs one cache per prompt, got " + b + " prompts and " + caches.size() + " caches");
        }
        int t = 0;
        for (int i = 0; i < b; i++) {
            long[] p = prompts.get(i);
            if (p.length == 0 || caches.get(i).length() != 0) {
                throw new IllegalArgumentException("prefill takes non-empty prompts into empty caches (sequence " + i
                        + ": " + p.length + " tokens, cache of " + caches.get(i).length() + ")");
            }
            if (p.length > config.maxPositions()) {
                throw new IllegalArgumentException("sequence of " + p.length + " tokens exceeds the model's "
                        + config.maxPositions() + " positions");
            }
            for (long id : p) {
                if (id < 0 || id >= config.vocabSize()) {
                    throw new IllegalArgumentException(
                            "token id " + id + " is outside the vocabulary of " + config.vocabSize());
                }
            }
            t = Math.max(t, p.length);
        }
        if (b == 1) {
            return new float[][] {forward(prompts.get(0), caches.get(0))};
        }
        int heads = config.heads();
        int kvHeads = config.kvHeads();
        int hd = config.headDim();
        long[] padded = new long[b * t]; // padding is token 0: its states are computed and never read
        for (int i = 0; i < b; i++) {
            System.arraycopy(prompts.get(i), 0, padded, i * t, prompts.get(i).length);
        }
        final int width = t;
        try (NDScope arrays = new NDScope();
                NDManager scope = manager.newSubManager()) {
            NDArray h = embedded(scope.create(padded)).reshape(b, t, config.hiddenSize());
            NDArray[] rope = rope(scope, 0, t); // (T, hd): every prompt starts at position 0
            NDArray[] localRope =
                    localInvFreq == null ? rope : rope(scope, 0, t, localInvFreq, 1); // Gemma 3's sliding layers
            Map<Integer, NDArray> masks = new HashMap<>();
            for (int l = 0; l < layers.length; l++) {
                Layer layer = layers[l];
                NDArray[] layerRope = layer.window() > 0 ? localRope : rope;
                NDArray mask = masks.computeIfAbsent(layer.window(), w -> inDtype(causalMask(scope, 0, width, w)));
                NDArray x = rmsNorm(h, layer.inputNorm());
                NDArray q = applyRope(
                        norm(project(x, layer.wq(), layer.biases().q()).reshape(b, t, heads, hd), layer.qNorm())
                                .transpose(0, 2, 1, 3),
                        layerRope);
                NDArray k = applyRope(
                        norm(project(x, layer.wk(), layer.biases().k()).reshape(b, t, kvHeads, hd), layer.kNorm())
                                .transpose(0, 2, 1, 3),
                        layerRope);
                NDArray v = project(x, layer.wv(), layer.biases().v())
                        .reshape(b, t, kvHeads, hd)
                        .transpose(0, 2, 1, 3);
                for (int i = 0; i < b; i++) { // each cache keeps its own prompt's positions, not the padding
                    int n = prompts.get(i).length;
                    caches.get(i)
                            .append(
                                    l,
                                    k.get(new NDIndex("{}, :, :{}, :", i, n)),
                                    v.get(new NDIndex("{}, :, :{}, :", i, n)));
                }
                NDArray keys = k;
                NDArray values = v;
                if (kvHeads < heads) {
                    keys = keys.repeat(1, heads / kvHeads);
                    values = values.repeat(1, heads / kvHeads);
                }
                NDArray scores =
                        scores(q.matMul(keys.transpose(0, 1, 3, 2)), hd).add(mask);
                NDArray attn =
                        softmax(scores).matMul(values).transpose(0, 2, 1, 3).reshape(b, t, heads * hd);
                h = block(h, project(attn, layer.wo(), layer.biases().o()), layer);
            }
            NDList lasts = new NDList(b);
            for (int i = 0; i < b; i++) {
                lasts.add(h.get(new NDIndex("{}, {}", i, prompts.get(i).length - 1)));
            }
            float[][] out = logits(NDArrays.stack(lasts));
            for (int i = 0; i < b; i++) {
                caches.get(i).commit(prompts.get(i).length);
            }
            return out;
        }
    }

    /**
     * One decode step for several sequences at once, each at its own position: the heart of
     * continuous batching. Each sequence gives one new token; its cache (of any length) grows
     * by one. Attention runs over each sequence's own keys, padded to the longest cache with a
     * mask, so a sequence gets the same logits as when it is decoded alone.
     *
     * @param tokens one new token per sequence (not empty)
     * @param caches each sequence's cache, in the same order (distinct)
     * @return logits [sequence][vocabSize]
     */
    public float[][] decodeStep(long[] tokens, List<KvCache> caches) {
        int b = tokens.length;
        if (b == 0 || caches.size() != b) {
            throw new IllegalArgumentException(
                    "decodeStep needs one cache per token, got " + b + " tokens and " + caches.size() + " caches");
        }
        int heads = config.heads();
        int kvHeads = config.kvHeads();
        int hd = config.headDim();
        int[] past = new int[b];
        for (int i = 0; i < b; i++) {
            past[i] = caches.get(i).length();
        }
        int longest = stepWidth(tokens, past);
        try (NDScope arrays = new NDScope();
                NDManager scope = manager.newSubManager()) {
            NDArray h = embedded(scope.create(tokens)); // (B, D)
            NDArray[] rope = ropeAt(scope, past); // (B, 1, 1, hd)
            NDArray[] localRope =
                    localInvFreq == null ? rope : ropeAt(scope, past, localInvFreq, 1); // Gemma 3's sliding layers
            Map<Integer, NDArray> masks = new HashMap<>();
            final int width = longest;
            for (int l = 0; l < layers.length; l++) {
                Layer layer = layers[l];
                NDArray[] layerRope = layer.window() > 0 ? localRope : rope;
                NDArray mask = masks.computeIfAbsent(layer.window(), w -> inDtype(stepMask(scope, past, width, w)));
                NDArray x = rmsNorm(h, layer.inputNorm());
                NDArray q = applyRope(
                        norm(project(x, layer.wq(), layer.biases().q()).reshape(b, heads, 1, hd), layer.qNorm()),
                        layerRope);
                NDArray k = applyRope(
                        norm(project(x, layer.wk(), layer.biases().k()).reshape(b, kvHeads, 1, hd), layer.kNorm()),
                        layerRope);
                NDArray v = project(x, layer.wv(), layer.biases().v()).reshape(b, kvHeads, 1, hd);
                NDList keyList = new NDList(b);
                NDList valueList = new NDList(b);
                for (int i = 0; i < b; i++) {
                    NDArray[] kv = caches.get(i).append(l, k.get(i), v.get(i)); // (KV, past + 1, hd)
                    keyList.add(pad(scope, kv[0], longest));
                    valueList.add(pad(scope, kv[1], longest));
                }
                NDArray keys = NDArrays.stack(keyList); // (B, KV, longest, hd)
                NDArray values = NDArrays.stack(valueList);
                if (kvHeads < heads) {
                    keys = keys.repeat(1, heads / kvHeads);
                    values = values.repeat(1, heads / kvHeads);
                }
                NDArray scores =
                        scores(q.matMul(keys.transpose(0, 1, 3, 2)), hd).add(mask);
                NDArray attn = softmax(scores).matMul(values).reshape(b, heads * hd);
                h = block(h, project(attn, layer.wo(), layer.biases().o()), layer);
            }
            float[][] out = logits(h);
            for (int i = 0; i < b; i++) {
                caches.get(i).commit(1);
            }
            return out;
        }
    }

    /**
     * @return an empty cache for a continuous batch's sequences, on this model's device, in its
     *     precision
     */
    public SlotCache newSlotCache() {
        return new SlotCache(
                manager.newSubManager(),
                config.layers(),
                config.kvHeads(),
                config.headDim(),
                config.maxPositions(),
                dtype);
    }

    /**
     * One decode step for every sequence a slot cache holds, each at its own position, like
     * {@link #decodeStep} but with the keys and values written in place and attention over a
     * view of the cache: no per-sequence copies, and grouped-query attention broadcast rather
     * than repeated.
     *
     * @param tokens one new token per slot, in slot order
     * @param cache the sequences' cache (grows by one token each)
     * @return logits [slot][vocabSize]
     */
    public float[][] decodeSlots(long[] tokens, SlotCache cache) {
        int b = tokens.length;
        if (b == 0 || cache.size() != b) {
            throw new IllegalArgumentException(
                    "decodeSlots needs one token per slot, got " + b + " tokens and " + cache.size() + " slots");
        }
        int heads = config.heads();
        int kvHeads = config.kvHeads();
        int group = heads / kvHeads;
        int hd = config.headDim();
        int[] past = cache.lengths();
        int longest = stepWidth(tokens, past);
        long[] at = new long[b];
        long[] slotIds = new long[b];
        for (int i = 0; i < b; i++) {
            at[i] = past[i];
            slotIds[i] = i;
        }
        cache.reserveStep(); // outside the scope: grown arrays belong to the cache
        try (NDScope arrays = new NDScope();
                NDManager scope = manager.newSubManager()) {
            NDArray h = embedded(scope.create(tokens)); // (B, D)
            NDArray[] rope = ropeAt(scope, past); // (B, 1, 1, hd)
            NDArray[] localRope =
                    localInvFreq == null ? rope : ropeAt(scope, past, localInvFreq, 1); // Gemma 3's sliding layers
            NDArray slots = scope.create(slotIds);
            NDArray positions = scope.create(at);
            Map<Integer, NDArray> masks = new HashMap<>();
            final int width = longest;
            for (int l = 0; l < layers.length; l++) {
                Layer layer = layers[l];
                NDArray[] layerRope = layer.window() > 0 ? localRope : rope;
                // (B, 1, 1, 1, width): broadcast over key/value heads and the query heads of each
                NDArray mask = masks.computeIfAbsent(
                        layer.window(),
                        w -> inDtype(stepMask(scope, past, width, w)).expandDims(1));
                NDArray x = rmsNorm(h, layer.inputNorm());
                NDArray q = applyRope(
                        norm(project(x, layer.wq(), layer.biases().q()).reshape(b, heads, 1, hd), layer.qNorm()),
                        layerRope);
                NDArray k = applyRope(
                        norm(project(x, layer.wk(), layer.biases().k()).reshape(b, kvHeads, 1, hd), layer.kNorm()),
                        layerRope);
                NDArray v = project(x, layer.wv(), layer.biases().v()).reshape(b, kvHeads, hd);
                NDArray[] kv = cache.write(l, slots, positions, k.reshape(b, kvHeads, hd), v, width);
                NDArray keys = kv[0].expandDims(2); // (B, KV, 1, width, hd)
                NDArray values = kv[1].expandDims(2);
                NDArray grouped = q.reshape(b, kvHeads, group, 1, hd); // query head kv*group+j reads kv head kv
                NDArray scores = scores(grouped.matMul(keys.transpose(0, 1, 2, 4, 3)), hd)
                        .add(mask); // (B, KV, group, 1, width)
                NDArray attn = softmax(scores).matMul(values).reshape(b, heads * hd);
                h = block(h, project(attn, layer.wo(), layer.biases().o()), layer);
            }
            float[][] out = logits(h);
            cache.commit();
            return out;
        }
    }

    /**
     * Checks a decode step (each sequence one position further, each token in the vocabulary).
     *
     * @return the positions the step's attention spans: the longest sequence after it
     */
    private int stepWidth(long[] tokens, int[] past) {
        int longest = 0;
        for (int i = 0; i < tokens.length; i++) {
            if (past[i] + 1 > config.maxPositions()) {
                throw new IllegalArgumentException(
                        "sequence " + i + " would exceed the model's " + config.maxPositions() + " positions");
            }
            if (tokens[i] < 0 || tokens[i] >= config.vocabSize()) {
                throw new IllegalArgumentException(
                        "token id " + tokens[i] + " is outside the vocabulary of " + config.vocabSize());
            }
            longest = Math.max(longest, past[i] + 1);
        }
        return longest;
    }

    /** The logits of hidden states (rows, width): the final norm, the output projection, Gemma 2's cap, as fp32 rows. */
    private float[][] logits(NDArray hidden) {
        float[] flat = capLogits(rmsNorm(hidden, finalNorm).matMul(lmHeadT))
                .toType(DataType.FLOAT32, false)
                .toFloatArray();
        int vocab = config.vocabSize();
        float[][] out = new float[flat.length / vocab][vocab];
        for (int r = 0; r < out.length; r++) {
            System.arraycopy(flat, r * vocab, out[r], 0, vocab);
        }
        return out;
    }

    /** Zero-pads a cache's (KV, length, hd) keys or values to (KV, longest, hd) inside the step's scope. */
    private static NDArray pad(NDManager scope, NDArray kv, int longest) {
        long length = kv.getShape().get(1);
        if (length == longest) {
            return kv;
        }
        NDArray zeros = scope.zeros(
                new Shape(kv.getShape().get(0), longest - length, kv.getShape().get(2)), kv.getDataType());
        return NDArrays.concat(new NDList(kv, zeros), 1);
    }

    /** cos and sin, (B, 1, 1, headDim), each sequence at its own position. */
    private NDArray[] ropeAt(NDManager scope, int[] positions) {
        return ropeAt(scope, positions, invFreq, cosSinScale);
    }

    private NDArray[] ropeAt(NDManager scope, int[] positions, float[] invFreq, double cosSinScale) {
        int hd = config.headDim();
        int half = hd / 2;
        float[] cos = new float[positions.length * hd];
        float[] sin = new float[positions.length * hd];
        for (int s = 0; s < positions.length; s++) {
            for (int i = 0; i < half; i++) {
                float angle = positions[s] * invFreq[i]; // in fp32, as Hugging Face computes it
                cos[s * hd + i] = cos[s * hd + half + i] = (float) (Math.cos(angle) * cosSinScale);
                sin[s * hd + i] = sin[s * hd + half + i] = (float) (Math.sin(angle) * cosSinScale);
            }
        }
        Shape shape = new Shape(positions.length, 1, 1, hd);
        return new NDArray[] {inDtype(scope.create(cos, shape)), inDtype(scope.create(sin, shape))};
    }

    /** The block's second half: h + SwiGLU(RMSNorm(h)). */
    private NDArray feedForward(NDArray h, Layer layer) {
        return h.add(mlp(rmsNorm(h, layer.postNorm()), layer));
    }

    /** SwiGLU, or for Gemma GeGLU with tanh-approximated GELU (transformers' gelu_pytorch_tanh). */
    private NDArray mlp(NDArray y, Layer layer) {
        NDArray gate = project(y, layer.wGate(), layer.biases().gate());
        NDArray up = project(y, layer.wUp(), layer.biases().up());
        NDArray activated = config.gemma() == null
                ? Activation.sigmoid(gate).mul(gate)
                : gate.mul(gate.mul(gate)
                                .mul(gate)
                                .mul(0.044715)
                                .add(gate)
                                .mul(Math.sqrt(2 / Math.PI))
                                .tanh()
                                .add(1))
                        .mul(0.5);
        return project(activated.mul(up), layer.wDown(), layer.biases().down());
    }

    /**
     * What follows attention in a block: Llama adds it to the residual and runs the MLP after a
     * norm; Gemma normalises attention's output before adding it, and the MLP's too, with a
     * norm before the MLP of its own.
     */
    private NDArray block(NDArray h, NDArray attended, Layer layer) {
        if (config.gemma() == null) {
            return feedForward(h.add(attended), layer);
        }
        NDArray r = h.add(rmsNorm(attended, layer.postNorm()));
        return r.add(rmsNorm(mlp(rmsNorm(r, layer.preFfnNorm()), layer), layer.postFfnNorm()));
    }

    /** Token embeddings; Gemma's scaled by the square root of the width, in the model's precision. */
    private NDArray embedded(NDArray ids) {
        NDArray h = embed.get(ids);
        return config.gemma() == null ? h : h.mul((float) Math.sqrt(config.hiddenSize()));
    }

    /** Raw attention scores scaled (Gemma: by query_pre_attn_scalar), and Gemma 2's soft cap. */
    private NDArray scores(NDArray raw, int hd) {
        LlamaConfig.Gemma g = config.gemma();
        if (g == null) {
            return raw.div(Math.sqrt(hd));
        }
        NDArray scaled = raw.mul(1 / Math.sqrt(g.queryPreAttnScalar()));
        return g.attnSoftcap() > 0 ? scaled.div(g.attnSoftcap()).tanh().mul(g.attnSoftcap()) : scaled;
    }

    /** Gemma 2's soft cap on the logits; the logits as they are elsewhere. */
    private NDArray capLogits(NDArray logits) {
        LlamaConfig.Gemma g = config.gemma();
        return g == null || g.finalSoftcap() <= 0
                ? logits
                : logits.div(g.finalSoftcap()).tanh().mul(g.finalSoftcap());
    }

    /** A norm's gain; Gemma stores it as an offset from 1. */
    private NDArray gain(Map<String, Safetensors.Tensor> w, String name, int n) {
        NDArray a = array(require(w.get(name), name), n);
        if (config.gemma() == null) {
            return a;
        }
        NDArray one = a.add(1);
        a.close();
        return one;
    }

    /** x·w, plus the bias where the family has one. */
    private static NDArray project(NDArray x, NDArray w, NDArray bias) {
        NDArray y = x.matMul(w);
        return bias == null ? y : y.add(bias);
    }

    /** Qwen3's per-head RMSNorm of queries or keys (over the last axis, the head's width); none elsewhere. */
    private NDArray norm(NDArray x, NDArray weight) {
        return weight == null ? x : rmsNorm(x, weight);
    }

    /** RMSNorm in fp32 whatever the model's precision, cast back before the weight, as transformers does it. */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray x32 = dtype == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
        NDArray ms = x32.square().mean(new int[] {-1}, true);
        return inDtype(x32.div(ms.add(config.rmsNormEps()).sqrt())).mul(weight);
    }

    /** Attention weights in fp32 whatever the model's precision (a half-precision softmax loses the small ones). */
    private NDArray softmax(NDArray scores) {
        if (dtype == DataType.FLOAT32) {
            return scores.softmax(-1);
        }
        return inDtype(scores.toType(DataType.FLOAT32, false).softmax(-1));
    }

    /** An fp32 array made here (RoPE tables, masks, norms' output) in the model's precision. */
    private NDArray inDtype(NDArray a) {
        return a.getDataType() == dtype ? a : a.toType(dtype, false);
    }

    /** cos and sin, (T, headDim), for positions past .. past+T-1 (Hugging Face's rotate-half layout). */
    private NDArray[] rope(NDManager scope, int past, int t) {
        return rope(scope, past, t, invFreq, cosSinScale);
    }

    private NDArray[] rope(NDManager scope, int past, int t, float[] invFreq, double cosSinScale) {
        int hd = config.headDim();
        int half = hd / 2;
        float[] cos = new float[t * hd];
        float[] sin = new float[t * hd];
        for (int p = 0; p < t; p++) {
            for (int i = 0; i < half; i++) {
                float angle = (past + p) * invFreq[i]; // in fp32, as Hugging Face computes it
                float c = (float) (Math.cos(angle) * cosSinScale);
                float s = (float) (Math.sin(angle) * cosSinScale);
                cos[p * hd + i] = c;
                cos[p * hd + half + i] = c;
                sin[p * hd + i] = s;
                sin[p * hd + half + i] = s;
            }
        }
        return new NDArray[] {inDtype(scope.create(cos, new Shape(t, hd))), inDtype(scope.create(sin, new Shape(t, hd)))
        };
    }

    private NDArray applyRope(NDArray x, NDArray[] rope) {
        int half = config.headDim() / 2;
        NDArray x1 = x.get(new NDIndex("..., :{}", half));
        NDArray x2 = x.get(new NDIndex("..., {}:", half));
        NDArray rotated = NDArrays.concat(new NDList(x2.neg(), x1), -1);
        return x.mul(rope[0]).add(rotated.mul(rope[1]));
    }

    /**
     * 0 where a query may look, a large negative number where it may not: a later position, or
     * one {@code window} or more tokens back where the layer has a sliding window (0: none).
     */
    private static NDArray causalMask(NDManager scope, int past, int t, int window) {
        int total = past + t;
        float[] mask = new float[t * total];
        for (int i = 0; i < t; i++) {
            int at = past + i;
            for (int j = 0; j < total; j++) {
                if (j > at || (window > 0 && j <= at - window)) {
                    mask[i * total + j] = -1e9f;
                }
            }
        }
        return scope.create(mask, new Shape(t, total));
    }

    /**
     * A decode step's mask, (B, 1, 1, width): each sequence looks at its own cache, not at the
     * padding beyond it, nor (with a sliding window) further back than the window.
     */
    private static NDArray stepMask(NDManager scope, int[] past, int width, int window) {
        float[] mask = new float[past.length * width];
        for (int i = 0; i < past.length; i++) {
            for (int j = 0; j < width; j++) {
                if (j > past[i] || (window > 0 && j <= past[i] - window)) {
                    mask[i * width + j] = -1e9f;
                }
            }
        }
        return scope.create(mask, new Shape(past.length, 1, 1, width));
    }

    private NDArray linear(Map<String, Safetensors.Tensor> w, String name, int out, int in) {
        NDArray hf = array(require(w.get(name), name), out, in);
        if (!trainable) {
            return hf.transpose();
        }
        // A gradient leaf in the orientation x.matMul(w) uses: a fresh copy, not a view.
        NDArray leaf = hf.transpose().duplicate();
        hf.close();
        leaf.setName(name);
        leaf.setRequiresGradient(true);
        return leaf;
    }

    private NDArray array(Safetensors.Tensor t, long... shape) {
        expected.add(t.name());
        if (t.size() != new Shape(shape).size()) {
            throw new IllegalArgumentException("tensor " + t.name() + " has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(shape));
        }
        NDArray a = manager.create(t.data(), new Shape(shape));
        if (dtype != DataType.FLOAT32) { // kept in half precision: the fp32 copy goes at once
            NDArray half = a.toType(dtype, false);
            a.close();
            a = half;
        }
        if (trainable && shape.length == 1) { // norms: leaves too
            a.setName(t.name());
            a.setRequiresGradient(true);
        }
        return a;
    }

    /**
     * The weights a trainer updates, by Hugging Face name. Only for a model made by
     * {@link #initialize}. Matrices are in compute orientation (in, out), the transpose of
     * Hugging Face's; {@link #exportWeights()} turns them back.
     *
     * @return name to weight (unmodifiable, in a stable order)
     */
    public Map<String, NDArray> trainableWeights() {
        if (!trainable) {
            throw new IllegalStateException("this model was loaded for inference; make one with initialize() to train");
        }
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put("model.embed_tokens.weight", embed);
        if (!config.tieWordEmbeddings()) {
            m.put("lm_head.weight", lmHeadT);
        }
        m.put("model.norm.weight", finalNorm);
        for (int i = 0; i < layers.length; i++) {
            String p = "model.layers." + i + ".";
            Layer l = layers[i];
            m.put(p + "input_layernorm.weight", l.inputNorm());
            m.put(p + "post_attention_layernorm.weight", l.postNorm());
            m.put(p + "self_attn.q_proj.weight", l.wq());
            m.put(p + "self_attn.k_proj.weight", l.wk());
            m.put(p + "self_attn.v_proj.weight", l.wv());
            m.put(p + "self_attn.o_proj.weight", l.wo());
            m.put(p + "mlp.gate_proj.weight", l.wGate());
            m.put(p + "mlp.up_proj.weight", l.wUp());
            m.put(p + "mlp.down_proj.weight", l.wDown());
        }
        return Collections.unmodifiableMap(m);
    }

    /** @return the weights in Hugging Face's names and orientation, for saving as safetensors */
    public Map<String, Safetensors.Tensor> exportWeights() {
        Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
        trainableWeights().forEach((name, a) -> {
            boolean matrix = a.getShape().dimension() == 2 && !name.equals("model.embed_tokens.weight");
            NDArray hf = matrix ? a.transpose() : a;
            out.put(name, new Safetensors.Tensor(name, hf.getShape().getShape(), hf.toFloatArray()));
        });
        return out;
    }

    /**
     * Logits for whole sequences at once, with gradients: the training forward (no cache).
     * Call it inside an {@link NDScope}: its intermediate arrays join the model's manager.
     *
     * @param ids token ids (batch, length), int64
     * @return logits (batch, length, vocabSize), in the caller's scope (ids' manager)
     */
    public NDArray trainingLogits(NDArray ids) {
        long b = ids.getShape().get(0);
        int t = (int) ids.getShape().get(1);
        int heads = config.heads();
        int kvHeads = config.kvHeads();
        int hd = config.headDim();
        NDManager scope = ids.getManager();
        NDArray h = embed.get(ids); // (B, T, D)
        NDArray[] rope = rope(scope, 0, t);
        NDArray mask = causalMask(scope, 0, t, 0);
        // The attention scale as an array that lives until the caller's scope closes: div(Number)
        // closes its scalar at once, yet the graph keeps it for the backward pass, and a garbage
        // collection in between frees its memory (a Java buffer) under the gradient.
        NDArray scale = scope.create(Math.sqrt(hd));
        for (Layer layer : layers) {
            NDArray x = rmsNorm(h, layer.inputNorm());
            NDArray q = applyRope(x.matMul(layer.wq()).reshape(b, t, heads, hd).transpose(0, 2, 1, 3), rope);
            NDArray k =
                    applyRope(x.matMul(layer.wk()).reshape(b, t, kvHeads, hd).transpose(0, 2, 1, 3), rope);
            NDArray v = x.matMul(layer.wv()).reshape(b, t, kvHeads, hd).transpose(0, 2, 1, 3);
            if (kvHeads < heads) {
                k = k.repeat(1, heads / kvHeads);
                v = v.repeat(1, heads / kvHeads);
            }
            NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(scale).add(mask);
            NDArray attn = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, t, heads * hd);
            h = feedForward(h.add(attn.matMul(layer.wo())), layer);
        }
        // Tied: transpose the live embedding each time, so updates and gradients meet no stale view.
        NDArray head = config.tieWordEmbeddings() ? embed.transpose() : lmHeadT;
        return rmsNorm(h, finalNorm).matMul(head);
    }

    private static Safetensors.Tensor require(Safetensors.Tensor t, String name) {
        if (t == null) {
            throw new IllegalArgumentException("tensor " + name + " is missing");
        }
        return t;
    }

    @Override
    public void close() {
        manager.close();
    }
}
