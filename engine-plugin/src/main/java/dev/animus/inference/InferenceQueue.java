package dev.animus.inference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches inference requests by frame and model, and runs them on worker threads.
 *
 * <h2>The frame contract</h2>
 * Requests submitted between two calls of {@link #flush()} belong to one frame. They wait
 * until the frame is flushed, then a worker takes all of a model's ready requests, up to
 * the batch limit, as one batch. So the requests a game makes in one frame run together,
 * and a worker never starts a half-submitted frame. Tools that have no frames call
 * {@code flush()} after submitting.
 *
 * <h2>Order, coalescing, overload</h2>
 * <ul>
 * <li>Workers take the most urgent request first ({@link Priority}), then the oldest;
 *     a batch is filled in that order.
 * <li>{@link RequestKind#PERCEPTION} is coalesced: an owner has at most one waiting; a
 *     newer one replaces the older, which ends {@link ResultStatus#SUPERSEDED}.
 * <li>At most {@link QueueConfig#capacity()} requests wait. A request that finds the queue
 *     full sheds the oldest waiting request of the lowest priority below its own
 *     ({@link ResultStatus#SHED}); if there is none, the new request itself ends
 *     {@link ResultStatus#REJECTED} at once. {@link Priority#PLAYER} work is never shed, and a
 *     rejected utterance is reported through its result, never dropped silently.
 * </ul>
 *
 * <h2>Results and failures</h2>
 * Every request ends with exactly one immutable {@link InferenceResult}: the result listener
 * given at construction is called (on the thread that ended the request: a worker, the
 * submitter for results decided at submission, the watchdog, or whoever cancels or shuts down;
 * it must be fast and thread-safe), then its ticket's future completes. Futures always
 * complete on the queue's one callback thread ({@code animus-inference-callbacks}), never on a
 * worker or the submitter: work chained on a result (retrieval, prompt rendering, tokenising)
 * never delays a batch or a decode step, and never runs on the render thread. A batch whose
 * model throws fails only its own requests, with the error attached; the worker logs it with
 * the requests' identities and goes on. A model that cannot be loaded, or whose load takes
 * longer than {@link QueueConfig#loadSeconds()}, fails its requests with the reason.
 *
 * <h2>Parts</h2>
 * {@link WaitingRoom} (admission, frames, what a worker takes next, the one lock), {@link Lane}
 * (a model behind one interface, batched or generative), {@link Worker} (a thread and its
 * sessions), {@link WorkerPool}, {@link Watchdog}, {@link QueueStats}, and the {@link Clock}
 * they all measure with (tests inject their own).
 *
 * <p>Thread-safe: every public method may be called from any thread, and none waits on
 * inference except {@link #close()}; {@link #shutdown()} stops the queue without waiting.
 */
public final class InferenceQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceQueue.class);
    /**
     * The largest batch of less urgent work a worker runs between the decode steps of a more
     * urgent reply (a player's, while NPCs' perception waits): on a busy CPU a full batch of 64
     * takes a second or more, and the reply would wait that long for every token.
     */
    static final int BATCH_BESIDE_URGENT_DECODING = 8;
    /** How long a stopping queue lets work chained on results finish before it closes the models. */
    static final long CALLBACKS_DRAIN_SECONDS = 5;

    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final Consumer<InferenceResult> resultListener;
    private final boolean ownsModels;
    private final QueueStats stats;
    private final WaitingRoom room;
    private final WorkerPool workers;
    private final Watchdog watchdog;
    private final Thread watchdogThread;
    /** Completes the tickets' futures, in the order results are delivered. */
    private final ExecutorService callbacks;

    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    /**
     * Creates the queue and starts its workers. Each worker opens a session of every model
     * at once, so loading starts now, off the caller's thread.
     *
     * @param config how to run (not null)
     * @param models the models requests may name (not null, not empty, distinct names)
     * @param resultListener called once per ended request; must be fast and thread-safe
     *     (not null; use {@code r -> { }} to rely on tickets alone)
     * @param ownsModels whether {@link #close()} closes the models too
     */
    public InferenceQueue(
            QueueConfig config,
            Collection<? extends BatchModel<?, ?>> models,
            Consumer<InferenceResult> resultListener,
            boolean ownsModels) {
        this(config, models, List.of(), resultListener, ownsModels);
    }

    /**
     * Creates a queue that also runs generative models with continuous batching.
     *
     * @param config how to run (not null)
     * @param models batch models (encoders) (not null)
     * @param generative generative models (decoders) (not null)
     * @param resultListener called once per ended request (not null)
     * @param ownsModels whether {@link #close()} closes the models too
     */
    public InferenceQueue(
            QueueConfig config,
            Collection<? extends BatchModel<?, ?>> models,
            Collection<? extends GenerativeModel<?, ?>> generative,
            Consumer<InferenceResult> resultListener,
            boolean ownsModels) {
        this(config, models, generative, resultListener, ownsModels, Clock.SYSTEM);
    }

    /**
     * As above, measuring time with {@code clock}: waits, staleness, stalls and latency.
     *
     * @param clock the time (not null; tests pass one they move on themselves)
     */
    public InferenceQueue(
            QueueConfig config,
            Collection<? extends BatchModel<?, ?>> models,
            Collection<? extends GenerativeModel<?, ?>> generative,
            Consumer<InferenceResult> resultListener,
            boolean ownsModels,
            Clock clock) {
        if (models.isEmpty() && generative.isEmpty()) {
            throw new IllegalArgumentException("An inference queue needs at least one model");
        }
        this.resultListener = resultListener;
        this.ownsModels = ownsModels;
        this.callbacks = Executors.newSingleThreadExecutor(r -> {
            Thread t = Yielding.thread(r, "animus-inference-callbacks", config.yieldToGame());
            t.setDaemon(true);
            return t;
        });
        for (BatchModel<?, ?> model : models) {
            addLane(new Lane.Batched(model));
        }
        for (GenerativeModel<?, ?> model : generative) {
            addLane(new Lane.Generative(model));
        }
        Collection<Lane> all = List.copyOf(lanes.values());
        this.clock = clock;
        this.stats = new QueueStats(clock, config.latencyWindow());
        this.room = new WaitingRoom(config, clock, all);
        AtomicLong batchIds = new AtomicLong();
        this.workers = new WorkerPool(
                room, () -> new Worker(room, all, stats, clock, batchIds, this::deliver), config.yieldToGame());
        room.lock.lock();
        try {
            for (int i = 0; i < config.workers(); i++) {
                workers.startLocked();
            }
        } finally {
            room.lock.unlock();
        }
        watchdog = new Watchdog(config, clock, room, all, workers, stats, this::deliver);
        watchdogThread = Yielding.thread(watchdog, "animus-inference-watchdog", config.yieldToGame());
        watchdogThread.setDaemon(true);
        watchdogThread.start();
    }

    private void addLane(Lane lane) {
        if (lanes.put(lane.name(), lane) != null) {
            throw new IllegalArgumentException("Two models are named '" + lane.name() + "'");
        }
    }

    /**
     * Says a request was rejected: the first at once, then how many more at most once every
     * {@link #REJECTIONS_LOG_SECONDS}, so an overloaded queue (hundreds a second, on the thread
     * that submits, often the render thread) does not flood the log.
     */
    private void rejected(InferenceRequest request) {
        long now = clock.nanoTime();
        long last = lastRejectionLog.get();
        long since = rejectedSinceLog.incrementAndGet();
        boolean first = last == Long.MIN_VALUE;
        if ((first || now - last >= REJECTIONS_LOG_SECONDS * 1_000_000_000L)
                && lastRejectionLog.compareAndSet(last, now)) {
            rejectedSinceLog.addAndGet(-since);
            if (first) {
                LOG.warn(
                        "Rejected a {} request of '{}': queue full of work at least as urgent (more are counted,"
                                + " not each logged)",
                        request.kind(),
                        request.owner());
            } else {
                LOG.warn(
                        "Rejected {} requests in the last {} s or so (the latest a {} request of '{}'): queue full of"
                                + " work at least as urgent",
                        since,
                        REJECTIONS_LOG_SECONDS,
                        request.kind(),
                        request.owner());
            }
        }
    }

    /** Seconds between two log lines about rejected requests. */
    static final long REJECTIONS_LOG_SECONDS = 10;

    private final Clock clock;
    private final AtomicLong lastRejectionLog = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong rejectedSinceLog = new AtomicLong();

    /**
     * Submits a request to the current frame.
     *
     * @param request what to run (not null)
     * @return its ticket; the result may already be complete (superseded, rejected)
     * @throws IllegalArgumentException if the model is unknown or the input of the wrong type
     * @throws IllegalStateException if the queue is closed
     */
    public Ticket submit(InferenceRequest request) {
        Lane lane = lanes.get(request.model());
        if (lane == null) {
            throw new IllegalArgumentException("Unknown model '" + request.model() + "' in a request of '"
                    + request.owner() + "'; models: " + lanes.keySet());
        }
        if (!lane.inputType().isInstance(request.input())) {
            throw new IllegalArgumentException("Model '" + request.model() + "' takes "
                    + lane.inputType().getSimpleName() + ", got "
                    + request.input().getClass().getSimpleName() + " from '" + request.owner() + "'");
        }
        List<Pending> decided = new ArrayList<>(2);
        Ticket ticket = room.admit(request, lane, decided);
        if (decided.stream().anyMatch(p -> p.id == ticket.id())) {
            rejected(request);
        } else {
            stats.submitted();
        }
        decided.forEach(this::deliver);
        return ticket;
    }

    /**
     * Ends the current frame: everything submitted since the last flush becomes ready for
     * the workers at once. Call it once per frame, after all of the frame's submissions.
     *
     * @return the number of the frame that starts now
     */
    public long flush() {
        return room.flush();
    }

    /** @return the number of the current frame (how many times {@link #flush()} ran) */
    public long currentFrame() {
        return room.frame();
    }

    /**
     * Cancels a request. One still waiting ends {@link ResultStatus#CANCELLED} at once; one
     * already running ends cancelled when its batch finishes, its output discarded.
     *
     * @param requestId the ticket's id
     * @return whether the request was still live
     */
    public boolean cancel(long requestId) {
        List<Pending> ended = new ArrayList<>(1);
        boolean live = room.cancel(requestId, ended);
        ended.forEach(this::deliver);
        return live;
    }

    /**
     * Cancels every live request of an owner, for example a despawned NPC.
     *
     * @param owner the owner (not null)
     * @return how many requests were live
     */
    public int cancelOwner(String owner) {
        return cancelOwner(owner, kind -> true);
    }

    /**
     * Cancels the live requests of an owner that are of some kinds, for example an NPC's
     * perception while its control is paused (its reply to the player still comes).
     *
     * @param owner the owner (not null)
     * @param kinds which kinds to cancel (not null)
     * @return how many requests were cancelled or marked cancelled
     */
    public int cancelOwner(String owner, Predicate<RequestKind> kinds) {
        List<Pending> ended = new ArrayList<>();
        int count = room.cancelOwner(owner, kinds, ended);
        ended.forEach(this::deliver);
        return count;
    }

    /**
     * @param owner the owner (not null)
     * @return how many of the owner's requests may still produce an output: waiting, or
     *     running and not cancelled
     */
    public int liveCount(String owner) {
        return room.liveCount(owner);
    }

    /**
     * For tests: workers parked because they found nothing ready, so a test can wait until a
     * worker has had its chance at what is queued instead of sleeping.
     *
     * @return how many workers wait for work now
     */
    int idleWorkers() {
        return room.idle();
    }

    /** For tests: @return worker threads still alive, the given-up ones included */
    int workerThreadsAlive() {
        return workers.alive();
    }

    /** For tests: @return how many times the watchdog has looked at the workers */
    long watchdogRounds() {
        return watchdog.rounds();
    }

    /** @return whether every model has been loaded (or has failed to load) by the workers */
    public boolean modelsReady() {
        return lanes.values().stream().allMatch(l -> l.loaded);
    }

    /**
     * Starts the latency and batch-time windows afresh, for example once models have loaded, so
     * that requests which waited for the load do not stand for the steady state: requests
     * submitted before this call are not counted even when they finish later. Any thread.
     */
    public void clearLatencies() {
        stats.clearLatencies();
    }

    /**
     * Records what is wrong with a model that loaded but cannot serve its users (a decoder
     * dialogue cannot prompt), so the figures ({@link QueueMetrics#lastFault}) say it.
     *
     * @param why what is wrong and what to do (not null)
     */
    public void reportFault(String why) {
        stats.fault(Objects.requireNonNull(why, "why"));
    }

    /** @return a snapshot of the queue's figures */
    public QueueMetrics metrics() {
        int[] counts = room.counts();
        return stats.metrics(counts[0], counts[1]);
    }

    /**
     * Stops the queue and waits for it: waiting requests end cancelled, running batches finish,
     * workers close their sessions and stop, and owned models are closed. Waits up to 30 s for
     * a batch in flight. Idempotent. For tools; a game calls {@link #shutdown()}, which does not
     * wait.
     */
    @Override
    public void close() {
        shutdown().join();
    }

    /**
     * Stops the queue without waiting: waiting requests end cancelled at once, and a background
     * thread waits for running batches (up to 30 s), then closes the sessions and owned models.
     * Safe on the render thread. Idempotent.
     *
     * @return completes once the workers have stopped and the models are closed
     */
    public CompletableFuture<Void> shutdown() {
        List<Pending> ended = new ArrayList<>();
        if (!room.close(ended)) {
            return stopped;
        }
        ended.forEach(this::deliver);
        watchdogThread.interrupt();
        Thread closer = new Thread(this::stopWorkers, "animus-inference-shutdown");
        closer.setDaemon(true);
        Stopping.add(stopped);
        closer.start();
        return stopped;
    }

    /**
     * Queues still stopping when the JVM exits are waited for (a while), so the process does not
     * tear down native engines under a worker in a batch or a model being closed: that crashes
     * the JVM (seen: a SIGSEGV in ONNX Runtime when a test run ended right after a game detached
     * the plugin).
     */
    private static final class Stopping {
        /** How long the JVM's exit waits for queues that are still stopping. */
        static final long EXIT_WAIT_SECONDS = 15;

        private static final Set<CompletableFuture<Void>> PENDING = ConcurrentHashMap.newKeySet();
        private static final AtomicBoolean HOOKED = new AtomicBoolean();

        static void add(CompletableFuture<Void> stopping) {
            PENDING.add(stopping);
            stopping.whenComplete((v, e) -> PENDING.remove(stopping));
            if (HOOKED.compareAndSet(false, true)) {
                Runtime.getRuntime().addShutdownHook(new Thread(Stopping::awaitAll, "animus-exit"));
            }
        }

        private static void awaitAll() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXIT_WAIT_SECONDS);
            for (CompletableFuture<Void> f : List.copyOf(PENDING)) {
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    return; // out of time, or interrupted: exit anyway
                }
            }
        }
    }

    /** Waits for the workers, then closes the models (on the shutdown thread). */
    private void stopWorkers() {
        boolean stuck = workers.awaitStopped();
        // Work chained on results may still use what the models own (the decoder's tokenizer):
        // let it finish first, a few seconds at most (close() may be waiting on that thread).
        callbacks.shutdown();
        try {
            if (!callbacks.awaitTermination(CALLBACKS_DRAIN_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn(
                        "Work chained on inference results was still running {} s after the queue stopped",
                        CALLBACKS_DRAIN_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stuck) {
            // Closing a model under a thread still inside it would free memory in use.
            LOG.warn("The models stay open: a worker is still inside one");
        } else if (ownsModels) {
            for (Lane lane : lanes.values()) {
                try {
                    lane.closeModel();
                } catch (RuntimeException e) {
                    LOG.warn("Closing model '{}' failed", lane.name(), e);
                }
            }
        }
        stopped.complete(null);
    }

    /**
     * The executor futures complete on. Work chained on a result with {@code ...Async(fn,
     * callbacks())} runs there too, off the workers and the render thread; keep it short.
     *
     * @return the queue's callback executor
     */
    public Executor callbacks() {
        return this::onCallbackThread;
    }

    private void onCallbackThread(Runnable work) {
        try {
            callbacks.execute(work);
        } catch (RejectedExecutionException e) { // the queue has stopped: run it here
            work.run();
        }
    }

    /**
     * Reports an ended request: figures, then the listener, then the ticket's future, so whoever
     * waits on the future sees figures that already count it. Never called under the lock.
     */
    private void deliver(Pending p) {
        InferenceResult result = p.result;
        stats.ended(p);
        try {
            resultListener.accept(result);
        } catch (RuntimeException | AssertionError | LinkageError e) { // the game's code must not take a worker down
            LOG.error("The result listener failed on request {} of '{}'", result.requestId(), result.owner(), e);
        }
        onCallbackThread(() -> p.future.complete(result));
    }
}
