package dev.animus.model.gguf;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.animus.model.llama.LlamaConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} as GGUF's {@code tokenizer.ggml.*} entries: the
 * vocabulary by id, each token's type (added special tokens are control tokens, so llama.cpp
 * never prints them as text), the merges, and the begin and end tokens. Only byte-level BPE with
 * GPT-2's pre-tokenizer is written (llama.cpp's {@code gpt2} model with the {@code gpt-2}
 * pre-tokenizer); other tokenizers need llama.cpp's converter, which knows each one's rules.
 */
final class GgufTokenizer {
    // llama.cpp's token types
    private static final int NORMAL = 1;
    private static final int CONTROL = 3;
    private static final int USER_DEFINED = 4;
    private static final int UNUSED = 5;
    /** Animus's end-of-reply marker: the end token of a checkpoint whose config names none. */
    private static final String END_MARKER = "<|end|>";

    private final List<String> tokens;
    private final int[] types;
    private final List<String> merges;
    private final int bos;
    private final int eos;
    private final boolean addBos;

    private GgufTokenizer(List<String> tokens, int[] types, List<String> merges, int bos, int eos, boolean addBos) {
        this.tokens = tokens;
        this.types = types;
        this.merges = merges;
        this.bos = bos;
        this.eos = eos;
        this.addBos = addBos;
    }

    static GgufTokenizer read(Path file, LlamaConfig config) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No tokenizer.json beside the checkpoint: " + file.toAbsolutePath());
        }
        JsonObject json;
        try {
            json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(file.toAbsolutePath() + " is not valid JSON: " + e.getMessage(), e);
        }
        JsonObject model = json.getAsJsonObject("model");
        if (model == null || !"BPE".equals(text(model.get("type")))) {
            throw refuse(file, "a " + (model == null ? "missing" : text(model.get("type"))) + " tokenizer model");
        }
        if (!gpt2PreTokenizer(json.get("pre_tokenizer")) || !isNull(json.get("normalizer"))) {
            throw refuse(file, "this pre-tokenizer or normalizer (only GPT-2's byte-level BPE is written)");
        }
        int size = config.vocabSize();
        String[] byId = new String[size];
        int[] types = new int[size];
        for (Map.Entry<String, JsonElement> e : model.getAsJsonObject("vocab").entrySet()) {
            set(byId, types, e.getValue().getAsInt(), e.getKey(), NORMAL, file);
        }
        int end = -1;
        JsonArray added = json.has("added_tokens") ? json.getAsJsonArray("added_tokens") : new JsonArray();
        for (JsonElement a : added) {
            JsonObject t = a.getAsJsonObject();
            String content = t.get("content").getAsString();
            boolean special = t.has("special") && t.get("special").getAsBoolean();
            int id = t.get("id").getAsInt();
            set(byId, types, id, content, special ? CONTROL : USER_DEFINED, file);
            if (content.equals(END_MARKER)) {
                end = id;
            }
        }
        List<String> tokens = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            if (byId[i] == null) { // the embedding has rows the tokenizer never gives
                byId[i] = "[PAD" + i + "]";
                types[i] = UNUSED;
            }
            tokens.add(byId[i]);
        }
        List<String> merges = new ArrayList<>();
        for (JsonElement m : model.getAsJsonArray("merges")) {
            merges.add(
                    m.isJsonArray()
                            ? m.getAsJsonArray().get(0).getAsString() + " "
                                    + m.getAsJsonArray().get(1).getAsString()
                            : m.getAsString());
        }
        int eos = config.eosTokenId() >= 0 ? config.eosTokenId() : end;
        if (eos < 0) {
            throw new IllegalArgumentException(file.toAbsolutePath().getParent().resolve("config.json")
                    + " names no eos_token_id and the tokenizer has no " + END_MARKER
                    + " marker: say which token ends a reply (eos_token_id in config.json)");
        }
        int bos = config.bosTokenId() >= 0 ? config.bosTokenId() : eos;
        JsonElement post = json.get("post_processor");
        boolean addBos =
                config.bosTokenId() >= 0 && !isNull(post) && post.toString().contains(quote(tokens.get(bos)));
        return new GgufTokenizer(List.copyOf(tokens), types, List.copyOf(merges), bos, eos, addBos);
    }

    void writeTo(GgufWriter w) {
        w.string("tokenizer.ggml.model", "gpt2");
        w.string("tokenizer.ggml.pre", "gpt-2");
        w.strings("tokenizer.ggml.tokens", tokens);
        w.int32s("tokenizer.ggml.token_type", Arrays.copyOf(types, types.length));
        w.strings("tokenizer.ggml.merges", merges);
        w.uint32("tokenizer.ggml.bos_token_id", bos);
        w.uint32("tokenizer.ggml.eos_token_id", eos);
        w.bool("tokenizer.ggml.add_bos_token", addBos);
        w.bool("tokenizer.ggml.add_eos_token", false);
    }

    private static void set(String[] byId, int[] types, int id, String token, int type, Path file) {
        if (id < 0 || id >= byId.length) {
            throw new IllegalArgumentException(file.toAbsolutePath() + ": token '" + token + "' has id " + id
                    + ", outside the model's " + byId.length + " embeddings (vocab_size in config.json)");
        }
        byId[id] = token;
        types[id] = type;
    }

    /** ByteLevel with GPT-2's regex, alone or as the only step of a sequence. */
    private static boolean gpt2PreTokenizer(JsonElement pre) {
        if (isNull(pre) || !pre.isJsonObject()) {
            return false;
        }
        JsonObject p = pre.getAsJsonObject();
        if ("Sequence".equals(text(p.get("type")))) {
            JsonArray steps = p.getAsJsonArray("pretokenizers");
            return steps != null && steps.size() == 1 && gpt2PreTokenizer(steps.get(0));
        }
        return "ByteLevel".equals(text(p.get("type")))
                && (!p.has("use_regex") || p.get("use_regex").getAsBoolean())
                && !(p.has("add_prefix_space") && p.get("add_prefix_space").getAsBoolean());
    }

    private static boolean isNull(JsonElement e) {
        return e == null || e.isJsonNull();
    }

    private static String text(JsonElement e) {
        return isNull(e) ? null : e.getAsString();
    }

    private static String quote(String s) {
        return new com.google.gson.JsonPrimitive(s).toString();
    }

    private static IllegalArgumentException refuse(Path file, String what) {
        return new IllegalArgumentException(file.toAbsolutePath() + ": export-gguf does not write " + what
                + " yet. Use llama.cpp's convert_hf_to_gguf.py for this checkpoint.");
    }
}
