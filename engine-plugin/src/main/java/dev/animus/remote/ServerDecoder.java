package dev.animus.remote;

import dev.animus.inference.DecodeRequest;
import dev.animus.inference.DecodeResult;
import dev.animus.inference.Decoder;
import dev.animus.inference.DecoderModel;
import dev.animus.inference.Yielding;
import dev.animus.model.llama.LlamaConfig;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.prompt.PromptFrame;
import dev.animus.model.runtime.ModelLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The decoder on an OpenAI-compatible inference server, in the queue like the in-process one:
 * the same requests (token ids and a plan) and the same results, so dialogue, prompts and the
 * queue's rules (player first, timeouts, cancelling, backoff) do not change with the backend.
 * Each worker's session keeps up to {@link ServerSettings#maxInFlight()} replies streaming at
 * once (the server batches them); a step hands back those that ended since the last one.
 *
 * <p>The checkpoint's tokenizer and config are read here, from the same folder the server's
 * model was made from ({@code export-gguf}): prompts are sent as token ids, and what the server
 * streams back is replayed through the plan ({@link ServerReply}), which checks every choice.
 * Nothing here runs on the render thread; a server that is down or slow fails or times out its
 * requests, and the NPCs say their fallback lines.
 */
public final class ServerDecoder implements Decoder {
    /** How long a step waits for a reply to end before it lets the worker take new requests. */
    static final long STEP_WAIT_MS = 10;

    private final ServerSettings server;
    private final Supplier<Path> folder;
    private final CompletableFuture<Loaded> loaded = new CompletableFuture<>();
    private final HttpClient http;
    private final ExecutorService readers;
    private LlamaTokenizer tokenizer;
    private int vocabSize;
    private int contextLength;
    private long endToken;

    /**
     * @param server where the decoder runs (not null)
     * @param folder the checkpoint folder the server's model was made from (tokenizer and config),
     *     asked when the first worker opens a session
     */
    public ServerDecoder(ServerSettings server, Supplier<Path> folder) {
        this(server, folder, true);
    }

    /**
     * @param server where the decoder runs (not null)
     * @param folder the checkpoint folder the server's model was made from (tokenizer and config),
     *     asked when the first worker opens a session
     * @param yieldToGame whether the threads reading replies run at the lowest CPU priority
     *     ({@link dev.animus.inference.QueueConfig#yieldToGame})
     */
    public ServerDecoder(ServerSettings server, Supplier<Path> folder, boolean yieldToGame) {
        this.server = server;
        this.folder = folder;
        AtomicInteger n = new AtomicInteger();
        this.readers = Executors.newCachedThreadPool(r -> {
            Thread t = Yielding.thread(r, "animus-server-reply-" + n.incrementAndGet(), yieldToGame);
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // one connection per stream: closing it stops that reply
                .connectTimeout(server.connectTimeout())
                .executor(readers)
                .build();
    }

    @Override
    public String name() {
        return DecoderModel.NAME;
    }

    @Override
    public Class<DecodeRequest> inputType() {
        return DecodeRequest.class;
    }

    @Override
    public int maxActive() {
        return server.maxInFlight();
    }

    @Override
    public CompletableFuture<Loaded> loaded() {
        return loaded.copy();
    }

    @Override
    public void loadGivenUp(String reason) {
        loaded.completeExceptionally(new IllegalStateException(reason));
    }

    /** Reads the tokenizer and the limits: the server itself is not asked, it may start later. */
    private synchronized void load() {
        if (tokenizer != null) {
            return;
        }
        try {
            Path dir = folder.get();
            LlamaConfig config = LlamaConfig.read(dir.resolve("config.json"));
            tokenizer = LlamaTokenizer.load(dir);
            vocabSize = config.vocabSize();
            contextLength = config.maxPositions();
            endToken = endToken(tokenizer, config, dir);
            loaded.complete(new Loaded(tokenizer, vocabSize, contextLength, dir));
        } catch (IOException e) {
            UncheckedIOException u = new UncheckedIOException("cannot read the decoder's config.json: " + e, e);
            loaded.completeExceptionally(u);
            throw u;
        } catch (RuntimeException e) {
            loaded.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * The token free text ends at, which must be the server's end of generation: Animus's end
     * marker where the tokenizer has it (a file {@code export-gguf} wrote names it), a chat
     * model's end of turn, else the checkpoint's own end token.
     */
    private static long endToken(LlamaTokenizer tokenizer, LlamaConfig config, Path dir) {
        try {
            return PromptFrame.of(tokenizer, dir).endToken();
        } catch (ModelLoadException notForDialogue) { // dialogue says why; raw requests still run
            return config.eosTokenId();
        }
    }

    @Override
    public Session<DecodeRequest, DecodeResult> openSession() {
        load();
        return new ServerSession();
    }

    @Override
    public synchronized void close() {
        readers.shutdownNow();
        if (tokenizer != null) {
            tokenizer.close();
            tokenizer = null;
        }
    }

    /** One worker's replies streaming from the server. Its methods run on that worker. */
    private final class ServerSession implements Session<DecodeRequest, DecodeResult> {
        private final Map<Long, ServerReply> streaming = new ConcurrentHashMap<>();
        private final LinkedBlockingQueue<Done<DecodeResult>> ended = new LinkedBlockingQueue<>();

        @Override
        public DecodeResult join(long id, DecodeRequest input) {
            ServerReply reply = new ServerReply(
                    id, input, tokenizer, vocabSize, contextLength, endToken, server, http, readers, ended::add);
            streaming.put(id, reply);
            reply.start();
            return null;
        }

        @Override
        public List<Done<DecodeResult>> step() {
            List<Done<DecodeResult>> done = new ArrayList<>();
            try {
                Done<DecodeResult> first = ended.poll(STEP_WAIT_MS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    done.add(first);
                    ended.drainTo(done);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.removeIf(d -> streaming.remove(d.id()) == null); // cancelled meanwhile: reported already
            return done;
        }

        @Override
        public boolean cancel(long id) {
            ServerReply reply = streaming.remove(id);
            if (reply != null) {
                reply.abort();
            }
            return reply != null;
        }

        @Override
        public int active() {
            return streaming.size();
        }

        @Override
        public void close() {
            streaming.values().forEach(ServerReply::abort);
            streaming.clear();
        }
    }
}
