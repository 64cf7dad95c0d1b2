package dev.animus.model.gguf;

import dev.animus.model.llama.LlamaConfig;
import dev.animus.model.llama.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a Hugging Face Llama-family checkpoint folder ({@code config.json},
 * {@code model.safetensors} or its shards, {@code tokenizer.json}) as one GGUF file, so
 * llama.cpp's {@code llama-server} and Ollama can serve it. The tensors are renamed to
 * llama.cpp's names, and Llama's query and key rows are reordered from Hugging Face's
 * rotate-half layout back to the interleaved pairs llama.cpp's Llama rotates (what its own
 * {@code convert_hf_to_gguf.py} does). Qwen2 and Qwen3 rotate halves in llama.cpp too, so their
 * rows stay.
 *
 * <p>What it writes: Llama and Mistral without sliding windows (architecture {@code llama}),
 * Qwen2/2.5 ({@code qwen2}) and Qwen3 ({@code qwen3}); plain, linear or Llama 3 RoPE; fp32 or
 * fp16 weights (norms stay fp32, as llama.cpp wants); byte-level BPE tokenizers with GPT-2's
 * pre-tokenizer, which the bundled decoder has. Anything else is refused with what is missing,
 * pointing at llama.cpp's converter, rather than written wrongly. The whole checkpoint is held
 * in memory as fp32 while it is written: meant for small models such as the bundled one.
 */
public final class GgufExport {
    private GgufExport() {}

    /**
     * What was written.
     *
     * @param file the GGUF file
     * @param architecture llama.cpp's architecture name
     * @param tensors how many tensors
     * @param bytes the file's size
     */
    public record Written(Path file, String architecture, int tensors, long bytes) {}

    /**
     * @param folder the checkpoint folder (not null)
     * @param target the GGUF file to write (not null; replaced if present)
     * @param half store the matrices in fp16 instead of fp32
     * @return what was written
     * @throws IllegalArgumentException naming the file and what cannot be exported
     * @throws IOException if a file cannot be read or written
     */
    public static Written export(Path folder, Path target, boolean half) throws IOException {
        Path configFile = folder.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("No config.json in " + folder.toAbsolutePath()
                    + ": give the folder of a Hugging Face checkpoint (config.json, model.safetensors,"
                    + " tokenizer.json)");
        }
        LlamaConfig config = LlamaConfig.read(configFile);
        String arch = architecture(config, configFile);
        GgufTokenizer tokenizer = GgufTokenizer.read(folder.resolve("tokenizer.json"), config);
        Map<String, Safetensors.Tensor> weights = Safetensors.readFolder(folder);

        GgufWriter w = new GgufWriter();
        w.string("general.architecture", arch);
        w.string("general.name", folder.toAbsolutePath().getFileName().toString());
        w.uint32("general.file_type", half ? 1 : 0);
        w.uint32(arch + ".context_length", config.maxPositions());
        w.uint32(arch + ".embedding_length", config.hiddenSize());
        w.uint32(arch + ".block_count", config.layers());
        w.uint32(arch + ".feed_forward_length", config.intermediateSize());
        w.uint32(arch + ".attention.head_count", config.heads());
        w.uint32(arch + ".attention.head_count_kv", config.kvHeads());
        w.uint32(arch + ".attention.key_length", config.headDim());
        w.uint32(arch + ".attention.value_length", config.headDim());
        w.uint32(arch + ".rope.dimension_count", config.headDim());
        w.float32(arch + ".rope.freq_base", config.ropeTheta());
        w.float32(arch + ".attention.layer_norm_rms_epsilon", config.rmsNormEps());
        w.uint32(arch + ".vocab_size", config.vocabSize());
        if (config.rope().type().equals("linear")) {
            w.string(arch + ".rope.scaling.type", "linear");
            w.float32(arch + ".rope.scaling.factor", config.rope().factor());
        }
        tokenizer.writeTo(w);

