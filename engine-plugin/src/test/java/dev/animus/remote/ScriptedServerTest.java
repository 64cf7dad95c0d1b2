package dev.animus.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import dev.animus.inference.DecodeRequest;
import dev.animus.inference.DecodeResult;
import dev.animus.inference.DecoderModel;
import dev.animus.inference.InferenceQueue;
import dev.animus.inference.InferenceRequest;
import dev.animus.inference.InferenceResult;
import dev.animus.inference.Priority;
import dev.animus.inference.QueueConfig;
import dev.animus.inference.RequestKind;
import dev.animus.inference.ResultStatus;
import dev.animus.model.llama.DecoderFiles;
import dev.animus.model.llama.GenerationConfig;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.prompt.PromptFormat;
import dev.animus.model.prompt.ReplyPlan;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server backend against a scripted OpenAI-compatible server on 127.0.0.1 (the JDK's HTTP
 * server), for what a real llama.cpp never does: a server without the token grammar that writes
 * an action outside the NPC's set, one that names tokens as vLLM does, and one that refuses.
 * Runs everywhere; {@code LlamaServerTest} is the real server.
 */
class ScriptedServerTest {
    private static final List<String> ACTIONS = List.of("idle", "talk", "nod");
    private static final List<String> EMOTIONS = List.of("neutral", "angry");
    private static Path folder;
    private static LlamaTokenizer tokenizer;
    private HttpServer http;
    private final AtomicReference<JsonObject> lastBody = new AtomicReference<>();
    private final AtomicReference<String> lastKey = new AtomicReference<>();

