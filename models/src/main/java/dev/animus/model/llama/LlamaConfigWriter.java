package dev.animus.model.llama;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a {@link LlamaConfig} as a Hugging Face config.json that transformers and this loader read. */
public final class LlamaConfigWriter {
    private LlamaConfigWriter() {}

    /** @param config the config @param file where */
    public static void write(LlamaConfig config, Path file) throws IOException {
        JsonObject j = new JsonObject();
        JsonArray arch = new JsonArray();
        arch.add("LlamaForCausalLM");
        j.add("architectures", arch);
        j.addProperty("model_type", "llama");
        j.addProperty("hidden_act", "silu");
        j.addProperty("vocab_size", config.vocabSize());
        j.addProperty("hidden_size", config.hiddenSize());
        j.addProperty("intermediate_size", config.intermediateSize());
        j.addProperty("num_hidden_layers", config.layers());
        j.addProperty("num_attention_heads", config.heads());
        j.addProperty("num_key_value_heads", config.kvHeads());
        j.addProperty("rope_theta", config.ropeTheta());
        j.addProperty("rms_norm_eps", config.rmsNormEps());
        j.addProperty("tie_word_embeddings", config.tieWordEmbeddings());
        j.addProperty("max_position_embeddings", config.maxPositions());
        j.addProperty("bos_token_id", config.bosTokenId());
        j.addProperty("eos_token_id", config.eosTokenId());
        j.addProperty("attention_bias", false);
        j.addProperty("mlp_bias", false);
        j.add("rope_scaling", JsonNull.INSTANCE);
        j.addProperty("torch_dtype", "float32");
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(j), StandardCharsets.UTF_8);
    }
}
