package dev.animus.inference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
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
 * <p>Thread-safe: every public method may be called from any thread, and none waits on
 * inference except {@link #close()}; {@link #shutdown()} stops the queue without waiting.
 */
public final class InferenceQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceQueue.class);
    private static final Comparator<Pending> URGENT_FIRST =
            Comparator.comparing((Pending p) -> p.request.priority()).reversed().thenComparingLong(p -> p.id);

    private final QueueConfig config;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final Consumer<InferenceResult> resultListener;
    private final boolean ownsModels;
    /** Every worker started, the replaced ones included. Guarded by the lock. */
    private final List<Worker> workers = new ArrayList<>();

    private final Thread watchdog;
    /** Completes the tickets' futures, in the order results are delivered. */
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "animus-inference-callbacks");
        t.setDaemon(true);
        return t;
    });

    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicLong workersReplaced = new AtomicLong();
    private final AtomicLong watchdogRounds = new AtomicLong();
    private volatile String lastFault;
    private int nextWorker;
    /** Workers that died since work last completed. Guarded by the lock. */
    private int deathsInRow;
    /**
     * After this many workers died one after another with no work completed in between, no
     * more are started to die the same way: every model's requests fail with the reason.
     */
    static final int MOST_DEATHS_IN_A_ROW = 5;
    /**
     * The largest batch of less urgent work a worker runs between the decode steps of a more
     * urgent reply (a player's, while NPCs' perception waits): on a busy CPU a full batch of 64
     * takes a second or more, and the reply would wait that long for every token.
     */
    static final int BATCH_BESIDE_URGENT_DECODING = 8;
    /** How long a stopping queue lets work chained on results finish before it closes the models. */
    static final long CALLBACKS_DRAIN_SECONDS = 5;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workReady = lock.newCondition();
    // Everything below is guarded by lock.
    private final List<Pending> staged = new ArrayList<>();
    private final Map<Long, Pending> live = new HashMap<>();
    private final Map<String, Pending> waitingPerception = new HashMap<>();
    private int waiting;
    private int running;
    /** Workers waiting for work, having found none ready. */
    private int idle;

    private long frame;
    private long nextId = 1;
    private long nextBatchId = 1;
    private boolean closed;

    private final AtomicLong submitted = new AtomicLong();
    /** Requests submitted before this (the last {@link #clearLatencies}) stay out of the latency window. */
    private volatile long latencySince = Long.MIN_VALUE;

    private final Map<ResultStatus, AtomicLong> ended = new EnumMap<>(ResultStatus.class);
    private final ConcurrentSkipListMap<Integer, AtomicLong> batchSizes = new ConcurrentSkipListMap<>();
    private final AtomicLong batches = new AtomicLong();
    private final LatencyWindow latency;
    private final LatencyWindow batchTime;

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
        if (models.isEmpty() && generative.isEmpty()) {
            throw new IllegalArgumentException("An inference queue needs at least one model");
        }
        this.config = config;
        this.resultListener = resultListener;
        this.ownsModels = ownsModels;
        for (BatchModel<?, ?> model : models) {
            if (lanes.put(model.name(), new Lane(model, null)) != null) {
                throw new IllegalArgumentException("Two models are named '" + model.name() + "'");
            }
        }
        for (GenerativeModel<?, ?> model : generative) {
            if (lanes.put(model.name(), new Lane(null, model)) != null) {
                throw new IllegalArgumentException("Two models are named '" + model.name() + "'");
            }
        }
        for (ResultStatus s : ResultStatus.values()) {
            ended.put(s, new AtomicLong());
        }
        latency = new LatencyWindow(config.latencyWindow());
        batchTime = new LatencyWindow(config.latencyWindow());
        lock.lock();
        try {
            for (int i = 0; i < config.workers(); i++) {
                startWorker();
            }
        } finally {
            lock.unlock();
        }
        watchdog = new Thread(this::watch, "animus-inference-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Starts a worker. Caller holds the lock. */
    private void startWorker() {
        Worker w = new Worker();
        Thread t = new Thread(w, "animus-inference-" + nextWorker++);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> {
            w.death = e;
            LOG.error("Inference worker {} died", thread.getName(), e);
        });
        w.thread = t;
        workers.add(w);
        t.start();
    }

    /**
     * Looks after the workers: one whose batch or decode step has run longer than the stall
     * limit (a model that never returns), or whose thread died, is given up. Its requests fail
     * with the reason, so whoever waits on them (an NPC's answer) can fall back at once, and a
     * new worker with fresh sessions takes over the queue. The stalled thread is interrupted
     * and left to finish on its own; what it returns, if ever, is dropped.
     */
    private void watch() {
        long stallNanos = (long) (config.stallSeconds() * 1e9);
        long loadNanos = (long) (config.loadSeconds() * 1e9);
        long tick = Math.max(10, Math.min(250, Math.min(stallNanos, loadNanos) / 4_000_000));
        while (true) {
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
            List<Pending> failed = new ArrayList<>();
            List<Lane> givenUp = new ArrayList<>();
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                long now = System.nanoTime();
                for (Worker w : new ArrayList<>(workers)) {
                    if (w.abandoned) {
                        continue;
                    }
                    long since = w.busySince;
                    long loading = w.loadingSince;
                    Lane hung = w.loadingLane;
                    boolean stalled = since != 0 && now - since > stallNanos;
                    boolean loadHung = !stalled && loading != 0 && hung != null && now - loading > loadNanos;
                    boolean dead = !w.thread.isAlive();
                    if (!stalled && !loadHung && !dead) {
                        continue;
                    }
                    w.abandoned = true;
                    String why = dead
                            ? "its inference worker " + w.thread.getName() + " died"
                                    + (w.death == null ? "" : ": " + w.death)
                            : loadHung
                                    ? "model '" + hung.name() + "' did not load within " + config.loadSeconds() + " s"
                                    : "model '" + w.busyWith + "' did not answer within " + config.stallSeconds()
                                            + " s";
                    if (loadHung && hung.loadError == null) {
                        // Another worker would hang on the same load: the model's requests fail instead.
                        hung.loadError = why + "; see the log, and check the model's files and native engine";
                        hung.loaded = true;
                        givenUp.add(hung); // told after unlocking: whoever waits on the model runs its code then
                    }
                    if (dead && ++deathsInRow >= MOST_DEATHS_IN_A_ROW) {
                        // Another worker would only die the same way: the models' requests fail instead.
                        String end = "the inference workers keep dying (" + deathsInRow + " in a row; the last " + why
                                + "); see the log";
                        for (Lane lane : lanes.values()) {
                            if (lane.loadError == null) {
                                lane.loadError = end;
                            }
                        }
                        why = end;
                    }
                    int before = failed.size();
                    for (Pending p : new ArrayList<>(live.values())) {
                        if (p.worker == w && p.state == State.RUNNING && p.result == null) {
                            running--;
                            live.remove(p.id);
                            failed.add(p.end(ResultStatus.FAILED, null, why, 0, 0));
                        }
                    }
                    workersReplaced.incrementAndGet();
                    lastFault = why;
                    LOG.error(
                            "Inference worker {} given up: {}; {} request(s) failed, a new worker takes over",
                            w.thread.getName(),
                            why,
                            failed.size() - before);
                    w.thread.interrupt();
                    startWorker();
                    workReady.signalAll();
                }
            } finally {
                lock.unlock();
            }
            failed.forEach(this::deliver);
            givenUp.forEach(lane -> lane.loadGivenUp(lane.loadError));
            watchdogRounds.incrementAndGet();
        }
    }

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
        Ticket ticket;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException(
                        "The inference queue is closed; request of '" + request.owner() + "' not accepted");
            }
            Pending p = new Pending(nextId++, frame, request, lane);
            ticket = new Ticket(p.id, p.frame, p.future);
            if (request.kind().coalesced()) {
                Pending older = waitingPerception.get(request.owner());
                if (older != null) {
                    decided.add(removeWaiting(older, ResultStatus.SUPERSEDED, null));
                }
            }
            if (waiting >= config.capacity()) {
                Pending victim = shedVictim(request.priority());
                if (victim == null) {
                    decided.add(p.end(
                            ResultStatus.REJECTED,
                            null,
                            "the queue is full (" + config.capacity() + " waiting) of work at least as urgent",
                            0,
                            0));
                    LOG.warn(
                            "Rejected a {} request of '{}': queue full of work at least as urgent",
                            request.kind(),
                            request.owner());
                    p = null;
                } else {
                    decided.add(
                            removeWaiting(victim, ResultStatus.SHED, "shed under overload for a more urgent request"));
                }
            }
            if (p != null) {
                submitted.incrementAndGet();
                staged.add(p);
                live.put(p.id, p);
                waiting++;
                if (request.kind().coalesced()) {
                    waitingPerception.put(request.owner(), p);
                }
            }
        } finally {
            lock.unlock();
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
        lock.lock();
        try {
            for (Pending p : staged) {
                p.state = State.READY;
                p.lane.ready.add(p);
            }
            if (!staged.isEmpty()) {
                workReady.signalAll();
            }
            staged.clear();
            return ++frame;
        } finally {
            lock.unlock();
        }
    }

    /** @return the number of the current frame (how many times {@link #flush()} ran) */
    public long currentFrame() {
        lock.lock();
        try {
            return frame;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cancels a request. One still waiting ends {@link ResultStatus#CANCELLED} at once; one
     * already running ends cancelled when its batch finishes, its output discarded.
     *
     * @param requestId the ticket's id
     * @return whether the request was still live
     */
    public boolean cancel(long requestId) {
        Pending result;
        lock.lock();
        try {
            Pending p = live.get(requestId);
            if (p == null) {
                return false;
            }
            result = cancelLocked(p);
        } finally {
            lock.unlock();
        }
        if (result != null) {
            deliver(result);
        }
        return true;
    }

    /**
     * Cancels every live request of an owner, for example a despawned NPC.
     *
     * @param owner the owner (not null)
     * @return how many requests were live
     */
    public int cancelOwner(String owner) {
        List<Pending> results = new ArrayList<>();
        int count = 0;
        lock.lock();
        try {
            for (Pending p : new ArrayList<>(live.values())) {
                if (p.request.owner().equals(owner)) {
                    count++;
                    Pending r = cancelLocked(p);
                    if (r != null) {
                        results.add(r);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        results.forEach(this::deliver);
        return count;
    }

    /**
     * @param owner the owner (not null)
     * @return how many of the owner's requests may still produce an output: waiting, or
     *     running and not cancelled
     */
    public int liveCount(String owner) {
        lock.lock();
        try {
            return (int) live.values().stream()
                    .filter(p -> p.request.owner().equals(owner) && !p.cancelRequested)
                    .count();
        } finally {
            lock.unlock();
        }
    }

    /**
     * For tests: workers parked because they found nothing ready, so a test can wait until a
     * worker has had its chance at what is queued instead of sleeping.
     *
     * @return how many workers wait for work now
     */
    int idleWorkers() {
        lock.lock();
        try {
            return idle;
        } finally {
            lock.unlock();
        }
    }

    /** For tests: @return worker threads still alive, the given-up ones included */
    int workerThreadsAlive() {
        lock.lock();
        try {
            return (int) workers.stream().filter(w -> w.thread.isAlive()).count();
        } finally {
            lock.unlock();
        }
    }

    /** For tests: @return how many times the watchdog has looked at the workers */
    long watchdogRounds() {
        return watchdogRounds.get();
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
        latencySince = System.nanoTime();
        latency.clear();
        batchTime.clear();
    }

    /** @return a snapshot of the queue's figures */
    public QueueMetrics metrics() {
        int q;
        int r;
        lock.lock();
        try {
            q = waiting;
            r = running;
        } finally {
            lock.unlock();
        }
        TreeMap<Integer, Long> sizes = new TreeMap<>();
        batchSizes.forEach((k, v) -> sizes.put(k, v.get()));
        return new QueueMetrics(
                q,
                r,
                submitted.get(),
                count(ResultStatus.COMPLETED),
                count(ResultStatus.FAILED),
                count(ResultStatus.CANCELLED),
                count(ResultStatus.SUPERSEDED),
                count(ResultStatus.SHED),
                count(ResultStatus.REJECTED),
                batches.get(),
                Collections.unmodifiableSortedMap(sizes),
                latency.summary(),
                batchTime.summary(),
                workersReplaced.get(),
                lastFault);
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
        List<Pending> results = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return stopped;
            }
            closed = true;
            for (Pending p : new ArrayList<>(live.values())) {
                Pending r = cancelLocked(p);
                if (r != null) {
                    results.add(r);
                }
            }
            workReady.signalAll();
        } finally {
            lock.unlock();
        }
        results.forEach(this::deliver);
        watchdog.interrupt();
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
        List<Worker> all;
        lock.lock();
        try {
            all = new ArrayList<>(workers);
        } finally {
            lock.unlock();
        }
        boolean stuck = false;
        for (Worker w : all) {
            try {
                // A worker given up as stalled may never return: do not wait for it.
                w.thread.join(w.abandoned ? 100 : TimeUnit.SECONDS.toMillis(30));
                if (w.thread.isAlive()) {
                    stuck = true;
                    LOG.warn("Inference worker {} did not stop", w.thread.getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
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

    private long count(ResultStatus status) {
        return ended.get(status).get();
    }

    /** Removes a waiting request from wherever it waits and ends it. Caller holds the lock. */
    private Pending removeWaiting(Pending p, ResultStatus status, String error) {
        if (p.state == State.STAGED) {
            staged.remove(p);
        } else {
            p.lane.ready.remove(p);
        }
        waiting--;
        live.remove(p.id);
        waitingPerception.remove(p.request.owner(), p);
        return p.end(status, null, error, 0, 0);
    }

    /** Caller holds the lock. Returns the request to deliver, or null if it is running. */
    private Pending cancelLocked(Pending p) {
        if (p.state == State.RUNNING) {
            p.cancelRequested = true;
            return null;
        }
        return removeWaiting(p, ResultStatus.CANCELLED, null);
    }

    /** The oldest waiting request of the lowest priority below {@code than}. Caller holds the lock. */
    private Pending shedVictim(Priority than) {
        Pending victim = null;
        List<Pending> candidates = new ArrayList<>(staged);
        lanes.values().forEach(l -> candidates.addAll(l.ready));
        for (Pending p : candidates) {
            Priority pr = p.request.priority();
            if (pr.compareTo(than) >= 0 || pr == Priority.PLAYER) {
                continue;
            }
            if (victim == null
                    || pr.compareTo(victim.request.priority()) < 0
                    || (pr == victim.request.priority() && p.id < victim.id)) {
                victim = p;
            }
        }
        return victim;
    }

    /**
     * Reports an ended request: metrics, then the listener, then the ticket's future, so whoever
     * waits on the future sees figures that already count it.
     */
    private void deliver(Pending p) {
        InferenceResult result = p.result;
        ended.get(result.status()).incrementAndGet();
        if (result.completed() && p.submittedNanos >= latencySince) { // not those that waited through a reset
            latency.record(result.latencyNanos());
        }
        try {
            resultListener.accept(result);
        } catch (RuntimeException | AssertionError | LinkageError e) { // the game's code must not take a worker down
            LOG.error("The result listener failed on request {} of '{}'", result.requestId(), result.owner(), e);
        }
        onCallbackThread(() -> p.future.complete(result));
    }

    /**
     * Takes a worker's next work: a batch from the batch lane whose head is most urgent (filled in
     * urgency order), and for each generative lane the ready requests that fit the worker's free
     * sequence slots, most urgent first. Returns at once while the worker has sequences decoding.
     */
    private Work takeWork(Worker worker) throws InterruptedException {
        List<Pending> stale = new ArrayList<>();
        lock.lock();
        try {
            while (true) {
                if (closed || worker.abandoned) {
                    return null;
                }
                shedStale(stale);
                Lane best = null;
                for (Lane lane : lanes.values()) {
                    Pending head = lane.ready.peek();
                    if (lane.model != null
                            && head != null
                            && (best == null || URGENT_FIRST.compare(head, best.ready.peek()) < 0)) {
                        best = lane;
                    }
                }
                Batch batch = null;
                if (best != null) {
                    int limit = Math.min(config.maxBatchSize(), best.model.maxBatchSize());
                    Priority decodingFor = worker.mostUrgentDecoding();
                    if (decodingFor != null
                            && best.ready.peek().request.priority().compareTo(decodingFor) < 0) {
                        // Less urgent than a reply this worker is writing: a small batch between its
                        // steps, so the reply is not held up behind a full batch of background work.
                        limit = Math.min(limit, BATCH_BESIDE_URGENT_DECODING);
                    }
                    batch = new Batch(nextBatchId++, best, takeReady(best, limit, worker));
                }
                Map<Lane, List<Pending>> admit = new HashMap<>();
                for (Lane lane : lanes.values()) {
                    if (lane.generative != null && !lane.ready.isEmpty()) {
                        int room = lane.generative.maxActive() - worker.activeIn(lane);
                        if (room > 0) {
                            admit.put(lane, takeReady(lane, room, worker));
                        }
                    }
                }
                if (batch != null || !admit.isEmpty() || worker.decoding()) {
                    return new Work(batch, admit);
                }
                if (!stale.isEmpty()) { // told now, not when work next comes: their owners may send again
                    lock.unlock();
                    try {
                        stale.forEach(InferenceQueue.this::deliver);
                    } finally {
                        lock.lock();
                    }
                    stale.clear();
                    continue;
                }
                idle++;
                try {
                    workReady.await();
                } finally {
                    idle--;
                }
            }
        } finally {
            lock.unlock();
            stale.forEach(this::deliver);
        }
    }

    /**
     * Ends background requests that have waited longer than {@link QueueConfig#ambientWaitSeconds}
     * as shed: what an NPC saw a while ago is not worth a batch, and under a load the workers
     * cannot keep up with, this is what keeps the wait of everything else bounded. Caller holds
     * the lock; the caller delivers them after unlocking.
     */
    private void shedStale(List<Pending> into) {
        long oldest = System.nanoTime() - (long) (config.ambientWaitSeconds() * 1e9);
        for (Lane lane : lanes.values()) {
            if (lane.ready.isEmpty()) {
                continue;
            }
            for (Iterator<Pending> it = lane.ready.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.request.priority() == Priority.AMBIENT && p.submittedNanos - oldest < 0) {
                    it.remove();
                    waiting--;
                    live.remove(p.id);
                    waitingPerception.remove(p.request.owner(), p);
                    into.add(p.end(
                            ResultStatus.SHED,
                            null,
                            "waited more than " + config.ambientWaitSeconds() + " s: stale",
                            0,
                            0));
                }
            }
        }
    }

    /** Moves up to {@code limit} of a lane's most urgent ready requests to running. Caller holds the lock. */
    private List<Pending> takeReady(Lane lane, int limit, Worker worker) {
        List<Pending> items = new ArrayList<>(Math.min(limit, lane.ready.size()));
        while (items.size() < limit && !lane.ready.isEmpty()) {
            Pending p = lane.ready.poll();
            p.state = State.RUNNING;
            p.worker = worker;
            waitingPerception.remove(p.request.owner(), p);
            items.add(p);
        }
        waiting -= items.size();
        running += items.size();
        return items;
    }

    /** Ends one generative request: completed with its output, or cancelled. */
    private void finishOne(Pending p, Object output, String error, int stepSize) {
        Pending r;
        lock.lock();
        try {
            if (p.result != null) {
                return; // already ended: the watchdog gave up on its worker
            }
            running--;
            live.remove(p.id);
            if (p.cancelRequested) {
                r = p.end(ResultStatus.CANCELLED, null, null, 0, stepSize);
            } else if (error != null) {
                r = p.end(ResultStatus.FAILED, null, error, 0, stepSize);
            } else {
                r = p.end(ResultStatus.COMPLETED, output, null, 0, stepSize);
                deathsInRow = 0;
            }
        } finally {
            lock.unlock();
        }
        deliver(r);
    }

    /** @return whether a running request has been cancelled (its slot can be freed) */
    private boolean cancelRequested(Pending p) {
        lock.lock();
        try {
            return p.cancelRequested;
        } finally {
            lock.unlock();
        }
    }

    private void finish(Batch batch, List<?> outputs, String error) {
        List<Pending> results = new ArrayList<>(batch.items.size());
        lock.lock();
        try {
            for (int i = 0; i < batch.items.size(); i++) {
                Pending p = batch.items.get(i);
                if (p.result != null) {
                    continue; // already ended: the watchdog gave up on its worker
                }
                running--;
                live.remove(p.id);
                if (p.cancelRequested) {
                    results.add(p.end(ResultStatus.CANCELLED, null, null, batch.id, batch.items.size()));
                } else if (error != null) {
                    results.add(p.end(ResultStatus.FAILED, null, error, batch.id, batch.items.size()));
                } else {
                    results.add(p.end(ResultStatus.COMPLETED, outputs.get(i), null, batch.id, batch.items.size()));
                    deathsInRow = 0;
                }
            }
        } finally {
            lock.unlock();
        }
        results.forEach(this::deliver);
    }

    private enum State {
        STAGED,
        READY,
        RUNNING
    }

    /** One request in flight. Fields other than the future are guarded by the queue's lock. */
    private static final class Pending {
        final long id;
        final long frame;
        final InferenceRequest request;
        final Lane lane;
        final long submittedNanos = System.nanoTime();
        final CompletableFuture<InferenceResult> future = new CompletableFuture<>();
        State state = State.STAGED;
        boolean cancelRequested;
        /** The worker running it, once running. */
        Worker worker;

        InferenceResult result;

        Pending(long id, long frame, InferenceRequest request, Lane lane) {
            this.id = id;
            this.frame = frame;
            this.request = request;
            this.lane = lane;
        }

        /** Decides how the request ended; {@link #deliver} reports it and then completes the future. */
        Pending end(ResultStatus status, Object output, String error, long batchId, int batchSize) {
            result = new InferenceResult(
                    id,
                    request.owner(),
                    request.kind(),
                    frame,
                    status,
                    request.input(),
                    output,
                    error,
                    batchId,
                    batchSize,
                    System.nanoTime() - submittedNanos);
            return this;
        }
    }

    /**
     * A model (a batch model or a generative one) and the requests ready for it. {@code ready}
     * is guarded by the queue's lock.
     */
    private static final class Lane {
        final BatchModel<?, ?> model;
        final GenerativeModel<?, ?> generative;
        final PriorityQueue<Pending> ready = new PriorityQueue<>(URGENT_FIRST);
        volatile boolean loaded;
        volatile String loadError;

        Lane(BatchModel<?, ?> model, GenerativeModel<?, ?> generative) {
            this.model = model;
            this.generative = generative;
        }

        String name() {
            return model != null ? model.name() : generative.name();
        }

        Class<?> inputType() {
            return model != null ? model.inputType() : generative.inputType();
        }

        void closeModel() {
            if (model != null) {
                model.close();
            } else {
                generative.close();
            }
        }

        void loadGivenUp(String reason) {
            if (generative != null) {
                generative.loadGivenUp(reason);
            }
        }
    }

    private record Batch(long id, Lane lane, List<Pending> items) {}

    /** What a worker does next: maybe a batch, maybe requests joining its decoding sequences. */
    private record Work(Batch batch, Map<Lane, List<Pending>> admit) {}

    /** Owns one session per model, opened on this thread and closed on it. */
    private final class Worker implements Runnable {
        Thread thread;
        /** When the batch or step in hand started (System.nanoTime), or 0 while the worker waits. */
        volatile long busySince;
        /** The model of that batch or step. */
        volatile String busyWith;
        /** When the model load in hand started (System.nanoTime), or 0 while none is loading. */
        volatile long loadingSince;
        /** The lane of that load. */
        volatile Lane loadingLane;
        /** Given up by the watchdog: it takes no more work. Guarded by the lock. */
        boolean abandoned;
        /** What killed its thread, if something did. */
        volatile Throwable death;

        private final Map<Lane, BatchModel.BatchSession<Object, Object>> sessions = new HashMap<>();
        private final Map<Lane, GenerativeModel.Session<Object, Object>> generating = new HashMap<>();
        /** This worker's requests decoding now, per generative lane. Only this thread touches it. */
        private final Map<Lane, Map<Long, Pending>> decoding = new HashMap<>();

        int activeIn(Lane lane) {
            Map<Long, Pending> m = decoding.get(lane);
            return m == null ? 0 : m.size();
        }

        /** Marks the start of a batch or a step, for the watchdog. */
        private void busy(Lane lane) {
            busyWith = lane.name();
            busySince = System.nanoTime();
        }

        boolean decoding() {
            return decoding.values().stream().anyMatch(m -> !m.isEmpty());
        }

        /** @return the highest priority among this worker's decoding sequences, or null. Its own thread. */
        Priority mostUrgentDecoding() {
            Priority most = null;
            for (Map<Long, Pending> m : decoding.values()) {
                for (Pending p : m.values()) {
                    Priority pr = p.request.priority();
                    if (most == null || pr.compareTo(most) > 0) {
                        most = pr;
                    }
                }
            }
            return most;
        }

        /** Marks the start of a model load, for the watchdog. */
        private void loading(Lane lane) {
            loadingLane = lane;
            loadingSince = System.nanoTime();
        }

        private boolean abandoned() {
            lock.lock();
            try {
                return abandoned;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void run() {
            try {
                for (Lane lane : lanes.values()) {
                    if (lane.model != null) {
                        session(lane);
                    } else {
                        generativeSession(lane);
                    }
                }
                while (true) {
                    Work work = takeWork(this);
                    if (work == null) {
                        return;
                    }
                    try {
                        if (work.batch() != null) {
                            busy(work.batch().lane());
                            runBatch(work.batch());
                        }
                        for (var e : work.admit().entrySet()) {
                            busy(e.getKey());
                            admit(e.getKey(), e.getValue());
                        }
                        for (Lane lane : new ArrayList<>(decoding.keySet())) {
                            busy(lane);
                            decodeStep(lane);
                        }
                    } catch (RuntimeException | Error e) {
                        // Whatever escaped the per-batch guards: the worker must not die, or every
                        // later request would wait forever. Log it and take the next work.
                        LOG.error("An inference worker survived an unexpected failure", e);
                        lastFault = "an inference worker failed: " + e;
                    } finally {
                        busySince = 0;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                decoding.forEach((lane, m) -> m.values().forEach(p -> finishOne(p, null, "the queue closed", 0)));
                List<AutoCloseable> all = new ArrayList<>(sessions.values());
                all.addAll(generating.values());
                for (AutoCloseable s : all) {
                    try {
                        s.close();
                    } catch (Exception e) {
                        LOG.warn("Closing a session failed", e);
                    }
                }
            }
        }

        /** Starts requests on a generative lane: each prefilled, joining the next step. */
        private void admit(Lane lane, List<Pending> joining) {
            GenerativeModel.Session<Object, Object> session = generativeSession(lane);
            Map<Long, Pending> active = decoding.computeIfAbsent(lane, k -> new LinkedHashMap<>());
            for (Pending p : joining) {
                if (session == null) {
                    finishOne(p, null, lane.loadError, 0);
                    continue;
                }
                busy(lane); // each prefill on its own clock: sixteen long prompts are not one stall
                try {
                    Object done = session.join(p.id, p.request.input());
                    if (done != null) {
                        finishOne(p, done, null, active.size());
                    } else {
                        active.put(p.id, p);
                    }
                } catch (RuntimeException | Error e) {
                    LOG.error(
                            "Request {} of '{}' could not start on model '{}'",
                            p.id,
                            p.request.owner(),
                            lane.name(),
                            e);
                    finishOne(
                            p,
                            null,
                            "model '" + lane.name() + "' failed: "
                                    + e.getClass().getSimpleName() + ": " + e.getMessage(),
                            0);
                }
            }
        }

        /** One decode step of every sequence this worker has on a lane; cancelled ones leave first. */
        private void decodeStep(Lane lane) {
            Map<Long, Pending> active = decoding.get(lane);
            GenerativeModel.Session<Object, Object> session = generating.get(lane);
            for (Pending p : new ArrayList<>(active.values())) {
                if (cancelRequested(p)) {
                    session.cancel(p.id);
                    active.remove(p.id);
                    finishOne(p, null, null, active.size());
                }
            }
            if (active.isEmpty()) {
                return;
            }
            int size = active.size();
            long start = System.nanoTime();
            try {
                List<GenerativeModel.Done<Object>> done = session.step();
                batchTime.record(System.nanoTime() - start);
                batches.incrementAndGet();
                batchSizes.computeIfAbsent(size, k -> new AtomicLong()).incrementAndGet();
                for (GenerativeModel.Done<Object> d : done) {
                    Pending p = active.remove(d.id());
                    if (p != null) {
                        finishOne(p, d.output(), null, size);
                    }
                }
            } catch (RuntimeException | Error e) {
                // Fail this step's sequences only; the worker and the lane go on.
                LOG.error("A decode step of model '{}' failed ({} sequences)", lane.name(), size, e);
                String reason =
                        "model '" + lane.name() + "' failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
                lastFault = reason;
                for (Pending p : new ArrayList<>(active.values())) {
                    session.cancel(p.id);
                    finishOne(p, null, reason, size);
                }
                active.clear();
            }
        }

        @SuppressWarnings("unchecked")
        private GenerativeModel.Session<Object, Object> generativeSession(Lane lane) {
            var session = generating.get(lane);
            if (session != null) { // a working session stays usable when another worker's load failed
                return session;
            }
            if (lane.loadError != null) {
                return null;
            }
            if (session == null) {
                try {
                    loading(lane);
                    session = (GenerativeModel.Session<Object, Object>) lane.generative.openSession();
                    if (abandoned()) { // the watchdog gave up on this load: another worker has the lane
                        session.close();
                        return null;
                    }
                    generating.put(lane, session);
                } catch (RuntimeException
                        | LinkageError
                        | OutOfMemoryError e) { // LinkageError: native libraries that will not load
                    lane.loadError = "model '" + lane.name() + "' could not be loaded: " + e.getMessage();
                    lastFault = lane.loadError;
                    LOG.error(
                            "Model '{}' could not be loaded; its requests will fail: {}", lane.name(), e.getMessage());
                } finally {
                    loadingSince = 0;
                    lane.loaded = true;
                }
            }
            return session;
        }

        private void runBatch(Batch batch) {
            List<Object> inputs = new ArrayList<>(batch.items.size());
            batch.items.forEach(p -> inputs.add(p.request.input()));
            long start = System.nanoTime();
            try {
                BatchModel.BatchSession<Object, Object> session = session(batch.lane);
                if (session == null) {
                    finish(batch, null, batch.lane.loadError);
                    return;
                }
                List<Object> outputs = session.run(inputs);
                if (outputs.size() != inputs.size()) {
                    throw new IllegalStateException(
                            "model returned " + outputs.size() + " outputs for " + inputs.size() + " inputs");
                }
                batchTime.record(System.nanoTime() - start);
                batches.incrementAndGet();
                batchSizes.computeIfAbsent(inputs.size(), k -> new AtomicLong()).incrementAndGet();
                finish(batch, outputs, null);
            } catch (RuntimeException | Error e) {
                // Fail this batch only; the worker lives on for the next one.
                LOG.error(
                        "Batch {} of model '{}' failed ({} requests, first {} of '{}')",
                        batch.id,
                        batch.lane.model.name(),
                        batch.items.size(),
                        batch.items.get(0).id,
                        batch.items.get(0).request.owner(),
                        e);
                String reason = "model '" + batch.lane.model.name() + "' failed: "
                        + e.getClass().getSimpleName() + ": " + e.getMessage();
                lastFault = reason;
                finish(batch, null, reason); // not lastFault: another worker may have set it since
            }
        }

        @SuppressWarnings("unchecked")
        private BatchModel.BatchSession<Object, Object> session(Lane lane) {
            var session = sessions.get(lane);
            if (session != null) { // a working session stays usable when another worker's load failed
                return session;
            }
            if (lane.loadError != null) {
                return null;
            }
            if (session == null) {
                try {
                    loading(lane);
                    session = (BatchModel.BatchSession<Object, Object>) lane.model.openSession();
                    if (abandoned()) { // the watchdog gave up on this load: another worker has the lane
                        session.close();
                        return null;
                    }
                    sessions.put(lane, session);
                } catch (RuntimeException
                        | LinkageError
                        | OutOfMemoryError e) { // LinkageError: native libraries that will not load
                    lane.loadError = "model '" + lane.model.name() + "' could not be loaded: " + e.getMessage();
                    lastFault = lane.loadError;
                    LOG.error(
                            "Model '{}' could not be loaded; its requests will fail: {}",
                            lane.model.name(),
                            e.getMessage());
                    LOG.debug("Load failure of '{}'", lane.model.name(), e);
                } finally {
                    loadingSince = 0;
                    lane.loaded = true;
                }
            }
            return session;
        }
    }
}
