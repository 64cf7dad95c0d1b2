package dev.animus.model.prompt;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.animus.model.llama.GenerationConfig;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.llama.Segment;
import dev.animus.model.runtime.ModelLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How one decoder is prompted and how its replies are read: the same NPC, facts and player's
 * words framed the way that model was trained. A decoder trained for Animus reads its markers
 * ({@link MarkerFrame}); a chat model reads its own chat template ({@link ChatFrame}). Either
 * way a reply is an action and an emotion chosen from the NPC's own, then the text, so the
 * game reads both alike. Immutable; any thread.
 */
public sealed interface PromptFrame permits MarkerFrame, ChatFrame {

    /**
     * @param dialogue what the NPC is asked (not null)
     * @return the prompt's tokens, ending where the reply's plan begins
     */
    long[] dialogue(PromptFormat.Dialogue dialogue);

    /**
     * @param scene what is perceived (not null)
     * @return the prompt's tokens, ending where the description begins
     */
    long[] scene(PromptFormat.Scene scene);

    /**
     * How a reply is decoded: the action (one of {@code actions}), the emotion (one of
     * {@code emotions}), then the text: free, or one of {@code lines}. The text is always the
     * plan's last segment, and the choices come in that order (action, emotion, line).
     *
     * @param actions the NPC's actions (not empty)
     * @param emotions the NPC's emotions (not empty)
     * @param vocabSize the decoder's vocabulary size
     * @param lines the lines the reply chooses from, or null for free text
     * @return the plan
     */
    List<Segment> reply(List<String> actions, List<String> emotions, int vocabSize, List<String> lines);

    /** @return greedy decoding, at most 64 tokens, ending where this frame's replies end */
    GenerationConfig generation();

    /** @return the token a reply's free text ends with (the one a server's grammar ends at) */
    long endToken();

    /**
     * @param reply the tokens of a reply decoded with {@link #reply}'s plan
     * @return what the NPC says ("" when the reply ended before its text)
     */
    String text(long[] reply);

    /**
     * @param description the tokens written after a {@link #scene} prompt
     * @return the description's text
     */
    String description(long[] description);

    /** @return how prompts are framed, for logs ("Animus's markers", "the chat template in ...") */
    String describe();

    /**
     * The frame a checkpoint was trained for: Animus's markers where its tokenizer keeps them as
     * single tokens, else its chat template.
     *
     * @param tokenizer the checkpoint's tokenizer (not null)
     * @param folder the checkpoint folder, for the chat template and end tokens (null: markers only)
     * @return the frame
     * @throws ModelLoadException when the checkpoint has neither, naming the folder and what to do
     */
    static PromptFrame of(LlamaTokenizer tokenizer, Path folder) {
        if (MarkerFrame.fits(tokenizer)) {
            return new MarkerFrame(tokenizer);
        }
        String where = folder == null
                ? "the decoder"
                : "The decoder in " + folder.toAbsolutePath().normalize();
        Optional<ChatTemplate> template;
        try {
            template = folder == null ? Optional.empty() : ChatTemplate.find(folder);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException(
                    folder, "Could not read the chat template of " + where + ": " + e.getMessage(), e);
        }
        if (template.isEmpty()) {
            throw new ModelLoadException(
                    folder,
                    where + " has neither Animus's prompt markers (" + PromptFormat.END + " is not one token of its"
                            + " tokenizer) nor a chat template (chat_template.jinja, or chat_template in"
                            + " tokenizer_config.json), so NPCs cannot be prompted with it. Use the instruct or chat"
                            + " version of the model, or a decoder trained with animus-training.",
                    null);
        }
        try {
            return new ChatFrame(tokenizer, template.get(), endTokens(tokenizer, folder), specialTokens(folder));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(folder, where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where a chat model's turn ends: the end-of-sequence ids of config.json and
     * generation_config.json (an instruct Llama 3 lists its end-of-turn there), the template's
     * eos_token, and the usual end-of-turn tokens where the tokenizer has them as one token.
     */
    private static Set<Long> endTokens(LlamaTokenizer tokenizer, Path folder) {
        Set<Long> ends = new LinkedHashSet<>();
        for (String file : List.of("config.json", "generation_config.json")) {
            JsonObject json = readJson(folder.resolve(file));
            JsonElement eos = json.get("eos_token_id");
            if (eos != null && eos.isJsonArray()) {
                eos.getAsJsonArray().forEach(e -> ends.add(e.getAsLong()));
            } else if (eos != null && eos.isJsonPrimitive()) {
                ends.add(eos.getAsLong());
            }
        }
        List<String> names = new ArrayList<>(ChatFrame.END_OF_TURN);
        JsonElement eos = readJson(folder.resolve("tokenizer_config.json")).get("eos_token");
        if (eos != null && eos.isJsonPrimitive()) {
            names.add(eos.getAsString());
        } else if (eos != null && eos.isJsonObject() && eos.getAsJsonObject().has("content")) {
            names.add(eos.getAsJsonObject().get("content").getAsString());
        }
        for (String name : names) {
            long[] ids = tokenizer.encodePlain(name);
            if (ids.length == 1 && tokenizer.decode(ids, false).equals(name)) {
                ends.add(ids[0]);
            }
        }
        if (ends.isEmpty()) {
            throw new IllegalArgumentException("no end-of-turn token: config.json names no eos_token_id, and the"
                    + " tokenizer has none of " + names);
        }
        return Set.copyOf(ends);
    }

    /** The tokenizer's special tokens ({@code added_tokens} marked special), which user text must not spell. */
    private static List<String> specialTokens(Path folder) {
        List<String> special = new ArrayList<>();
        JsonElement added = readJson(folder.resolve("tokenizer.json")).get("added_tokens");
        if (added != null && added.isJsonArray()) {
            for (JsonElement e : added.getAsJsonArray()) {
                JsonObject t = e.getAsJsonObject();
                if (t.has("content") && (!t.has("special") || t.get("special").getAsBoolean())) {
                    special.add(t.get("content").getAsString());
                }
            }
        }
        return List.copyOf(special);
    }

    /** A JSON object file, or an empty object where there is none. */
    private static JsonObject readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return new JsonObject();
        }
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(file + " is not a readable JSON object: " + e.getMessage(), e);
        }
    }
}
