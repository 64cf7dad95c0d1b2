package dev.animus.model.prompt;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Hugging Face chat template: how a model tuned for chat wants its conversation framed. Read
 * from a checkpoint folder's {@code chat_template.jinja} or the {@code chat_template} of its
 * {@code tokenizer_config.json}, and rendered with Jinjava the way transformers renders it
 * (trim_blocks, lstrip_blocks, {@code raise_exception}, {@code strftime_now}, {@code bos_token},
 * {@code eos_token}, {@code add_generation_prompt}). Immutable; any thread.
 */
public final class ChatTemplate {
    /** One turn of a conversation. @param role system, user or assistant @param content its text */
    public record Message(String role, String content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }

    private static final JinjavaConfig CONFIG = JinjavaConfig.newBuilder()
            .withFailOnUnknownTokens(false)
            // A player's words that look like Jinja ("{{ ... }}") are text, never run: Jinjava
            // would otherwise render expressions found in values.
            .withNestedInterpretationEnabled(false)
            .build();
    /** One engine for every template: its functions are registered once; rendering is thread-safe. */
    private static final Jinjava JINJAVA = newJinjava();

    private final String template;
    private final String bosToken;
    private final String eosToken;
    private final String source;

    private ChatTemplate(String template, String bosToken, String eosToken, String source) {
        this.template = jinjaWhitespace(template);
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.source = source;
    }

    /**
     * @param template the Jinja source (not null)
     * @param bosToken what {@code bos_token} renders as ("" for none)
     * @param eosToken what {@code eos_token} renders as ("" for none)
     * @return the template
     */
    public static ChatTemplate of(String template, String bosToken, String eosToken) {
        return new ChatTemplate(
                Objects.requireNonNull(template, "template"),
                Objects.requireNonNullElse(bosToken, ""),
                Objects.requireNonNullElse(eosToken, ""),
                "a chat template");
    }

    /**
     * Finds a checkpoint's chat template: {@code chat_template.jinja} first, then the
     * {@code chat_template} of {@code tokenizer_config.json} (a string, or a list of named
     * templates of which the one named "default" is taken).
     *
     * @param folder the checkpoint folder (not null)
     * @return the template, or empty when the checkpoint has none (a base model)
     * @throws IllegalArgumentException naming the file when it is not what it should be
     * @throws IOException if a file cannot be read
     */
    public static Optional<ChatTemplate> find(Path folder) throws IOException {
        Path configFile = folder.resolve("tokenizer_config.json");
        JsonObject config = new JsonObject();
        if (Files.isRegularFile(configFile)) {
            try {
                config = JsonParser.parseString(Files.readString(configFile, StandardCharsets.UTF_8))
                        .getAsJsonObject();
            } catch (JsonParseException | IllegalStateException e) {
                throw new IllegalArgumentException(configFile + " is not a JSON object: " + e.getMessage(), e);
            }
        }
        String bos = token(config.get("bos_token"));
        String eos = token(config.get("eos_token"));
        Path jinja = folder.resolve("chat_template.jinja");
        if (Files.isRegularFile(jinja)) {
            return Optional.of(
                    new ChatTemplate(Files.readString(jinja, StandardCharsets.UTF_8), bos, eos, jinja.toString()));
        }
        JsonElement t = config.get("chat_template");
        if (t == null || t.isJsonNull()) {
            return Optional.empty();
        }
        if (t.isJsonPrimitive()) {
            return Optional.of(new ChatTemplate(t.getAsString(), bos, eos, configFile.toString()));
        }
        if (t.isJsonArray()) {
            for (JsonElement named : t.getAsJsonArray()) {
                JsonObject o = named.getAsJsonObject();
                if (o.has("name") && o.get("name").getAsString().equals("default") && o.has("template")) {
                    return Optional.of(
                            new ChatTemplate(o.get("template").getAsString(), bos, eos, configFile.toString()));
                }
            }
            throw new IllegalArgumentException(configFile + " lists chat templates but none named 'default'");
        }
        throw new IllegalArgumentException(configFile + ": chat_template is neither a string nor a list of templates");
    }