        Set<String> unused = new TreeSet<>(weights.keySet());
        TensorNames names = new TensorNames(weights, unused, half, w);
        names.put("model.embed_tokens.weight", "token_embd.weight", Reorder.NONE);
        names.put("model.norm.weight", "output_norm.weight", Reorder.NONE);
        if (!config.tieWordEmbeddings()) {
            names.put("lm_head.weight", "output.weight", Reorder.NONE);
        }
        unused.remove("lm_head.weight"); // a tied checkpoint may still carry the copy
        boolean permute = arch.equals("llama");
        for (int i = 0; i < config.layers(); i++) {
            String hf = "model.layers." + i + ".";
            String gg = "blk." + i + ".";
            Reorder q = permute ? new Reorder(config.heads(), config.headDim()) : Reorder.NONE;
            Reorder k = permute ? new Reorder(config.kvHeads(), config.headDim()) : Reorder.NONE;
            names.put(hf + "input_layernorm.weight", gg + "attn_norm.weight", Reorder.NONE);
            names.put(hf + "post_attention_layernorm.weight", gg + "ffn_norm.weight", Reorder.NONE);
            names.put(hf + "self_attn.q_proj.weight", gg + "attn_q.weight", q);
            names.put(hf + "self_attn.k_proj.weight", gg + "attn_k.weight", k);
            names.put(hf + "self_attn.v_proj.weight", gg + "attn_v.weight", Reorder.NONE);
            names.put(hf + "self_attn.o_proj.weight", gg + "attn_output.weight", Reorder.NONE);
            names.put(hf + "mlp.gate_proj.weight", gg + "ffn_gate.weight", Reorder.NONE);
            names.put(hf + "mlp.up_proj.weight", gg + "ffn_up.weight", Reorder.NONE);
            names.put(hf + "mlp.down_proj.weight", gg + "ffn_down.weight", Reorder.NONE);
            if (config.attentionBias() != LlamaConfig.AttentionBias.NONE) {
                names.put(hf + "self_attn.q_proj.bias", gg + "attn_q.bias", q);
                names.put(hf + "self_attn.k_proj.bias", gg + "attn_k.bias", k);
                names.put(hf + "self_attn.v_proj.bias", gg + "attn_v.bias", Reorder.NONE);
            }
            if (config.attentionBias() == LlamaConfig.AttentionBias.ALL) {
                names.put(hf + "self_attn.o_proj.bias", gg + "attn_output.bias", Reorder.NONE);
            }
            if (config.qkNorm()) {
                names.put(hf + "self_attn.q_norm.weight", gg + "attn_q_norm.weight", Reorder.NONE);
                names.put(hf + "self_attn.k_norm.weight", gg + "attn_k_norm.weight", Reorder.NONE);
            }
        }
        if (config.rope().type().equals("llama3")) {
            float[] factors = llama3Factors(config);
            w.tensor("rope_freqs.weight", new long[] {factors.length}, factors, GgufWriter.TensorType.F32);
            names.count++;
        }
        unused.removeIf(n -> n.endsWith("rotary_emb.inv_freq")); // recomputed by every runtime
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(folder.toAbsolutePath() + " has tensors export-gguf does not know"
                    + " where to put: " + List.copyOf(unused).subList(0, Math.min(5, unused.size()))
                    + (unused.size() > 5 ? " and " + (unused.size() - 5) + " more" : "")
                    + ". Use llama.cpp's convert_hf_to_gguf.py for this checkpoint.");
        }
        w.write(target);
        return new Written(target, arch, names.count, Files.size(target));
    }

    private static String architecture(LlamaConfig config, Path file) {
        if (config.mlpBias()) {
            throw refuse(file, "MLP biases (mlp_bias)");
        }
        String rope = config.rope().type();
        if (!rope.equals("default") && !rope.equals("linear") && !rope.equals("llama3")) {
            throw refuse(file, "RoPE scaling of type " + rope);
        }
        if (config.windows().stream().anyMatch(w -> w != 0)) {
            throw refuse(file, "sliding-window attention");
        }
        return switch (config.modelType()) {
            case "llama", "mistral" -> {
                if (config.qkNorm()) {
                    throw refuse(file, "query/key norms in a Llama");
                }
                yield "llama";
            }
            case "qwen2" -> "qwen2";
            case "qwen3" -> "qwen3";
            default -> throw refuse(file, "model_type " + config.modelType());
        };
    }

    /**
     * Llama 3's RoPE scaling as llama.cpp takes it: one factor per rotated pair, which divides
     * that pair's frequency ({@code rope_freqs}), computed as its converter does: high
     * frequencies kept, low ones divided by the factor, a smooth blend between.
     */
    static float[] llama3Factors(LlamaConfig config) {
        LlamaConfig.Rope r = config.rope();
        int dim = config.headDim();
        double oldContext = r.originalMaxPositions();
        double lowWavelen = oldContext / r.lowFreqFactor();
        double highWavelen = oldContext / r.highFreqFactor();
        float[] out = new float[dim / 2];
        for (int i = 0; i < out.length; i++) {
            double freq = 1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / dim);
            double wavelen = 2 * Math.PI / freq;
            if (wavelen < highWavelen) {
                out[i] = 1;
            } else if (wavelen > lowWavelen) {
                out[i] = (float) r.factor();
            } else {
                double smooth = (oldContext / wavelen - r.lowFreqFactor()) / (r.highFreqFactor() - r.lowFreqFactor());
                out[i] = (float) (1 / ((1 - smooth) / r.factor() + smooth));
            }
        }
        return out;
    }

    private static IllegalArgumentException refuse(Path file, String what) {
        return new IllegalArgumentException(file.toAbsolutePath() + ": export-gguf does not write " + what
                + " yet. Use llama.cpp's convert_hf_to_gguf.py for this checkpoint.");
    }

    /**
     * Hugging Face keeps each head's rotated pairs as two halves (i, i + d/2); llama.cpp's
     * Llama rotates neighbours (2i, 2i + 1). Row r = h*d + half*(d/2) + i moves to h*d + 2i + half.
     */
    private record Reorder(int heads, int headDim) {
        static final Reorder NONE = new Reorder(0, 0);

        float[] apply(float[] data, long rows) {
            if (heads == 0) {
                return data;
            }
            if (rows != (long) heads * headDim) {
                throw new IllegalArgumentException(
                        "a query or key projection has " + rows + " rows, expected " + heads + " heads of " + headDim);
            }
            int cols = (int) (data.length / rows);
            float[] out = new float[data.length];
            int halfDim = headDim / 2;
            for (int h = 0; h < heads; h++) {
                for (int half = 0; half < 2; half++) {
                    for (int i = 0; i < halfDim; i++) {
                        int from = h * headDim + half * halfDim + i;
                        int to = h * headDim + 2 * i + half;
                        System.arraycopy(data, from * cols, out, to * cols, cols);
                    }
                }
            }
            return out;
        }
    }

    /** Moves checkpoint tensors into the writer under llama.cpp's names, noting which were used. */
    private static final class TensorNames {
        private final Map<String, Safetensors.Tensor> weights;
        private final Set<String> unused;
        private final boolean half;
        private final GgufWriter writer;
        int count;

        TensorNames(Map<String, Safetensors.Tensor> weights, Set<String> unused, boolean half, GgufWriter writer) {
            this.weights = weights;
            this.unused = unused;
            this.half = half;
            this.writer = writer;
        }

        void put(String hfName, String ggufName, Reorder reorder) {
            Safetensors.Tensor t = weights.get(hfName);
            if (t == null) {
                throw new IllegalArgumentException("the checkpoint has no tensor " + hfName);
            }
            unused.remove(hfName);
            float[] data = reorder.apply(t.data(), t.shape()[0]);
            boolean matrix = t.shape().length == 2;
            writer.tensor(
                    ggufName, t.shape(), data, half && matrix ? GgufWriter.TensorType.F16 : GgufWriter.TensorType.F32);
            count++;
        }
    }
}
