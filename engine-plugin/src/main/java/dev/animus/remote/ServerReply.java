package dev.animus.remote;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.animus.inference.DecodeRequest;
import dev.animus.inference.DecodeResult;
import dev.animus.inference.GenerativeModel.Done;
import dev.animus.model.llama.GenerationConfig;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.llama.Segment;
import dev.animus.model.llama.SequenceDecoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One reply streaming from the server. The request sends the prompt as token ids, the plan's
 * leading forced tokens appended (they cost the server no step), and the rest of the plan as a
 * token grammar where the server takes one. Every token the server streams is replayed through
 * a {@link SequenceDecoder} with the request's plan, so the reply streams into the bubble, ends
 * and reports its choices exactly as the in-process decoder's would; a token the plan does not
 * allow (a server without grammar) is replaced by the plan's own pick, so no choice outside the
 * NPC's set reaches the game. Reading happens on the HTTP client's threads; the replay is
 * confined to whichever thread holds this object's lock.
 */
final class ServerReply {
    private final long id;
    private final DecodeRequest request;
    private final LlamaTokenizer tokenizer;
    private final int contextLength;
    private final long endToken;
    private final ServerSettings server;
    private final HttpClient http;
    private final Executor readers;
    private final Consumer<Done<DecodeResult>> ended;
    private final SequenceDecoder replay;
    private final float[] oneHot;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean aborted;
    private volatile InputStream body;
    private volatile CompletableFuture<?> exchange;
    private long lastHot = -1;
    /** Whether the stream said it was complete; a stream that just stops was cut off. */
    private boolean sawDone;
    /** Whether the model's context, not the request's limit, bounds the reply's length. */
    private volatile boolean contextBound;

    ServerReply(
            long id,
            DecodeRequest request,
            LlamaTokenizer tokenizer,
            int vocabSize,
            int contextLength,
            long endToken,
            ServerSettings server,
            HttpClient http,
            Executor readers,
            Consumer<Done<DecodeResult>> ended) {
        this.id = id;
        this.request = request;
        this.tokenizer = tokenizer;
        this.contextLength = contextLength;
        this.endToken = endToken;
        this.server = server;
        this.http = http;
        this.readers = readers;
        this.ended = ended;
        GenerationConfig c = request.config();
        // The server samples; the replay only follows it, so it is greedy and bans nothing.
        this.replay = new SequenceDecoder(
                new GenerationConfig(c.maxNewTokens(), 0, 0, 1, 0, c.stopTokens(), 0),
                request.plan(),
                tokenizer,
                request.listener());
        this.oneHot = new float[vocabSize];
    }