    @BeforeAll
    static void load() {
        folder = DecoderFiles.bundled();
        tokenizer = LlamaTokenizer.load(folder);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.stop(0);
        }
    }

    /** Serves {@code /v1/completions} with what {@code answer} makes of the request's body. */
    private ServerSettings serve(boolean grammar, Function<JsonObject, Response> answer) throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/v1/completions", exchange -> {
            JsonObject body = JsonParser.parseString(
                            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            lastBody.set(body);
            lastKey.set(exchange.getRequestHeaders().getFirst("Authorization"));
            Response r = answer.apply(body);
            byte[] bytes = r.text().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", r.status() == 200 ? "text/event-stream" : "text/plain");
            exchange.sendResponseHeaders(r.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        http.start();
        return new ServerSettings(
                URI.create("http://127.0.0.1:" + http.getAddress().getPort()),
                "npc-model",
                Optional.of("secret"),
                4,
                grammar,
                Duration.ofSeconds(2));
    }

    private record Response(int status, String text) {}

    /** Server-sent events, one token each, in llama.cpp's shape or vLLM's. */
    private static String events(long[] tokens, boolean vllm) {
        StringBuilder b = new StringBuilder();
        for (long t : tokens) {
            JsonObject choice = new JsonObject();
            choice.addProperty("text", tokenizer.decode(new long[] {t}));
            JsonObject logprobs = new JsonObject();
            JsonArray list = new JsonArray();
            if (vllm) {
                list.add("token_id:" + t);
                logprobs.add("tokens", list);
            } else {
                JsonObject c = new JsonObject();
                c.addProperty("id", t);
                list.add(c);
                logprobs.add("content", list);
            }
            choice.add("logprobs", logprobs);
            choice.add("finish_reason", null);
            b.append("data: ").append(chunk(choice)).append("\n\n");
        }
        JsonObject last = new JsonObject();
        last.addProperty("text", "");
        last.addProperty("finish_reason", "stop");
        return b.append("data: ")
                .append(chunk(last))
                .append("\n\ndata: [DONE]\n\n")
                .toString();
    }

    private static String chunk(JsonObject choice) {
        JsonObject o = new JsonObject();
        JsonArray choices = new JsonArray();
        choices.add(choice);
        o.add("choices", choices);
        return o.toString();
    }

    private static DecodeRequest request() {
        PromptFormat.Dialogue d = new PromptFormat.Dialogue(
                "Brann",
                "A gruff blacksmith.",
                List.of("An iron sword costs 40 silver."),
                List.of(),
                ACTIONS,
                EMOTIONS,
                "What does a sword cost?");
        return new DecodeRequest(
                tokenizer.encode(d.render()),
                GenerationConfig.GREEDY.withMaxNewTokens(24).withStopTokens(ReplyPlan.stopTokens(tokenizer)),
                ReplyPlan.dialogue(tokenizer, ACTIONS, EMOTIONS, 2048),
                null);
    }

    private static InferenceResult ask(ServerSettings settings, DecodeRequest request) throws Exception {
        try (InferenceQueue q = new InferenceQueue(
                QueueConfig.DEFAULT, List.of(), List.of(new ServerDecoder(settings, () -> folder)), r -> {}, true)) {
            var ticket = q.submit(
                    new InferenceRequest("brann", RequestKind.DIALOGUE, Priority.PLAYER, DecoderModel.NAME, request));
            q.flush(); // the frame's end: the queue hands its requests to the workers
            return ticket.result().get(1, TimeUnit.MINUTES);
        }
    }

    private static long[] concat(long[]... parts) {
        return java.util.Arrays.stream(parts)
                .flatMapToLong(java.util.Arrays::stream)
                .toArray();
    }

    @Test
    void aServerWithoutGrammarCannotPutAnActionOutsideTheNpcsSetIntoTheGame() throws Exception {
        long[] outside = tokenizer.encodePlain("dance");
        long[] emotion = tokenizer.encodePlain(PromptFormat.EMOTION);
        long[] say = tokenizer.encodePlain(PromptFormat.SAY);
        long[] words = tokenizer.encodePlain(" Forty silver.");
        long end = ReplyPlan.endToken(tokenizer);
        long[] script =
                concat(new long[] {outside[0]}, emotion, tokenizer.encodePlain("angry"), say, words, new long[] {end});
        ServerSettings s = serve(false, body -> new Response(200, events(script, false)));
        InferenceResult r = ask(s, request());
        assertEquals(ResultStatus.COMPLETED, r.status(), String.valueOf(r.error()));
        DecodeResult out = r.output(DecodeResult.class);
        assertTrue(ACTIONS.contains(out.choices().get(0)), "an allowed action, not 'dance': " + out.choices());
        assertTrue(EMOTIONS.contains(out.choices().get(1)), out.choices().toString());
        JsonObject body = lastBody.get();
        assertTrue(!body.has("grammar"), "no grammar for a server that takes none");
        assertEquals("npc-model", body.get("model").getAsString());
        assertEquals("Bearer secret", lastKey.get());
        assertTrue(body.get("stream").getAsBoolean());
    }

    @Test
    void promptsGoAsTokenIdsWithThePlanAsATokenGrammarAndVllmsTokenIdsAreRead() throws Exception {
        long[] action = tokenizer.encodePlain("nod");
        long[] emotion = tokenizer.encodePlain(PromptFormat.EMOTION);
        long[] say = tokenizer.encodePlain(PromptFormat.SAY);
        long[] words = tokenizer.encodePlain(" Aye.");
        long end = ReplyPlan.endToken(tokenizer);
        long[] script = concat(action, emotion, tokenizer.encodePlain("neutral"), say, words, new long[] {end});
        ServerSettings s = serve(true, body -> new Response(200, events(script, true)));
        DecodeRequest request = request();
        InferenceResult r = ask(s, request);
        assertEquals(ResultStatus.COMPLETED, r.status(), String.valueOf(r.error()));
        DecodeResult out = r.output(DecodeResult.class);
        assertEquals(List.of("nod", "neutral"), out.choices());
        assertArrayEquals(concat(action, emotion, tokenizer.encodePlain("neutral"), say, words), out.tokens());
        JsonArray prompt = lastBody.get().getAsJsonArray("prompt");
        assertEquals(request.prompt().length, prompt.size());
        assertEquals(request.prompt()[0], prompt.get(0).getAsLong());
        String grammar = lastBody.get().get("grammar").getAsString();
        assertTrue(grammar.startsWith("root ::= (<["), grammar);
        assertTrue(grammar.contains("(!<[" + end + "]>)*"), "free text until the end marker: " + grammar);
    }

    @Test
    void aStreamThatStopsMidReplyFailsTheReply() throws Exception {
        long[] action = tokenizer.encodePlain("nod");
        String whole = events(action, false);
        String cut = whole.substring(0, whole.indexOf("\n\n") + 2); // the first token, then the connection closes
        ServerSettings s = serve(true, body -> new Response(200, cut));
        InferenceResult r = ask(s, request());
        assertEquals(ResultStatus.FAILED, r.status(), "half a reply is not a reply");
        assertTrue(r.error().contains("broke off the reply"), r.error());
    }

    @Test
    void aServerThatRefusesFailsTheReplyWithWhatItSaid() throws Exception {
        ServerSettings s = serve(true, body -> new Response(503, "the model is loading"));
        InferenceResult r = ask(s, request());
        assertEquals(ResultStatus.FAILED, r.status());
        assertTrue(r.error().contains("answered 503: the model is loading"), r.error());
    }
}
