package dev.animus.model.llama;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Llama-family {@code config.json}: Llama 1 to 3.x, SmolLM/SmolLM2, Mistral, Qwen2/Qwen2.5
 * and Qwen3, in the format transformers 4 wrote ({@code rope_theta}, {@code rope_scaling},
 * {@code torch_dtype}) or transformers 5 ({@code rope_parameters}, {@code dtype},
 * {@code layer_types}). Strict: a field this implementation does not know, or a value it cannot
 * honour (another activation, partial rotary, interleaved RoPE, quantization), fails with a
 * message naming the field, instead of running a model wrongly; a field known not to change the
 * maths (dropout, dtype, labels) is accepted.
 *
 * @param vocabSize tokens in the vocabulary
 * @param hiddenSize model width
 * @param intermediateSize MLP width
 * @param layers transformer blocks
 * @param heads attention heads
 * @param kvHeads key/value heads (grouped-query attention when fewer than heads)
 * @param ropeTheta RoPE base
 * @param rmsNormEps RMSNorm epsilon
 * @param tieWordEmbeddings whether the output projection is the token embedding
 * @param maxPositions longest sequence the model was trained for
 * @param bosTokenId begin-of-sequence token, or -1
 * @param eosTokenId end-of-sequence token, or -1 (the first, where the config lists several)
 * @param modelType the family: llama, mistral, qwen2 or qwen3
 * @param headDim the width of one attention head (hidden / heads unless the config says)
 * @param rope how RoPE's frequencies are scaled
 * @param attentionBias which attention projections have biases
 * @param mlpBias whether the MLP's projections have biases
 * @param qkNorm whether queries and keys get an RMSNorm per head before RoPE (Qwen3)
 * @param windows each layer's sliding attention window in tokens, 0 for full attention
 * @param gemma what Gemma 2 and 3 do otherwise, or null for the other families
 */
