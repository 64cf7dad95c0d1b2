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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Llama-family {@code config.json}. Strict: a field this implementation does not know, or a
 * value it cannot honour (biases, RoPE scaling, another activation), fails with a message
 * naming the field, instead of running a model wrongly.
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
 * @param eosTokenId end-of-sequence token, or -1
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
        int eosTokenId) {

    /** Fields read and honoured. */
    // spotless:off
    private static final Set<String> USED = Set.of("vocab_size", "hidden_size", "intermediate_size",
            "num_hidden_layers", "num_attention_heads", "num_key_value_heads", "rope_theta", "rms_norm_eps",
            "tie_word_embeddings", "max_position_embeddings", "bos_token_id", "eos_token_id", "hidden_act",
            "model_type", "architectures", "attention_bias", "mlp_bias", "rope_scaling", "pretraining_tp",
            "head_dim");
    /** Fields that do not change inference. */
    private static final Set<String> IGNORED = Set.of("attention_dropout", "initializer_range",
            "transformers_version", "use_cache", "torch_dtype", "pad_token_id", "_name_or_path");
    // spotless:on

    /**
     * @return the number of weights: embeddings (and the output projection when untied),
     *     attention and MLP projections, and the RMSNorm gains
     */
    public long parameters() {
        long h = hiddenSize;
        long kv = (long) kvHeads * headDim();
        long perLayer = h * h * 2 + h * kv * 2 + 3 * h * intermediateSize + 2 * h;
        return (long) vocabSize * h * (tieWordEmbeddings ? 1 : 2) + layers * perLayer + h;
    }

    /** @return the width of one attention head */
    public int headDim() {
        return hiddenSize / heads;
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
        if (!type.equals("llama")) {
            problems.add("model_type '" + type + "' is not supported; only 'llama' is");
        }
        String act = string(json, "hidden_act", "silu");
        if (!act.equals("silu")) {
            problems.add("hidden_act '" + act + "' is not supported; only 'silu' (SwiGLU) is");
        }
        for (String f : List.of("attention_bias", "mlp_bias")) {
            if (json.has(f) && json.get(f).getAsBoolean()) {
                problems.add(f + " true is not supported (no bias terms)");
            }
        }
        if (json.has("rope_scaling") && !json.get("rope_scaling").isJsonNull()) {
            problems.add("rope_scaling " + json.get("rope_scaling") + " is not supported; only plain RoPE (null) is");
        }
        if (json.has("pretraining_tp") && json.get("pretraining_tp").getAsInt() != 1) {
            problems.add("pretraining_tp " + json.get("pretraining_tp") + " is not supported; only 1 is");
        }
        int hidden = integer(json, "hidden_size", problems);
        int heads = integer(json, "num_attention_heads", problems);
        int kvHeads = json.has("num_key_value_heads")
                ? json.get("num_key_value_heads").getAsInt()
                : heads;
        if (heads > 0 && hidden % heads != 0) {
            problems.add("hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads);
        }
        if (kvHeads <= 0 || (heads > 0 && heads % kvHeads != 0)) {
            problems.add("num_attention_heads " + heads + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        if (json.has("head_dim") && heads > 0 && json.get("head_dim").getAsInt() != hidden / heads) {
            problems.add("head_dim " + json.get("head_dim") + " differs from hidden_size / num_attention_heads;"
                    + " not supported");
        }
        LlamaConfig config = new LlamaConfig(
                integer(json, "vocab_size", problems),
                hidden,
                integer(json, "intermediate_size", problems),
                integer(json, "num_hidden_layers", problems),
                heads,
                kvHeads,
                json.has("rope_theta") ? json.get("rope_theta").getAsDouble() : 10_000,
                json.has("rms_norm_eps") ? json.get("rms_norm_eps").getAsDouble() : 1e-6,
                json.has("tie_word_embeddings")
                        && json.get("tie_word_embeddings").getAsBoolean(),
                json.has("max_position_embeddings")
                        ? json.get("max_position_embeddings").getAsInt()
                        : 2048,
                optionalInt(json, "bos_token_id"),
                optionalInt(json, "eos_token_id"));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Cannot run the model of " + file + ": " + String.join("; ", problems));
        }
        return config;
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

    private static int optionalInt(JsonObject json, String field) {
        JsonElement e = json.get(field);
        return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? -1 : e.getAsInt();
    }
}
