package dev.animus.model.llama.cpu;

import dev.animus.model.llama.Checkpoint;
import dev.animus.model.llama.DecodeSlots;
import dev.animus.model.llama.LlamaConfig;
import dev.animus.model.llama.LlamaModel;
import dev.animus.model.llama.Safetensors;
import dev.animus.model.llama.SlotModel;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain Llama decoder (no biases, query/key norms, sliding windows or Gemma parts; any RoPE
 * scaling) in plain Java on the CPU. For a small model a step is a few hundred thousand
 * multiply-adds, less than a tenth of a millisecond of arithmetic, and the per-operation cost
 * of a general engine (each of ~150 operations a step a native call with its own allocation)
 * outweighs it: here the whole step is a handful of loops over arrays the JIT vectorises, with
 * the projections fused (q, k and v in one matrix, gate and up in another) and each sequence's
 * keys and values written in place. It computes what {@link dev.animus.model.llama.LlamaModel}
 * does, in fp32, to rounding.
 *
 * <p>The weights are immutable after loading and shared by every session; each session's
 * {@link #newSlots() slots} hold their own caches and scratch rows, and use up to
 * {@code threads} threads (the session's own and helpers it starts), splitting the batch's
 * sequences between them.
 */
public final class CpuLlama implements SlotModel {
    private static final Logger LOG = LoggerFactory.getLogger(CpuLlama.class);

    /**
     * The widest model chosen for this runtime by default: beyond it a step's arithmetic
     * dominates, and an engine's tuned, multi-threaded matrix products win.
     */
    public static final int DEFAULT_MAX_WIDTH = 1024;

    final LlamaConfig config;
    /** Token embeddings, [vocab][width]. */
    final float[][] embed;
    /** The output projection in compute orientation, [width][vocab]. */
    final float[][] head;

    final float[] finalNorm;
    final Layer[] layers;
    /** cos and sin of every position's RoPE angles, [position][headDim/2], scaled as the config says. */
    final float[][] cos;

    final float[][] sin;
    final int threads;
    /** Whether the projections and attention run on the Vector API ({@link VectorKernels}). */
    final boolean vector;
    /** Where long prefills run, or null: a big batch of prompt rows is a big matrix product, an engine's strength. */
    final LlamaModel prefiller;

    /**
     * One block's weights, each matrix [in][out].
     *
     * @param qkv the query, key and value projections side by side
     * @param gateUp the MLP's gate and up projections side by side
     */
    record Layer(float[] inputNorm, float[][] qkv, float[][] o, float[] postNorm, float[][] gateUp, float[][] down) {}

    /**
     * @return whether this JVM was started with the Vector API ({@code --add-modules
     *     jdk.incubator.vector}), which the projections use where it is there
     */
    public static boolean vectorApiAvailable() {
        return Kernels.VECTOR_API;
    }

    /**
     * @param config a model's config
     * @return whether this runtime computes that model (the plain shape the trainer also makes)
     */
    public static boolean runs(LlamaConfig config) {
        return config.plain() && config.headDim() % 2 == 0;
    }

    /**
     * Loads a checkpoint into Java arrays.
     *
     * @param checkpoint a checkpoint this runtime {@link #runs} (not null)
     * @param threads most threads a session uses (at least 1)
     * @return the model
     * @throws dev.animus.model.runtime.ModelLoadException if the weights do not fit the config
     * @throws IllegalArgumentException if the config is not one this runtime runs
     */
    public static CpuLlama load(Checkpoint checkpoint, int threads) {
        return load(checkpoint, threads, null);
    }

    /**
     * Loads a checkpoint into Java arrays, with an engine's copy of the same model for long
     * prefills: a prefill of many prompt rows is one large matrix product per projection, where
     * a tuned engine is several times faster; the decode steps, a few rows each, stay here.
     *
     * @param prefiller the same checkpoint on DJL's CPU in fp32, or null to prefill here too
     *     (closed with this model)
     */
    public static CpuLlama load(Checkpoint checkpoint, int threads, LlamaModel prefiller) {
        return load(checkpoint, threads, prefiller, Kernels.VECTOR_API);
    }

    /**
     * As above, with the projections on the Vector API or without it.
     *
     * @param vector whether to use it (the default is {@link #vectorApiAvailable()})
     * @throws IllegalStateException if asked for the Vector API where the JVM has none
     */
    public static CpuLlama load(Checkpoint checkpoint, int threads, LlamaModel prefiller, boolean vector) {
        LlamaConfig config = checkpoint.config();
        if (!runs(config)) {
            throw new IllegalArgumentException("the Java decoder runs plain Llama checkpoints (no biases, query/key"
                    + " norms, sliding windows or other head widths), not " + checkpoint.folder());
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (vector && !Kernels.VECTOR_API) {
            throw new IllegalStateException(
                    "the Vector API needs the JVM started with --add-modules jdk.incubator.vector");
        }
        try {
            CpuLlama model = new CpuLlama(config, checkpoint.weights(), threads, prefiller, vector);
            LOG.info(
                    "Llama model {} loaded in Java on the CPU (fp32, {}, {} thread(s){}): {} layers, width {}, {} heads"
                            + " ({} key/value), vocabulary {}",
                    checkpoint.folder().getFileName(),
                    vector ? "Vector API" : "no Vector API",
                    threads,
                    prefiller == null ? "" : "; long prefills on " + prefiller.runtime(),
                    config.layers(),
                    config.hiddenSize(),
                    config.heads(),
                    config.kvHeads(),
                    config.vocabSize());
            if (!vector) {
                LOG.info("Start the JVM with --add-modules jdk.incubator.vector for up to 1.5x the tokens/s with many"
                        + " conversations at once (the Java decoder's projections on the Vector API)");
            }
            return model;
        } catch (IllegalArgumentException e) {
            throw checkpoint.mismatch(e);
        }
    }

    private CpuLlama(
            LlamaConfig config, Map<String, Safetensors.Tensor> w, int threads, LlamaModel prefiller, boolean vector) {
        this.config = config;
        this.threads = threads;
        this.vector = vector;
        this.prefiller = prefiller;
        Set<String> used = new HashSet<>();
        int d = config.hiddenSize();
        int q = config.heads() * config.headDim();
        int kv = config.kvHeads() * config.headDim();
        int inter = config.intermediateSize();
        int vocab = config.vocabSize();
        String embedName = w.containsKey("model.embed_tokens.weight") || !config.tieWordEmbeddings()
                ? "model.embed_tokens.weight"
                : "lm_head.weight";
        this.embed = rows(tensor(w, embedName, used, vocab, d), vocab, d);
        this.head = config.tieWordEmbeddings()
                ? transposed(List.of(tensor(w, embedName, used, vocab, d)), d)
                : transposed(List.of(tensor(w, "lm_head.weight", used, vocab, d)), d);
        this.finalNorm = tensor(w, "model.norm.weight", used, d).data();
        this.layers = new Layer[config.layers()];
        for (int i = 0; i < layers.length; i++) {
            String p = "model.layers." + i + ".";
            layers[i] = new Layer(
                    tensor(w, p + "input_layernorm.weight", used, d).data(),
                    transposed(
                            List.of(
                                    tensor(w, p + "self_attn.q_proj.weight", used, q, d),
                                    tensor(w, p + "self_attn.k_proj.weight", used, kv, d),
                                    tensor(w, p + "self_attn.v_proj.weight", used, kv, d)),
                            d),
                    transposed(List.of(tensor(w, p + "self_attn.o_proj.weight", used, d, q)), q),
                    tensor(w, p + "post_attention_layernorm.weight", used, d).data(),
                    transposed(
                            List.of(
                                    tensor(w, p + "mlp.gate_proj.weight", used, inter, d),
                                    tensor(w, p + "mlp.up_proj.weight", used, inter, d)),
                            d),
                    transposed(List.of(tensor(w, p + "mlp.down_proj.weight", used, d, inter)), inter));
        }
        Checkpoint.requireAllUsed(w, used);
        float[] inverse = config.rope().inverseFrequencies(config.ropeTheta(), config.headDim());
        double scale = config.rope().cosSinScale();
        int half = config.headDim() / 2;
        this.cos = new float[config.maxPositions()][half];
        this.sin = new float[config.maxPositions()][half];
        for (int p = 0; p < config.maxPositions(); p++) {
            for (int i = 0; i < half; i++) {
                float angle = p * inverse[i]; // in fp32, as Hugging Face computes it
                cos[p][i] = (float) (Math.cos(angle) * scale);
                sin[p][i] = (float) (Math.sin(angle) * scale);
            }
        }
    }

    private static Safetensors.Tensor tensor(
            Map<String, Safetensors.Tensor> w, String name, Set<String> used, long... shape) {
        Safetensors.Tensor t = w.get(name);
        if (t == null) {
            throw new IllegalArgumentException("missing tensor " + name);
        }
        long size = 1;
        for (long s : shape) {
            size *= s;
        }
        if (t.size() != size) {
            throw new IllegalArgumentException("tensor " + name + " has shape " + java.util.Arrays.toString(t.shape())
                    + ", expected " + java.util.Arrays.toString(shape));
        }
        used.add(name);
        return t;
    }

    /** A row-major [rows][cols] tensor as rows. */
    private static float[][] rows(Safetensors.Tensor t, int rows, int cols) {
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = java.util.Arrays.copyOfRange(t.data(), r * cols, (r + 1) * cols);
        }
        return out;
    }

    /**
     * Hugging Face linear weights ([out][in] each) as one matrix in compute orientation,
     * [in][sum of outs], the first weight's outputs first.
     */
    private static float[][] transposed(List<Safetensors.Tensor> parts, int in) {
        int out = 0;
        for (Safetensors.Tensor t : parts) {
            out += (int) (t.size() / in);
        }
        float[][] m = new float[in][out];
        int at = 0;
        for (Safetensors.Tensor t : parts) {
            int rows = (int) (t.size() / in);
            float[] data = t.data();
            for (int o = 0; o < rows; o++) {
                for (int i = 0; i < in; i++) {
                    m[i][at + o] = data[o * in + i];
                }
            }
            at += rows;
        }
        return m;
    }

    @Override
    public LlamaConfig config() {
        return config;
    }

    @Override
    public DecodeSlots newSlots() {
        return new CpuSlots(this);
    }

    @Override
    public String runtime() {
        return "Java CPU fp32" + (vector ? " (Vector API)" : "") + ", " + threads + " thread(s)";
    }

    @Override
    public void close() {
        if (prefiller != null) { // the weights here are plain arrays: nothing else to free
            prefiller.close();
        }
    }
}