public record LlamaConfig(
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int layers,
        int heads,
        int kvHeads,
        double ropeTheta,
        double rmsNormEps,
        boolean tieWordEmbeddings,
        int maxPositions,
        int bosTokenId,
        int eosTokenId,
        String modelType,
        int headDim,
        Rope rope,
        AttentionBias attentionBias,
        boolean mlpBias,
        boolean qkNorm,
        List<Integer> windows,
        Gemma gemma) {

    /**
     * What a Gemma block does beyond a Llama one: embeddings scaled by the width's square root;
     * RMSNorm gains stored as offsets from 1; a norm after attention and around the MLP (GeGLU,
     * tanh-approximated GELU); attention scaled by {@code query_pre_attn_scalar}; Gemma 2's
     * soft caps on attention scores and logits; Gemma 3's own RoPE base for its sliding layers.
     *
     * @param queryPreAttnScalar attention scores are scaled by its inverse square root
     * @param attnSoftcap attention scores become cap·tanh(score/cap) (0: none)
     * @param finalSoftcap logits likewise (0: none)
     * @param localRopeTheta the RoPE base of the sliding-window layers (Gemma 3), or 0 for the global one
     */
    public record Gemma(double queryPreAttnScalar, double attnSoftcap, double finalSoftcap, double localRopeTheta) {}

    /** Which of the attention projections carry a bias. */
    public enum AttentionBias {
        /** None (Llama, Mistral). */
        NONE,
        /** Queries, keys and values (Qwen2). */
        QKV,
        /** All four, the output too ({@code attention_bias: true} in Llama and Qwen3). */
        ALL
    }

    /**
     * RoPE's frequency scaling, as Hugging Face computes it ({@code modeling_rope_utils}).
     *
     * @param type default, linear, dynamic, llama3 or yarn
     * @param factor the scaling factor (1 for default)
     * @param lowFreqFactor llama3's low-frequency factor
     * @param highFreqFactor llama3's high-frequency factor
     * @param originalMaxPositions the context length the model was pretrained for (llama3, yarn)
     * @param betaFast yarn's extrapolation bound
     * @param betaSlow yarn's interpolation bound
     * @param attentionFactor yarn's scaling of cos and sin, or NaN to derive it from the factor
     * @param mscale yarn's mscale, or 0
     * @param mscaleAllDim yarn's mscale_all_dim, or 0
     * @param truncate whether yarn rounds its correction range to whole dimensions
     */
    public record Rope(
            String type,
            double factor,
            double lowFreqFactor,
            double highFreqFactor,
            int originalMaxPositions,
            double betaFast,
            double betaSlow,
            double attentionFactor,
            double mscale,
            double mscaleAllDim,
            boolean truncate) {
        /** Plain RoPE. */
        public static final Rope DEFAULT = new Rope("default", 1, 0, 0, 0, 32, 1, Double.NaN, 0, 0, true);

        /**
         * @param theta the base
         * @param headDim the rotated width
         * @return the inverse frequencies, one per pair of dimensions
         */
        public float[] inverseFrequencies(double theta, int headDim) {
            int half = headDim / 2;
            double[] plain = new double[half];
            for (int i = 0; i < half; i++) {
                plain[i] = 1.0 / Math.pow(theta, (2.0 * i) / headDim);
            }
            double[] f = switch (type) {
                case "linear" -> scaled(plain, 1 / factor);
                // Within the model's positions (the loader refuses longer), dynamic NTK is plain RoPE.
                case "default", "dynamic" -> plain;
                case "llama3" -> llama3(plain);
                case "yarn" -> yarn(plain, theta, headDim);
                default -> throw new IllegalStateException(type);
            };
            float[] out = new float[half];
            for (int i = 0; i < half; i++) {
                out[i] = (float) f[i];
            }
            return out;
        }

        /** @return what cos and sin are multiplied by: yarn's attention factor, 1 otherwise */
        public double cosSinScale() {
            if (!type.equals("yarn")) {
                return 1;
            }
            if (!Double.isNaN(attentionFactor)) {
                return attentionFactor;
            }
            return mscale != 0 && mscaleAllDim != 0
                    ? yarnMscale(factor, mscale) / yarnMscale(factor, mscaleAllDim)
                    : yarnMscale(factor, 1);
        }

        private static double[] scaled(double[] f, double by) {
            double[] out = f.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] *= by;
            }
            return out;
        }

        private double[] llama3(double[] plain) {
            double lowWavelen = originalMaxPositions / lowFreqFactor;
            double highWavelen = originalMaxPositions / highFreqFactor;
            double[] out = new double[plain.length];
            for (int i = 0; i < plain.length; i++) {
                double wavelen = 2 * Math.PI / plain[i];
                if (wavelen < highWavelen) {
                    out[i] = plain[i];
                } else if (wavelen > lowWavelen) {
                    out[i] = plain[i] / factor;
                } else {
                    double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                    out[i] = (1 - smooth) * plain[i] / factor + smooth * plain[i];
                }
            }
            return out;
        }

        private double[] yarn(double[] plain, double theta, int dim) {
            double low = correctionDim(betaFast, dim, theta);
            double high = correctionDim(betaSlow, dim, theta);
            if (truncate) {
                low = Math.floor(low);
                high = Math.ceil(high);
            }
            low = Math.max(low, 0);
            high = Math.min(high, dim - 1);
            if (low == high) {
                high += 0.001; // as Hugging Face: no division by zero
            }
            double[] out = new double[plain.length];
            for (int i = 0; i < plain.length; i++) {
                double ramp = Math.min(1, Math.max(0, (i - low) / (high - low)));
                double extrapolation = 1 - ramp;
                out[i] = plain[i] / factor * (1 - extrapolation) + plain[i] * extrapolation;
            }
            return out;
        }

        private double correctionDim(double rotations, int dim, double theta) {
            return (dim * Math.log(originalMaxPositions / (rotations * 2 * Math.PI))) / (2 * Math.log(theta));
        }

        private static double yarnMscale(double scale, double mscale) {
            return scale <= 1 ? 1 : 0.1 * mscale * Math.log(scale) + 1;
        }
    }

    public LlamaConfig {
        windows = List.copyOf(windows);
        if (windows.size() != layers) {
            throw new IllegalArgumentException("windows has " + windows.size() + " entries for " + layers + " layers");
        }
    }

    /** A plain Llama: the shape the bundled model and the trainer use. */
    public LlamaConfig(
            int vocabSize,
            int hiddenSize,
            int intermediateSize,
            int layers,
            int heads,
            int kvHeads,
            double ropeTheta,
            double rmsNormEps,
            boolean tieWordEmbeddings,
            int maxPositions,
            int bosTokenId,
            int eosTokenId) {
        this(
                vocabSize,
                hiddenSize,
                intermediateSize,
                layers,
                heads,
                kvHeads,
                ropeTheta,
                rmsNormEps,
                tieWordEmbeddings,
                maxPositions,
                bosTokenId,
                eosTokenId,
                "llama",
                hiddenSize / Math.max(1, heads),
                Rope.DEFAULT,
                AttentionBias.NONE,
                false,
                false,
                Collections.nCopies(layers, 0),
                null);
    }

    /**
     * @return whether this is the plain shape the trainer handles: no biases, no query/key
     *     norms, no sliding windows, heads that split the width
     */
    public boolean plain() {
        return attentionBias == AttentionBias.NONE
                && !mlpBias
                && !qkNorm
                && headDim * heads == hiddenSize
                && windows.stream().allMatch(w -> w == 0)
                && gemma == null;
    }

    /** The families this loader runs. */
    public static final List<String> FAMILIES = List.of("llama", "mistral", "qwen2", "qwen3", "gemma2", "gemma3_text");

    // spotless:off
    /** Fields read and honoured (some only in some values, checked below). */
    private static final Set<String> USED = Set.of("vocab_size", "hidden_size", "intermediate_size",
            "num_hidden_layers", "num_attention_heads", "num_key_value_heads", "rope_theta", "rms_norm_eps",
            "tie_word_embeddings", "max_position_embeddings", "bos_token_id", "eos_token_id", "hidden_act",
            "model_type", "architectures", "attention_bias", "mlp_bias", "rope_scaling", "rope_parameters",
            "pretraining_tp", "head_dim", "sliding_window", "use_sliding_window", "max_window_layers", "layer_types",
            "rope_interleaved", "partial_rotary_factor", "hidden_activation", "query_pre_attn_scalar",
            "attn_logit_softcapping", "final_logit_softcapping", "rope_local_base_freq", "sliding_window_pattern",
            "_sliding_window_pattern", "use_bidirectional_attention");
    /** Fields that do not change inference. */
    private static final Set<String> IGNORED = Set.of("attention_dropout", "initializer_range",
            "transformers_version", "use_cache", "torch_dtype", "dtype", "pad_token_id", "_name_or_path",
            "is_llama_config", "id2label", "label2id", "chunk_size_feed_forward", "is_encoder_decoder",
            "output_attentions", "output_hidden_states", "problem_type", "return_dict", "tokenizer_class",
            "use_mrope", "bos_token", "eos_token", "keys_to_ignore_at_inference", "_attn_implementation_autoset",
            "cache_implementation");
    // spotless:on

    /**
     * @return the number of weights: embeddings (and the output projection when untied),
     *     attention and MLP projections, and the RMSNorm gains
     */
    public long parameters() {
        long h = hiddenSize;
        long q = (long) heads * headDim;
        long kv = (long) kvHeads * headDim;
        long perLayer = h * q * 2
                + h * kv * 2
                + 3 * h * intermediateSize
                + 2 * h
                + (qkNorm ? 2L * headDim : 0)
                + (gemma != null ? 2 * h : 0); // Gemma's norms before and after the MLP
        return (long) vocabSize * h * (tieWordEmbeddings ? 1 : 2) + layers * perLayer + h;
    }

    /**
     * Reads and checks a config.json.
     *
     * @param file the file (not null)
     * @return the config
     * @throws IllegalArgumentException naming the file and the field that is missing, unknown or unsupported
     * @throws IOException if the file cannot be read
     */
    public static LlamaConfig read(Path file) throws IOException {
        JsonObject json;
        try {
            json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(file + " is not a JSON object: " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            if (!USED.contains(e.getKey()) && !IGNORED.contains(e.getKey())) {
                problems.add("unknown field '" + e.getKey() + "' (this loader does not know what it would change)");
            }
        }
        String type = string(json, "model_type", "llama");
        if (!FAMILIES.contains(type)) {
            problems.add("model_type '" + type + "' is not supported; these are: " + FAMILIES);
        }
        boolean isGemma = type.startsWith("gemma");
        if (isGemma) {
            String act = string(json, "hidden_activation", string(json, "hidden_act", "gelu_pytorch_tanh"));
            if (!act.equals("gelu_pytorch_tanh")) {
                problems.add("hidden_activation '" + act + "' is not supported for Gemma; only 'gelu_pytorch_tanh' is");
            }
            if (bool(json, "use_bidirectional_attention")) {
                problems.add("use_bidirectional_attention true is not supported; a decoder attends causally");
            }
        } else {
            String act = string(json, "hidden_act", "silu");
            if (!act.equals("silu")) {
                problems.add("hidden_act '" + act + "' is not supported; only 'silu' (SwiGLU) is");
            }
        }
        if (bool(json, "rope_interleaved")) {
            problems.add("rope_interleaved true is not supported; only Hugging Face's rotate-half layout is");
        }
        if (json.has("partial_rotary_factor")
                && json.get("partial_rotary_factor").getAsDouble() != 1) {
            problems.add("partial_rotary_factor " + json.get("partial_rotary_factor") + " is not supported; only 1 is");
        }
        if (json.has("pretraining_tp") && json.get("pretraining_tp").getAsInt() != 1) {
            problems.add("pretraining_tp " + json.get("pretraining_tp") + " is not supported; only 1 is");
        }
        boolean bias = bool(json, "attention_bias");
        AttentionBias attentionBias =
                type.equals("qwen2") ? AttentionBias.QKV : bias ? AttentionBias.ALL : AttentionBias.NONE;
        int hidden = integer(json, "hidden_size", problems);
        int heads = integer(json, "num_attention_heads", problems);
        int layers = integer(json, "num_hidden_layers", problems);
        int kvHeads = json.has("num_key_value_heads")
                        && !json.get("num_key_value_heads").isJsonNull()
                ? json.get("num_key_value_heads").getAsInt()
                : heads;
        if (kvHeads <= 0 || (heads > 0 && heads % kvHeads != 0)) {
            problems.add("num_attention_heads " + heads + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        int headDim = json.has("head_dim") && !json.get("head_dim").isJsonNull()
                ? json.get("head_dim").getAsInt()
                : heads > 0 ? hidden / heads : 0;
        if (!json.has("head_dim") && heads > 0 && hidden % heads != 0) {
            problems.add("hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads);
        }
        if (headDim <= 0 || headDim % 2 != 0) {
            problems.add("head_dim " + headDim + " must be a positive even number");
        }
        int maxPositions = json.has("max_position_embeddings")
                ? json.get("max_position_embeddings").getAsInt()
                : 2048;
        JsonObject ropeJson = ropeParameters(json);
        double localTheta = 0;
        if (ropeJson.has("full_attention")) { // Gemma 3 in transformers 5: one RoPE per layer type
            JsonObject local = ropeJson.has("sliding_attention")
                            && ropeJson.get("sliding_attention").isJsonObject()
                    ? ropeJson.getAsJsonObject("sliding_attention")
                    : new JsonObject();
            String localType = string(local, "rope_type", "default");
            if (!localType.equals("default")) {
                problems.add("the sliding layers' RoPE type '" + localType + "' is not supported; only default is");
            }
            localTheta = number(local, "rope_theta", 10_000);
            ropeJson = ropeJson.getAsJsonObject("full_attention");
        } else if (type.equals("gemma3_text")) {
            localTheta = number(json, "rope_local_base_freq", 10_000);
        }
        double theta = ropeJson.has("rope_theta") && !ropeJson.get("rope_theta").isJsonNull()
                ? ropeJson.get("rope_theta").getAsDouble()
                : json.has("rope_theta") ? json.get("rope_theta").getAsDouble() : 10_000;
        Rope rope = rope(ropeJson, maxPositions, problems);
        List<Integer> windows = windows(json, type, Math.max(layers, 0), problems);
        Gemma gemma = isGemma
                ? new Gemma(
                        number(json, "query_pre_attn_scalar", headDim),
                        number(json, "attn_logit_softcapping", 0),
                        number(json, "final_logit_softcapping", 0),
                        localTheta)
                : null;
        LlamaConfig config = new LlamaConfig(
                integer(json, "vocab_size", problems),
                hidden,
                integer(json, "intermediate_size", problems),
                layers,
                heads,
                kvHeads,
                theta,
                json.has("rms_norm_eps") ? json.get("rms_norm_eps").getAsDouble() : 1e-6,
                isGemma
                        ? !json.has("tie_word_embeddings") || bool(json, "tie_word_embeddings")
                        : bool(json, "tie_word_embeddings"),
                maxPositions,
                optionalInt(json, "bos_token_id"),
                optionalInt(json, "eos_token_id"),
                type,
                headDim,
                rope,
                attentionBias,
                bool(json, "mlp_bias"),
                type.equals("qwen3") || type.equals("gemma3_text"),
                windows,
                gemma);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Cannot run the model of " + file + ": " + String.join("; ", problems));
        }
        return config;
    }

    /** transformers 5's rope_parameters, or transformers 4's rope_scaling; rope_theta inside or beside. */
    private static JsonObject ropeParameters(JsonObject json) {
        for (String field : List.of("rope_parameters", "rope_scaling")) {
            JsonElement e = json.get(field);
            if (e != null && e.isJsonObject()) {
                return e.getAsJsonObject();
            }
        }
        return new JsonObject();
    }

    private static Rope rope(JsonObject r, int maxPositions, List<String> problems) {
        String type = r.has("rope_type")
                ? r.get("rope_type").getAsString()
                : r.has("type") ? r.get("type").getAsString() : "default";
        Set<String> known = Set.of(
                "rope_type",
                "type",
                "rope_theta",
                "factor",
                "low_freq_factor",
                "high_freq_factor",
                "original_max_position_embeddings",
                "beta_fast",
                "beta_slow",
                "attention_factor",
                "mscale",
                "mscale_all_dim",
                "truncate",
                "partial_rotary_factor");
        for (String key : r.keySet()) {
            if (!known.contains(key)) {
                problems.add("RoPE parameter '" + key + "' is not known to this loader");
            }
        }
        if (!List.of("default", "linear", "dynamic", "llama3", "yarn").contains(type)) {
            problems.add(
                    "RoPE type '" + type + "' is not supported; these are: default, linear, dynamic, llama3, yarn");
            return Rope.DEFAULT;
        }
        double factor = number(r, "factor", 1);
        if (!type.equals("default") && !(factor > 0)) {
            problems.add("RoPE " + type + " needs a positive factor, got " + r.get("factor"));
            factor = 1;
        }
        int original = (int) number(r, "original_max_position_embeddings", maxPositions);
        if (type.equals("llama3")) {
            for (String need : List.of("low_freq_factor", "high_freq_factor", "original_max_position_embeddings")) {
                if (!r.has(need)) {
                    problems.add("RoPE llama3 needs '" + need + "'");
                }
            }
        }
        return new Rope(
                type,
                factor,
                number(r, "low_freq_factor", 1),
                number(r, "high_freq_factor", 4),
                original,
                number(r, "beta_fast", 32),
                number(r, "beta_slow", 1),
                number(r, "attention_factor", Double.NaN),
                number(r, "mscale", 0),
                number(r, "mscale_all_dim", 0),
                !r.has("truncate") || r.get("truncate").getAsBoolean());
    }

    /** Each layer's sliding window: transformers 5 lists layer types; 4 implied them by family. */
    private static List<Integer> windows(JsonObject json, String type, int layers, List<String> problems) {
        int window = optionalInt(json, "sliding_window");
        boolean used = switch (type) {
            case "mistral", "gemma2", "gemma3_text" -> window > 0;
            case "qwen2", "qwen3" -> bool(json, "use_sliding_window") && window > 0;
            default -> false;
        };
        List<Integer> out = new ArrayList<>(Collections.nCopies(layers, 0));
        JsonElement types = json.get("layer_types");
        if (types != null && types.isJsonArray()) {
            if (types.getAsJsonArray().size() != layers) {
                problems.add("layer_types lists " + types.getAsJsonArray().size() + " layers for " + layers);
                return out;
            }
            for (int i = 0; i < layers; i++) {
                String t = types.getAsJsonArray().get(i).getAsString();
                switch (t) {
                    case "full_attention" -> {}
                    case "sliding_attention" -> {
                        if (window <= 0) {
                            problems.add("layer " + i + " is sliding_attention but sliding_window is not set");
                        }
                        out.set(i, Math.max(window, 0));
                    }
                    default -> problems.add("layer type '" + t + "' is not supported");
                }
            }
            return out;
        }
        if (used && type.startsWith("gemma")) { // before layer_types: Gemma 2 every other layer, Gemma 3 by its pattern
            int pattern = type.equals("gemma2")
                    ? 2
                    : Math.max(
                            1,
                            optionalInt(json, "sliding_window_pattern") > 0
                                    ? optionalInt(json, "sliding_window_pattern")
                                    : optionalInt(json, "_sliding_window_pattern") > 0
                                            ? optionalInt(json, "_sliding_window_pattern")
                                            : 6);
            for (int i = 0; i < layers; i++) {
                out.set(i, (i + 1) % pattern != 0 ? window : 0);
            }
            return out;
        }
        if (used) {
            int from = type.equals("mistral") ? 0 : Math.max(0, optionalInt(json, "max_window_layers"));
            for (int i = from; i < layers; i++) {
                out.set(i, window);
            }
        }
        return out;
    }

    private static boolean bool(JsonObject json, String field) {
        JsonElement e = json.get(field);
        return e != null && !e.isJsonNull() && e.getAsBoolean();
    }

    private static double number(JsonObject json, String field, double fallback) {
        JsonElement e = json.get(field);
        return e == null || e.isJsonNull() ? fallback : e.getAsDouble();
    }

    private static String string(JsonObject json, String field, String fallback) {
        return json.has(field) && !json.get(field).isJsonNull()
                ? json.get(field).getAsString()
                : fallback;
    }

    private static int integer(JsonObject json, String field, List<String> problems) {
        if (!json.has(field) || json.get(field).isJsonNull()) {
            problems.add("field '" + field + "' is missing");
            return 0;
        }
        int v = json.get(field).getAsInt();
        if (v <= 0) {
            problems.add("field '" + field + "' must be positive, got " + v);
        }
        return v;
    }

    /** An int, the first of a list (Llama 3's several end tokens), or -1. */
    private static int optionalInt(JsonObject json, String field) {
        JsonElement e = json.get(field);
        if (e != null && e.isJsonArray() && !e.getAsJsonArray().isEmpty()) {
            e = e.getAsJsonArray().get(0);
        }
        return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? -1 : e.getAsInt();
    }
}
