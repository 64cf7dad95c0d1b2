package dev.animus.model.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat templates in the form the families publish them (models/testdata/chat-templates) render
 * with Jinjava exactly as transformers renders them (its expected.json, made by
 * make_expected.py), refusals included.
 */
class ChatTemplateTest {
    private static final Path FIXTURES = Path.of("testdata/chat-templates");

    @Test
    void rendersAsTransformersDoes() throws IOException {
        JsonObject templates = read("templates.json");
        JsonObject expected = read("expected.json");
        JsonObject conversations = expected.getAsJsonObject("conversations");
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, JsonElement> e :
                expected.getAsJsonObject("rendered").entrySet()) {
            String[] key = e.getKey().split("/");
            JsonObject t = templates.getAsJsonObject(key[0]);
            ChatTemplate template = ChatTemplate.of(
                    t.get("template").getAsString(),
                    t.get("bos_token").getAsString(),
                    t.get("eos_token").getAsString());
            List<ChatTemplate.Message> messages = new ArrayList<>();
            for (JsonElement m : conversations.getAsJsonArray(key[1])) {
                messages.add(new ChatTemplate.Message(
                        m.getAsJsonObject().get("role").getAsString(),
                        m.getAsJsonObject().get("content").getAsString()));
            }
            JsonObject want = e.getValue().getAsJsonObject();
            boolean prompt = key[2].equals("prompt");
            checked++;
            if (want.has("error")) {
                try {
                    template.render(messages, prompt);
                    wrong.add(e.getKey() + ": rendered, but transformers refused: " + want.get("error"));
                } catch (IllegalArgumentException refused) {
                    if (!refused.getMessage().contains(want.get("error").getAsString())) {
                        wrong.add(e.getKey() + ": refused with " + refused.getMessage());
                    }
                }
            } else {
                String got = template.render(messages, prompt);
                if (!got.equals(want.get("text").getAsString())) {
                    wrong.add(e.getKey() + ":\n got  " + got.replace("\n", "\\n") + "\n want "
                            + want.get("text").getAsString().replace("\n", "\\n"));
                }
            }
        }
        assertEquals(40, checked);
        assertEquals(List.of(), wrong);
    }

    @Test
    void aCheckpointsTemplateIsFoundWhereTransformersLooks(@TempDir Path folder) throws IOException {
        assertTrue(ChatTemplate.find(folder).isEmpty(), "a base model has none");
        Files.writeString(
                folder.resolve("tokenizer_config.json"),
                "{\"bos_token\": {\"content\": \"<s>\", \"lstrip\": false}, \"eos_token\": \"</s>\","
                        + " \"chat_template\": [{\"name\": \"tool_use\", \"template\": \"x\"},"
                        + " {\"name\": \"default\", \"template\": \"{{ bos_token }}{{ messages[0].content }}{{ eos_token }}\"}]}");
        List<ChatTemplate.Message> hi = List.of(new ChatTemplate.Message("user", "hi"));
        assertEquals("<s>hi</s>", ChatTemplate.find(folder).orElseThrow().render(hi, true));
        Files.writeString(folder.resolve("chat_template.jinja"), "[{{ messages[0].content }}]");
        assertEquals("[hi]", ChatTemplate.find(folder).orElseThrow().render(hi, true), "the .jinja file comes first");
    }

    @Test
    void aBrokenTemplateNamesItsSource(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("chat_template.jinja"), "{% for m in messages %}{{ m.content }");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ChatTemplate.find(folder)
                        .orElseThrow()
                        .render(List.of(new ChatTemplate.Message("user", "hi")), true));
        assertTrue(e.getMessage().contains("chat_template.jinja"), e.getMessage());
    }

    private static JsonObject read(String name) throws IOException {
        return JsonParser.parseString(Files.readString(FIXTURES.resolve(name))).getAsJsonObject();
    }
}
