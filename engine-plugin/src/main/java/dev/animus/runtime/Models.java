package dev.animus.runtime;

import dev.animus.dialogue.DialogueService;
import dev.animus.inference.BatchModel;
import dev.animus.inference.Decoder;
import dev.animus.inference.DecoderModel;
import dev.animus.inference.EncoderBatchModel;
import dev.animus.inference.InferenceQueue;
import dev.animus.inference.InferenceRequest;
import dev.animus.inference.InferenceResult;
import dev.animus.inference.JudgeBatchModel;
import dev.animus.inference.QueueConfig;
import dev.animus.inference.QueueMetrics;
import dev.animus.inference.RequestKind;
import dev.animus.inference.ResultStatus;
import dev.animus.inference.Ticket;
import dev.animus.model.encoder.AnswerJudge;
import dev.animus.model.encoder.Embedding;
import dev.animus.model.encoder.EncoderFiles;
import dev.animus.model.encoder.EncoderOptions;
import dev.animus.model.encoder.SentenceEncoder;
import dev.animus.model.llama.DecoderFiles;
import dev.animus.model.llama.Precision;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.model.runtime.DjlRuntime;
import dev.animus.remote.ServerDecoder;
import dev.animus.remote.ServerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The models a world thinks with, behind one inference queue: the sentence encoder (percepts,
 * words, facts, trigger sentences) and, with dialogue on, the decoder (replies, descriptions).
 * The game's state and the command-line tools build the same one, so a tool answers as an NPC
 * in the game does.
 *
 * <p>Nothing loads until {@link #start}, and then on the queue's workers. What is asked to be
 * encoded before that waits, and is sent once the queue exists. After {@link #shutdown}, requests
 * end cancelled until the models are started again. Thread-safe.
 */
public final class Models {
    /**
     * What the models are and how they run.
     *
     * @param encoder the sentence encoder's files, or empty for the bundled BGE-small-en-v1.5
     * @param pooling how the encoder's token states become a sentence vector
     * @param device where models run
     * @param threads CPU threads a model uses for one batch, 0 for all cores but one
     * @param queue the queue's workers, batch limit and capacity
     * @param dialogue whether there is a decoder
     * @param decoder the decoder's folder, or empty for the bundled Animus model
     * @param conversations most replies the decoder writes at once, per worker
     * @param style how replies are made (stated from facts, or written freely)
     * @param judge whether the answer judge decides which retrieved fact answers a question, or
     *     that none does (grounded replies only; without it the most similar fact answers)
     * @param server the inference server the decoder runs on, or empty for this process
     * @param precision what the in-process decoder's weights and activations are kept in
     */
    public record Setup(
            Optional<EncoderFiles> encoder,
            EncoderOptions.Pooling pooling,
            DevicePreference device,
            int threads,
            QueueConfig queue,
            boolean dialogue,
            Optional<Path> decoder,
            int conversations,
            DialogueService.Style style,
            boolean judge,
            Optional<ServerSettings> server,
            Precision precision) {
        public Setup {
            Objects.requireNonNull(precision, "precision");
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(encoder, "encoder");
            Objects.requireNonNull(pooling, "pooling");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(decoder, "decoder");
            Objects.requireNonNull(style, "style");
        }

        /**
         * The game's defaults (and so {@code AnimusConfig}'s): the bundled encoder and decoder on
         * the best device, all cores but one, 16 conversations at once, grounded replies.
         */
        public static final Setup DEFAULT = new Setup(
                Optional.empty(),
                EncoderOptions.DEFAULT.pooling(),
                DevicePreference.AUTO,
                0,
                QueueConfig.DEFAULT,
                true,
                Optional.empty(),
                16,
                DialogueService.Style.GROUNDED,
                true,
                Optional.empty(),
                Precision.AUTO);

        /** The defaults with another decoder (empty: the bundled one) and reply style. */
        public static Setup bundled(Optional<Path> decoder, DialogueService.Style style) {
            return bundled(decoder, style, DEFAULT.judge);
        }

        /** The defaults with another decoder, reply style, and the answer judge on or off. */
        public static Setup bundled(Optional<Path> decoder, DialogueService.Style style, boolean judge) {
            return new Setup(
                    DEFAULT.encoder,
                    DEFAULT.pooling,
                    DEFAULT.device,
                    DEFAULT.threads,
                    DEFAULT.queue,
                    true,
                    decoder,
                    DEFAULT.conversations,
                    style,
                    judge,
                    DEFAULT.server,
                    DEFAULT.precision);
        }

        /** @return these settings with the decoder on an inference server (empty: in this process) */
        public Setup withServer(Optional<ServerSettings> newServer) {
            return new Setup(
                    encoder,
                    pooling,
                    device,
                    threads,
                    queue,
                    dialogue,
                    decoder,
                    conversations,
                    style,
                    judge,
                    newServer,
                    precision);
        }

        /** @return whether the encoder is the bundled BGE model (its query instruction applies) */
        public boolean bundledEncoder() {
            return encoder.isEmpty();
        }
    }

    private final Setup setup;
    private final List<Runnable> beforeQueue = new ArrayList<>();
    // Written once by start, read from any thread.
    private volatile InferenceQueue queue;
    private volatile DialogueService dialogue;
    private boolean shutDown;

    public Models(Setup setup) {
        this.setup = Objects.requireNonNull(setup, "setup");
    }

    /** @return what the models are */
    public Setup setup() {
        return setup;
    }

    /**
     * Creates the queue; the workers load the models. Never waits on them.
     *
     * @param onFinished hears every finished request, on the queue's callback thread
     * @param faults wraps the encoder before the queue gets it (fault injection in tests; identity otherwise)
     */
    public synchronized void start(Consumer<InferenceResult> onFinished, UnaryOperator<BatchModel<?, ?>> faults) {
        if (queue != null && !shutDown) {
            throw new IllegalStateException("The models are started already; shut them down first");
        }
        shutDown = false;
        if (setup.threads() > 0) {
            DjlRuntime.preferPyTorchThreads(setup.threads());
        }
        DjlRuntime.ensureOffline();
        EncoderBatchModel encoder = EncoderBatchModel.loading(
                EncoderBatchModel.NAME,
                setup.queue().maxBatchSize(),
                () -> SentenceEncoder.load(
                        setup.encoder().orElseGet(EncoderFiles::bundled),
                        EncoderOptions.DEFAULT
                                .withDevice(setup.device())
                                .withThreads(setup.threads())
                                .withPooling(setup.pooling())));
        if (setup.dialogue()) {
            // The bundled checkpoint is copied out of its jar on a worker, never on the caller's thread.
            Supplier<Path> folder = memoize(() -> setup.decoder().orElseGet(DecoderFiles::bundled));
            Decoder decoder = setup.server().isPresent()
                    ? new ServerDecoder(
                            setup.server().get(), folder, setup.queue().yieldToGame())
                    : DecoderModel.inFolder(setup.conversations(), folder, setup.device(), setup.precision());
            boolean judged = setup.judge() && setup.style() == DialogueService.Style.GROUNDED;
            List<BatchModel<?, ?>> batched = new ArrayList<>(List.of(faults.apply(encoder)));
            if (judged) {
                batched.add(new JudgeBatchModel(
                        setup.queue().maxBatchSize(), () -> AnswerJudge.loadBundled(setup.device(), setup.threads())));
            }
            InferenceQueue q = new InferenceQueue(setup.queue(), batched, List.of(decoder), onFinished::accept, true);
            dialogue = new DialogueService(q, decoder, setup.style(), judged);
            queue = q;
        } else {
            queue = new InferenceQueue(setup.queue(), List.of(faults.apply(encoder)), onFinished::accept, true);
        }
        List<Runnable> asked;
        synchronized (beforeQueue) {
            asked = new ArrayList<>(beforeQueue);
            beforeQueue.clear();
        }
        asked.forEach(Runnable::run);
    }

    /** @return whether {@link #start} ran */
    public boolean started() {
        return queue != null;
    }

    /**
     * Encodes a text, in the batch of the current frame. Any thread; the future completes on the
     * queue's callback thread (never a worker), or fails with a {@link CancellationException} if
     * the request was cancelled (shutting down), or an {@link IllegalStateException} saying why it
     * ended without an embedding. Asked before {@link #start}, the text is sent once the queue exists.
     *
     * @param owner who asks, for cancellation and logs
     * @param text the text
     */
    public CompletableFuture<Embedding> embed(String owner, String text) {
        synchronized (beforeQueue) {
            if (queue == null) {
                CompletableFuture<Embedding> later = new CompletableFuture<>();
                beforeQueue.add(() -> embed(owner, text).whenComplete((e, error) -> {
                    if (error != null) {
                        later.completeExceptionally(error);
                    } else {
                        later.complete(e);
                    }
                }));
                return later;
            }
        }
        return queue.submit(InferenceRequest.of(owner, RequestKind.QUERY, EncoderBatchModel.NAME, text))
                .result()
                .thenApply(r -> {
                    if (r.status() == ResultStatus.CANCELLED) {
                        throw new CancellationException(
                                "request " + r.requestId() + " of '" + owner + "' was cancelled");
                    }
                    return r.output(Embedding.class);
                });
    }

    /** Submits a request to the encoder (percepts); requires {@link #start}. */
    public Ticket submit(InferenceRequest request) {
        return requireQueue().submit(request);
    }

    /** @return the dialogue service, or null when dialogue is off or before {@link #start} */
    public DialogueService dialogue() {
        return dialogue;
    }

    /** Where work chained on results runs: the queue's callback thread (before {@link #start}, a common pool thread). */
    public Executor callbacks() {
        InferenceQueue q = queue;
        return q != null ? q.callbacks() : ForkJoinPool.commonPool();
    }

    /** Ends the frame: what it submitted becomes one batch per model. @return the frame number, 0 before start */
    public long flush() {
        InferenceQueue q = queue;
        return q == null ? 0 : q.flush();
    }

    /** Cancels what an owner waits for. @return how many requests were cancelled */
    public int cancelOwner(String owner) {
        return cancelOwner(owner, kind -> true);
    }

    /** Cancels what an owner waits for of some kinds. @return how many requests were cancelled */
    public int cancelOwner(String owner, Predicate<RequestKind> kinds) {
        InferenceQueue q = queue;
        return q == null ? 0 : q.cancelOwner(owner, kinds);
    }

    /** @return the queue's figures, or null before {@link #start} */
    public QueueMetrics metrics() {
        InferenceQueue q = queue;
        return q == null ? null : q.metrics();
    }

    /** @return whether the workers have loaded (or failed to load) every model */
    public boolean ready() {
        InferenceQueue q = queue;
        return q != null && q.modelsReady();
    }

    /** Starts the queue's latency figures afresh. */
    public void clearLatencies() {
        InferenceQueue q = queue;
        if (q != null) {
            q.clearLatencies();
        }
    }

    /** @return tokens the decoder has written so far (0 without one) */
    public long tokensGenerated() {
        DialogueService d = dialogue;
        return d == null ? 0 : d.tokensGenerated();
    }

    /** @return the queue, for tests; null before {@link #start} */
    public InferenceQueue queue() {
        return queue;
    }

    /**
     * Stops without waiting: what waits ends cancelled; the workers finish their batches and
     * close the models on a background thread.
     *
     * @return completes once they are closed
     */
    public synchronized CompletableFuture<Void> shutdown() {
        InferenceQueue q = queue;
        shutDown = true;
        dialogue = null;
        return q == null ? CompletableFuture.completedFuture(null) : q.shutdown();
    }

    private InferenceQueue requireQueue() {
        InferenceQueue q = queue;
        if (q == null) {
            throw new IllegalStateException("The models are not started");
        }
        return q;
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