    /** Sends the request; the reply streams in on the HTTP client's threads. */
    void start() {
        long[] prompt;
        List<Segment> rest;
        synchronized (this) {
            long[] forced = leadingForced();
            prompt = concat(request.prompt(), forced);
            rest = remainingPlan(forced.length);
            if (replay.done()) {
                finish();
                return;
            }
        }
        int budget = Math.min(request.config().maxNewTokens(), contextLength - prompt.length);
        contextBound = budget < request.config().maxNewTokens();
        if (budget <= 0) {
            synchronized (this) {
                replay.endAtContextLimit();
                finish();
            }
            return;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(server.completions())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body(prompt, rest, budget)));
        server.apiKey().ifPresent(k -> b.header("Authorization", "Bearer " + k));
        CompletableFuture<HttpResponse<InputStream>> sent =
                http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        exchange = sent; // cancelling this one aborts the exchange
        sent.whenCompleteAsync(this::answered, readers);
    }

    /** Cancelled by the queue: the stream is closed, which tells the server to stop. */
    void abort() {
        aborted = true;
        finished.set(true);
        CompletableFuture<?> e = exchange;
        if (e != null) {
            e.cancel(true);
        }
        closeBody();
    }

    private void answered(HttpResponse<InputStream> response, Throwable error) {
        if (error != null) {
            Throwable root = root(error);
            fail("the inference server at " + server.baseUrl()
                    + (root instanceof java.net.ConnectException
                                    || root instanceof java.nio.channels.ClosedChannelException
                            ? " is not reachable: is it running, and listening there?"
                            : " did not answer (" + cause(error) + ")"));
            return;
        }
        body = response.body();
        if (aborted) {
            closeBody();
            return;
        }
        if (response.statusCode() != 200) {
            String text;
            try (InputStream in = response.body()) {
                text = new String(in.readNBytes(600), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "";
            }
            fail("the inference server at " + server.baseUrl() + " answered " + response.statusCode() + ": "
                    + text.strip());
            return;
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !finished.get()) {
                if (!line.startsWith("data:")) {
                    continue; // comments, event names, the blank lines between events
                }
                String data = line.substring(5).strip();
                if (data.equals("[DONE]")) {
                    sawDone = true;
                    break;
                }
                event(data);
            }
            boolean said = sawDone;
            synchronized (this) {
                if (!finished.get() && said) { // [DONE] without a finish reason: keep what came
                    replay.end(SequenceDecoder.StopReason.STOP_TOKEN);
                    finish();
                }
            }
            if (!said && !aborted) { // the connection closed mid-reply: the server went away
                fail("the inference server at " + server.baseUrl() + " broke off the reply (its stream ended)");
            }
        } catch (IOException e) {
            if (!aborted) {
                fail("the inference server at " + server.baseUrl() + " broke off the reply (" + cause(e) + ")");
            }
        } catch (JsonParseException | IllegalStateException | ClassCastException e) {
            fail("the inference server at " + server.baseUrl() + " sent what is not an OpenAI completion: " + e);
        } finally {
            closeBody();
        }
    }

    /** One server-sent event: tokens, and maybe the reason the generation ended. */
    private synchronized void event(String data) {
        JsonObject json = JsonParser.parseString(data).getAsJsonObject();
        if (json.has("error")) {
            fail("the inference server at " + server.baseUrl() + " reported: " + json.get("error"));
            return;
        }
        JsonArray choices = json.getAsJsonArray("choices");
        if (choices == null || choices.isEmpty()) {
            return;
        }
        JsonObject choice = choices.get(0).getAsJsonObject();
        for (long token : tokens(choice)) {
            if (finished.get()) {
                return;
            }
            follow(token);
        }
        JsonElement reason = choice.get("finish_reason");
        if (reason != null && !reason.isJsonNull() && !finished.get()) {
            replay.end(
                    !reason.getAsString().equals("length")
                            ? SequenceDecoder.StopReason.STOP_TOKEN
                            : contextBound
                                    ? SequenceDecoder.StopReason.CONTEXT_FULL
                                    : SequenceDecoder.StopReason.MAX_TOKENS);
            finish();
        }
    }

    /**
     * The ids of the tokens in one event: llama.cpp lists them in {@code logprobs.content[].id},
     * vLLM (with {@code return_tokens_as_token_ids}) as {@code "token_id:N"} strings; a server
     * with neither gives only text, which is tokenised here again.
     */
    private long[] tokens(JsonObject choice) {
        JsonElement lp = choice.get("logprobs");
        if (lp != null && lp.isJsonObject()) {
            JsonObject logprobs = lp.getAsJsonObject();
            if (logprobs.has("content") && logprobs.get("content").isJsonArray()) {
                JsonArray content = logprobs.getAsJsonArray("content");
                long[] ids = new long[content.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = content.get(i).getAsJsonObject().get("id").getAsLong();
                }
                return ids;
            }
            if (logprobs.has("tokens") && logprobs.get("tokens").isJsonArray()) {
                JsonArray tokens = logprobs.getAsJsonArray("tokens");
                long[] ids = new long[tokens.size()];
                for (int i = 0; i < ids.length; i++) {
                    String t = tokens.get(i).getAsString();
                    if (!t.startsWith("token_id:")) {
                        return tokenizer.encodePlain(choice.get("text").getAsString());
                    }
                    ids[i] = Long.parseLong(t.substring("token_id:".length()));
                }
                return ids;
            }
        }
        JsonElement text = choice.get("text");
        return text == null || text.isJsonNull() ? new long[0] : tokenizer.encodePlain(text.getAsString());
    }

    /** Replays one server token: the plan takes it where it allows it, else makes its own pick. */
    private void follow(long token) {
        if (token < 0 || token >= oneHot.length) {
            fail("the inference server sent token " + token + ", outside the model's " + oneHot.length
                    + " tokens: it serves another model than the one configured here");
            return;
        }
        if (lastHot >= 0) {
            oneHot[(int) lastHot] = 0;
        }
        oneHot[(int) token] = 1;
        lastHot = token;
        replay.next(oneHot);
        if (replay.done()) {
            finish();
        }
    }

    /** The plan's leading forced tokens, taken by the replay now and sent with the prompt. */
    private long[] leadingForced() {
        long[] forced = new long[0];
        for (Segment s : request.plan()) {
            if (!(s instanceof Segment.Force f)) {
                break;
            }
            for (int i = 0; i < f.tokens().length && !replay.done(); i++) {
                replay.next(oneHot);
            }
            forced = concat(forced, f.tokens());
        }
        return forced;
    }

    /** The plan after the leading forced tokens (which are whole segments). */
    private List<Segment> remainingPlan(int forcedTokens) {
        int skip = 0;
        int n = 0;
        for (Segment s : request.plan()) {
            if (!(s instanceof Segment.Force f) || n >= forcedTokens) {
                break;
            }
            n += f.tokens().length;
            skip++;
        }
        return request.plan().subList(skip, request.plan().size());
    }

    private String body(long[] prompt, List<Segment> rest, int maxTokens) {
        GenerationConfig c = request.config();
        JsonObject b = new JsonObject();
        b.addProperty("model", server.model());
        JsonArray ids = new JsonArray();
        Arrays.stream(prompt).forEach(ids::add);
        b.add("prompt", ids);
        b.addProperty("max_tokens", maxTokens);
        b.addProperty("temperature", c.temperature());
        b.addProperty("top_p", c.topP());
        if (c.topK() > 0) {
            b.addProperty("top_k", c.topK());
        }
        b.addProperty("seed", c.seed());
        b.addProperty("stream", true);
        b.addProperty("logprobs", 1); // llama.cpp then names each token's id
        b.addProperty("return_tokens_as_token_ids", true); // vLLM's way to the same
        if (server.tokenGrammar() && !rest.isEmpty()) {
            b.addProperty("grammar", PlanGrammar.of(rest, endToken));
        }
        return b.toString();
    }

    private void fail(String why) {
        if (finished.compareAndSet(false, true)) {
            ended.accept(Done.failed(id, why));
        }
        closeBody();
    }

    /** Hands the replay's result to the session, once. Caller holds the lock. */
    private void finish() {
        if (finished.compareAndSet(false, true)) {
            long[] t = replay.tokens();
            ended.accept(
                    new Done<>(id, new DecodeResult(t, tokenizer.decode(t), replay.choices(), replay.stopReason())));
        }
        closeBody();
    }

    private void closeBody() {
        InputStream in = body;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is all that is wanted
            }
        }
    }

    private static Throwable root(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String cause(Throwable t) {
        Throwable root = root(t);
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