    /** tokenizer_config.json writes a special token as a string or as {"content": ...}. */
    private static String token(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "";
        }
        if (e.isJsonObject() && e.getAsJsonObject().has("content")) {
            return e.getAsJsonObject().get("content").getAsString();
        }
        return e.isJsonPrimitive() ? e.getAsString() : "";
    }

    /** @return where the template came from (its file), for messages */
    public String source() {
        return source;
    }

    /**
     * Frames a conversation.
     *
     * @param messages the turns, in order (not empty)
     * @param addGenerationPrompt whether to end with the opening of the assistant's turn, for the
     *     model to continue
     * @return the text to tokenise (special tokens spelled out, as the template writes them)
     * @throws IllegalArgumentException when the template refuses the conversation (its
     *     {@code raise_exception} message) or cannot be rendered, naming where it came from
     */
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a conversation needs at least one message");
        }
        Map<String, Object> context = new LinkedHashMap<>();
        List<Map<String, Object>> turns = new ArrayList<>();
        for (Message m : messages) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("role", m.role());
            turn.put("content", m.content());
            turns.add(turn);
        }
        context.put("messages", turns);
        context.put("add_generation_prompt", addGenerationPrompt);
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        RenderResult result;
        try {
            result = JINJAVA.renderForResult(template, context);
        } catch (TemplateRefused e) {
            throw new IllegalArgumentException(
                    "The chat template (" + source + ") refuses the conversation: " + e.getMessage(), e);
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getException() instanceof TemplateRefused || refused(error)) {
                throw new IllegalArgumentException(
                        "The chat template (" + source + ") refuses the conversation: " + refusal(error));
            }
        }
        List<TemplateError> fatal = result.getErrors().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
                .toList();
        if (!fatal.isEmpty()) {
            throw new IllegalArgumentException("Could not render the chat template (" + source + "): "
                    + fatal.stream().map(TemplateError::getMessage).collect(Collectors.joining("; ")));
        }
        return result.getOutput();
    }

    /**
     * Applies Jinja's whitespace rules to the template's text, as transformers' environment has
     * them (a {@code -} on a tag strips the whitespace beside it, trim_blocks drops the newline
     * after a block or comment tag, lstrip_blocks the indentation before one), so Jinjava, whose
     * own handling of them differs (it keeps what {@code {{-} should strip), renders the same
     * characters. These rules act on the template's literal text only, so doing them first is
     * the same as doing them while rendering.
     */
    static String jinjaWhitespace(String template) {
        String t = template.replaceAll("\\s*\\{([{%#])-", "{$1");
        t = t.replaceAll("-([}%#])}\\s*", "$1}");
        t = t.replaceAll("(?m)^[ \\t]+(?=\\{[%#](?!\\+))", "");
        t = t.replaceAll("([%#])}\\r?\\n", "$1}");
        return t.replace("{%+", "{%").replace("+%}", "%}");
    }

    private static Jinjava newJinjava() {
        Jinjava jinjava = new Jinjava(CONFIG);
        jinjava.getGlobalContext()
                .registerFunction(
                        new ELFunctionDefinition("", "raise_exception", ChatTemplate.class, "raise", String.class));
        jinjava.getGlobalContext()
                .registerFunction(
                        new ELFunctionDefinition("", "strftime_now", ChatTemplate.class, "strftimeNow", String.class));
        return jinjava;
    }

    private static boolean refused(TemplateError error) {
        Throwable t = error.getException();
        while (t != null) {
            if (t instanceof TemplateRefused) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }

    private static String refusal(TemplateError error) {
        Throwable t = error.getException();
        while (t != null && !(t instanceof TemplateRefused)) {
            t = t.getCause();
        }
        return t == null ? error.getMessage() : t.getMessage();
    }

    /** The template's {@code raise_exception(message)}: the conversation is not one it frames. */
    public static String raise(String message) {
        throw new TemplateRefused(message);
    }

    /** The template's {@code strftime_now(format)}: today's date, for templates that state it. */
    public static String strftimeNow(String format) {
        LocalDateTime now = LocalDateTime.now();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char f = format.charAt(++i);
            out.append(
                    switch (f) {
                        case 'd' -> String.format(Locale.ROOT, "%02d", now.getDayOfMonth());
                        case 'm' -> String.format(Locale.ROOT, "%02d", now.getMonthValue());
                        case 'Y' -> String.valueOf(now.getYear());
                        case 'b' -> now.format(DateTimeFormatter.ofPattern("MMM", Locale.ENGLISH));
                        case 'B' -> now.format(DateTimeFormatter.ofPattern("MMMM", Locale.ENGLISH));
                        case 'H' -> String.format(Locale.ROOT, "%02d", now.getHour());
                        case 'M' -> String.format(Locale.ROOT, "%02d", now.getMinute());
                        case '%' -> "%";
                        default -> "%" + f;
                    });
        }
        return out.toString();
    }

    /** What {@code raise_exception} throws. */
    private static final class TemplateRefused extends RuntimeException {
        TemplateRefused(String message) {
            super(message);
        }
    }
}
