package dev.animus.inference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where requests wait, and the queue's one lock: admission (capacity, shedding, coalescing),
 * frames (requests wait until their frame is flushed), and what a worker takes next. Every
 * request in flight is here until it ends, so cancelling, shedding and the watchdog's failures
 * all see one consistent picture. Methods that end requests return them; the caller reports
 * them after the lock is released (reporting runs the game's listener).
 */
final class WaitingRoom {
    static final Comparator<Pending> URGENT_FIRST =
            Comparator.comparing((Pending p) -> p.request.priority()).reversed().thenComparingLong(p -> p.id);

    /** Guards everything here, the lanes' ready requests, the workers' abandoned flags and the worker list. */
    final ReentrantLock lock = new ReentrantLock();

    private final Condition workReady = lock.newCondition();
    private final QueueConfig config;
    private final Clock clock;
    private final Collection<Lane> lanes;
    private final List<Pending> staged = new ArrayList<>();
    private final Map<Long, Pending> live = new HashMap<>();
    /** The waiting request of each owner whose requests coalesce (perception). */
    private final Map<String, Pending> coalescing = new HashMap<>();

    private int waiting;
    private int running;
    /** Workers waiting for work, having found none ready. */
    private int idle;

    private long frame;
    private long nextId = 1;
    private boolean closed;
    /** Workers that died since work last completed. */
    private int deathsInRow;

    WaitingRoom(QueueConfig config, Clock clock, Collection<Lane> lanes) {
        this.config = config;
        this.clock = clock;
        this.lanes = lanes;
    }

    /**
     * A request asks in.
     *
     * @param decided where requests ended by this admission go (the one it supersedes or sheds,
     *     or itself, rejected)
     * @return its ticket
     * @throws IllegalStateException if the queue is closed
     */
    Ticket admit(InferenceRequest request, Lane lane, List<Pending> decided) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException(
                        "The inference queue is closed; request of '" + request.owner() + "' not accepted");
            }
            Pending p = new Pending(nextId++, frame, request, lane, clock.nanoTime());
            Ticket ticket = new Ticket(p.id, p.frame, p.future);
            if (request.kind().coalesced()) {
                Pending older = coalescing.get(request.owner());
                if (older != null) {
                    decided.add(removeWaiting(older, ResultStatus.SUPERSEDED, null));
                }
            }
            if (waiting >= config.capacity()) {
                Pending victim = shedVictim(request.priority());
                if (victim == null) {
                    decided.add(end(
                            p,
                            ResultStatus.REJECTED,
                            "the queue is full (" + config.capacity() + " waiting) of work at least as urgent"));
                    return ticket;
                }
                decided.add(removeWaiting(victim, ResultStatus.SHED, "shed under overload for a more urgent request"));
            }
            staged.add(p);
            live.put(p.id, p);
            waiting++;
            if (request.kind().coalesced()) {
                coalescing.put(request.owner(), p);
            }
            return ticket;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the frame: what it submitted becomes ready at once. @return the frame that starts now */
    long flush() {
        lock.lock();
        try {
            for (Pending p : staged) {
                p.state = Pending.State.READY;
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

    long frame() {
        lock.lock();
        try {
            return frame;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cancels a request: one waiting ends now (into {@code ended}); one running ends cancelled
     * when its step does.
     *
     * @return whether it was live
     */
    boolean cancel(long requestId, List<Pending> ended) {
        lock.lock();
        try {
            Pending p = live.get(requestId);
            if (p == null) {
                return false;
            }
            cancelLocked(p, ended);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Cancels the live requests of an owner whose kind {@code kinds} accepts. @return how many were live */
    int cancelOwner(String owner, Predicate<RequestKind> kinds, List<Pending> ended) {
        lock.lock();
        try {
            int count = 0;
            for (Pending p : new ArrayList<>(live.values())) {
                if (p.request.owner().equals(owner) && kinds.test(p.request.kind())) {
                    count++;
                    cancelLocked(p, ended);
                }
            }
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** @return the owner's requests that may still produce an output: waiting, or running and not cancelled */
    int liveCount(String owner) {
        lock.lock();
        try {
            return (int) live.values().stream()
                    .filter(p -> p.request.owner().equals(owner) && !p.cancelRequested)
                    .count();
        } finally {
            lock.unlock();
        }
    }

    /** @return {waiting, running}, taken together */
    int[] counts() {
        lock.lock();
        try {
            return new int[] {waiting, running};
        } finally {
            lock.unlock();
        }
    }

    /** @return workers parked for want of work */
    int idle() {
        lock.lock();
        try {
            return idle;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the door: every live request is cancelled (those waiting into {@code ended}) and
     * parked workers wake to leave.
     *
     * @return false if it was closed already
     */
    boolean close(List<Pending> ended) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            for (Pending p : new ArrayList<>(live.values())) {
                cancelLocked(p, ended);
            }
            workReady.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A worker's next work, waiting for some: from the batched lane whose head is most urgent, a
     * batch filled in urgency order; from each generative lane, the ready requests that fit the
     * worker's free sequence slots. Returns at once, maybe with nothing, while the worker has
     * sequences decoding. Background requests that went stale on the way are reported.
     *
     * @return the requests joining each lane's session; null once the queue is closed or the
     *     worker given up
     */
    Map<Lane, List<Pending>> take(Worker worker, Consumer<Pending> report) throws InterruptedException {
        List<Pending> stale = new ArrayList<>();
        lock.lock();
        try {
            while (true) {
                if (closed || worker.abandoned) {
                    return null;
                }
                shedStale(stale);
                Map<Lane, List<Pending>> joining = new LinkedHashMap<>();
                Lane best = null;
                for (Lane lane : lanes) {
                    Pending head = lane.ready.peek();
                    if (lane.batched()
                            && head != null
                            && (best == null || URGENT_FIRST.compare(head, best.ready.peek()) < 0)) {
                        best = lane;
                    }
                }
                if (best != null) {
                    int limit = Math.min(config.maxBatchSize(), best.capacity());
                    Priority decodingFor = worker.mostUrgentDecoding();
                    if (decodingFor != null
                            && best.ready.peek().request.priority().compareTo(decodingFor) < 0) {
                        // Less urgent than a reply this worker is writing: a small batch between its
                        // steps, so the reply is not held up behind a full batch of background work.
                        limit = Math.min(limit, InferenceQueue.BATCH_BESIDE_URGENT_DECODING);
                    }
                    joining.put(best, takeReady(best, limit, worker));
                }
                for (Lane lane : lanes) {
                    if (!lane.batched() && !lane.ready.isEmpty()) {
                        int room = lane.capacity() - worker.activeIn(lane);
                        if (room > 0) {
                            joining.put(lane, takeReady(lane, room, worker));
                        }
                    }
                }
                if (!joining.isEmpty() || worker.decoding()) {
                    return joining;
                }
                if (!stale.isEmpty()) { // told now, not when work next comes: their owners may send again
                    lock.unlock();
                    try {
                        stale.forEach(report);
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
            stale.forEach(report);
        }
    }

    /**
     * A running request ended: completed with its output, failed with the error, or cancelled
     * if that was asked for meanwhile.
     *
     * @return the request to report, or null if it had ended already (the watchdog failed it)
     */
    Pending end(Pending p, Object output, String error, long batchId, int batchSize) {
        List<Pending> ended = endAll(List.of(p), output == null ? null : List.of(output), error, batchId, batchSize);
        return ended.isEmpty() ? null : ended.get(0);
    }

    /**
     * Running requests ended together (a batch, a decode step), under one lock.
     *
     * @param outputs their outputs, in order, or null when they failed ({@code error}) or have none
     * @return those to report: not the ones that had ended already (the watchdog failed them)
     */
    List<Pending> endAll(List<Pending> ps, List<?> outputs, String error, long batchId, int batchSize) {
        List<Pending> ended = new ArrayList<>(ps.size());
        lock.lock();
        try {
            long now = clock.nanoTime();
            for (int i = 0; i < ps.size(); i++) {
                Pending p = ps.get(i);
                if (p.result != null) {
                    continue;
                }
                running--;
                live.remove(p.id);
                if (p.cancelRequested) {
                    ended.add(p.end(ResultStatus.CANCELLED, null, null, batchId, batchSize, now));
                } else if (error != null) {
                    ended.add(p.end(ResultStatus.FAILED, null, error, batchId, batchSize, now));
                } else {
                    deathsInRow = 0;
                    ended.add(p.end(
                            ResultStatus.COMPLETED,
                            outputs == null ? null : outputs.get(i),
                            null,
                            batchId,
                            batchSize,
                            now));
                }
            }
        } finally {
            lock.unlock();
        }
        return ended;
    }

    /**
     * @return those of a worker's running requests whose cancellation was asked for (their slots
     *     can be freed), taken under one lock: a batch of 64 does not contend 64 times with the
     *     render thread's submissions
     */
    List<Pending> cancelledAmong(Collection<Pending> running) {
        lock.lock();
        try {
            List<Pending> cancelled = null;
            for (Pending p : running) {
                if (p.cancelRequested) {
                    if (cancelled == null) {
                        cancelled = new ArrayList<>();
                    }
                    cancelled.add(p);
                }
            }
            return cancelled == null ? List.of() : cancelled;
        } finally {
            lock.unlock();
        }
    }

    /** Fails what a given-up worker was running. Caller holds the lock. */
    void failRunningLocked(Worker w, String why, List<Pending> ended) {
        for (Pending p : new ArrayList<>(live.values())) {
            if (p.worker == w && p.state == Pending.State.RUNNING && p.result == null) {
                running--;
                live.remove(p.id);
                ended.add(p.end(ResultStatus.FAILED, null, why, 0, 0, clock.nanoTime()));
            }
        }
    }

    /** A worker died. Caller holds the lock. @return how many died since work last completed */
    int diedLocked() {
        return ++deathsInRow;
    }

    /** Wakes parked workers (a new one joined). Caller holds the lock. */
    void signalLocked() {
        workReady.signalAll();
    }

    boolean closedLocked() {
        return closed;
    }

    private Pending end(Pending p, ResultStatus status, String error) {
        return p.end(status, null, error, 0, 0, clock.nanoTime());
    }

    /** Removes a waiting request from wherever it waits and ends it. Caller holds the lock. */
    private Pending removeWaiting(Pending p, ResultStatus status, String error) {
        if (p.state == Pending.State.STAGED) {
            staged.remove(p);
        } else {
            p.lane.ready.remove(p);
        }
        waiting--;
        live.remove(p.id);
        coalescing.remove(p.request.owner(), p);
        return end(p, status, error);
    }

    /** A waiting request ends now; a running one when its step does. Caller holds the lock. */
    private void cancelLocked(Pending p, List<Pending> ended) {
        if (p.state == Pending.State.RUNNING) {
            p.cancelRequested = true;
        } else {
            ended.add(removeWaiting(p, ResultStatus.CANCELLED, null));
        }
    }

    /** The oldest waiting request of the lowest priority below {@code than}. Caller holds the lock. */
    private Pending shedVictim(Priority than) {
        // Scanned in place, not copied: under overload this runs for every request submitted,
        // with the lock the workers wait on held.
        Pending victim = lowest(staged, than, null);
        for (Lane l : lanes) {
            victim = lowest(l.ready, than, victim);
        }
        return victim;
    }

    /** The request of {@code among} that is a better victim than {@code victim}, or {@code victim}. */
    private static Pending lowest(Iterable<Pending> among, Priority than, Pending victim) {
        for (Pending p : among) {
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
     * Ends background requests that have waited longer than {@link QueueConfig#ambientWaitSeconds}
     * as shed: what an NPC saw a while ago is not worth a batch, and under a load the workers
     * cannot keep up with, this is what keeps the wait of everything else bounded. Caller holds
     * the lock.
     */
    private void shedStale(List<Pending> into) {
        long oldest = clock.nanoTime() - (long) (config.ambientWaitSeconds() * 1e9);
        for (Lane lane : lanes) {
            for (Iterator<Pending> it = lane.ready.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.request.priority() == Priority.AMBIENT && p.submittedNanos - oldest < 0) {
                    it.remove();
                    waiting--;
                    live.remove(p.id);
                    coalescing.remove(p.request.owner(), p);
                    into.add(
                            end(p, ResultStatus.SHED, "waited more than " + config.ambientWaitSeconds() + " s: stale"));
                }
            }
        }
    }

    /** Moves up to {@code limit} of a lane's most urgent ready requests to running. Caller holds the lock. */
    private List<Pending> takeReady(Lane lane, int limit, Worker worker) {
        List<Pending> items = new ArrayList<>(Math.min(limit, lane.ready.size()));
        while (items.size() < limit && !lane.ready.isEmpty()) {
            Pending p = lane.ready.poll();
            p.state = Pending.State.RUNNING;
            p.worker = worker;
            coalescing.remove(p.request.owner(), p);
            items.add(p);
        }
        waiting -= items.size();
        running += items.size();
        return items;
    }
}
