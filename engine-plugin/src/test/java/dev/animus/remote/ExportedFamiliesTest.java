package dev.animus.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.animus.model.gguf.GgufExport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code export-gguf} checked by llama.cpp itself: each family's tiny random checkpoint
 * (models/testdata/families, made by transformers in that family's real config) is written as
 * GGUF, served by {@code llama-server}, given the fixture's prompt as token ids, and must
 * answer with the greedy tokens Hugging Face transformers gave. The checkpoints carry no
 * tokenizer, so a byte-level one is written beside each (the prompt is ids, so only its shape
 * matters to the server). Skipped, saying so, where the server is not built.
 */
@Tag("slow")
class ExportedFamiliesTest {
    private static final Path FAMILIES = Path.of("../models/testdata/families");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"llama-linear", "llama3", "smollm2", "qwen2", "qwen3", "qwen2 --half"})
    void llamaCppGivesTransformersGreedyTokens(String which) throws Exception {
        String family = which.split(" ")[0];
        boolean half = which.endsWith("--half"); // its weights are fp16 already: nothing is rounded
        Optional<Path> binary = LlamaServer.find();
        Assumptions.assumeTrue(binary.isPresent(), "llama-server is not built here (.ci/llama-server.sh); skipped");
        Path folder = checkpoint(family);
        Path gguf = dir.resolve(family + ".gguf");
        GgufExport.export(folder, gguf, half);
        JsonObject expected = JsonParser.parseString(Files.readString(FAMILIES.resolve(family + "/expected.json")))
                .getAsJsonObject();
        JsonArray greedy = expected.getAsJsonArray("greedy");
        try (LlamaServer server = LlamaServer.start(binary.get(), gguf, dir.resolve(family + ".log"))) {
            JsonObject body = new JsonObject();
            body.add("prompt", expected.getAsJsonArray("prompt"));
            body.addProperty("max_tokens", greedy.size());
            body.addProperty("temperature", 0);
            body.addProperty("logprobs", 1);
            body.addProperty("ignore_eos", true);
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.url() + "/v1/completions"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            List<Long> got = new ArrayList<>();
            for (JsonElement t : JsonParser.parseString(r.body())
                    .getAsJsonObject()
                    .getAsJsonArray("choices")
                    .get(0)
                    .getAsJsonObject()
                    .getAsJsonObject("logprobs")
                    .getAsJsonArray("content")) {
                got.add(t.getAsJsonObject().get("id").getAsLong());
            }
            List<Long> want = new ArrayList<>();
            greedy.forEach(t -> want.add(t.getAsLong()));
            assertEquals(want, got, family + ": llama.cpp's greedy tokens against transformers'");
        }
    }

    @Test
    void whatLlamaCppWouldRunDifferentlyIsRefused() throws Exception {
        for (String[] c : new String[][] {
            {"llama-bias", "MLP biases"},
            {"mistral", "sliding-window"},
            {"llama-yarn", "yarn"},
            {"llama-dynamic", "dynamic"}
        }) {
            Path folder = checkpoint(c[0]);
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> GgufExport.export(folder, dir.resolve("x.gguf"), false));
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
    }

    /** The family's fixture in a folder of its own, with a byte-level BPE tokenizer beside it. */
    private Path checkpoint(String family) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(family));
        Files.copy(FAMILIES.resolve(family + "/config.json"), folder.resolve("config.json"));
        Files.copy(FAMILIES.resolve(family + "/model.safetensors"), folder.resolve("model.safetensors"));
        JsonObject vocab = new JsonObject();
        int id = 0;
        for (char ch = '!'; ch <= '~'; ch++) { // GPT-2's byte alphabet: printable ASCII is itself
            vocab.addProperty(String.valueOf(ch), id++);
        }
        vocab.addProperty("\u0120", id++); // the space
        vocab.addProperty("\u010A", id++); // the newline
        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("vocab", vocab);
        model.add("merges", new JsonArray());
        JsonObject pre = new JsonObject();
        pre.addProperty("type", "ByteLevel");
        pre.addProperty("add_prefix_space", false);
        pre.addProperty("use_regex", true);
        JsonObject tokenizer = new JsonObject();
        tokenizer.add("normalizer", null);
        tokenizer.add("pre_tokenizer", pre);
        tokenizer.add("model", model);
        Files.writeString(folder.resolve("tokenizer.json"), tokenizer.toString(), StandardCharsets.UTF_8);
        return folder;
    }
}
