package dev.animus.inference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inference thread: it opens a session of every lane on itself (so models load off the
 * render thread), then takes work from the waiting room, lets it join the sessions and steps
 * them, and reports what ends. Sessions are confined to it and closed on it. The watchdog reads
 * its busy marks; {@code abandoned} is guarded by the waiting room's lock.
 */
final class Worker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    Thread thread;
    /** When the step or load in hand started ({@link Clock#nanoTime}), or 0 while it waits. */
    volatile long busySince;
    /** The model of that step. */
    volatile String busyWith;
    /** When the model load in hand started, or 0 while none is loading. */
    volatile long loadingSince;
    /** The lane of that load. */
    volatile Lane loadingLane;
    /** Given up by the watchdog: it takes no more work. Guarded by the waiting room's lock. */
    boolean abandoned;
    /** What killed its thread, if something did. */
    volatile Throwable death;

    private final WaitingRoom room;
    private final Collection<Lane> lanes;
    private final QueueStats stats;
    private final Clock clock;
    private final AtomicLong batchIds;
    private final Consumer<Pending> report;
    private final Map<Lane, GenerativeModel.Session<Object, Object>> sessions = new HashMap<>();
    /** This worker's requests in its sessions, per lane. Only this thread touches it. */
    private final Map<Lane, Map<Long, Pending>> active = new LinkedHashMap<>();

    Worker(
            WaitingRoom room,
            Collection<Lane> lanes,
            QueueStats stats,
            Clock clock,
            AtomicLong batchIds,
            Consumer<Pending> report) {
        this.room = room;
        this.lanes = lanes;
        this.stats = stats;
        this.clock = clock;
        this.batchIds = batchIds;
        this.report = report;
    }

    /** @return its requests in a lane's session now. Its own thread. */
    int activeIn(Lane lane) {
        Map<Long, Pending> m = active.get(lane);
        return m == null ? 0 : m.size();
    }

    /** @return whether it has sequences decoding. Its own thread. */
    boolean decoding() {
        return active.values().stream().anyMatch(m -> !m.isEmpty());
    }

    /** @return the highest priority among its sequences decoding, or null. Its own thread. */
    Priority mostUrgentDecoding() {
        Priority most = null;
        for (Map<Long, Pending> m : active.values()) {
            for (Pending p : m.values()) {
                Priority pr = p.request.priority();
                if (most == null || pr.compareTo(most) > 0) {
                    most = pr;
                }
            }
        }
        return most;
    }

    @Override
    public void run() {
        try {
            for (Lane lane : lanes) {
                session(lane);
            }
            while (true) {
                Map<Lane, List<Pending>> joining = room.take(this, report);
                if (joining == null) {
                    return;
                }
                try {
                    joining.forEach(this::admit);
                    for (Lane lane : new ArrayList<>(active.keySet())) {
                        step(lane);
                    }
                } catch (RuntimeException | Error e) {
                    // Whatever escaped the per-step guards: the worker must not die, or every
                    // later request would wait forever. Log it and take the next work.
                    LOG.error("An inference worker survived an unexpected failure", e);
                    stats.fault("an inference worker failed: " + e);
                } finally {
                    busySince = 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            active.values().forEach(m -> m.values().forEach(p -> finish(p, null, "the queue closed", 0, 0)));
            for (AutoCloseable s : sessions.values()) {
                try {
                    s.close();
                } catch (Exception e) {
                    LOG.warn("Closing a session failed", e);
                }
            }
        }
    }

    /** Requests join a lane's session: a generative model prefills each, a batch model gathers them. */
    private void admit(Lane lane, List<Pending> joining) {
        GenerativeModel.Session<Object, Object> session = session(lane);
        Map<Long, Pending> in = active.computeIfAbsent(lane, k -> new LinkedHashMap<>());
        for (Pending p : joining) {
            if (session == null) {
                finish(
                        p,
                        null,
                        lane.loadError != null ? lane.loadError : "model '" + lane.name() + "' is not loaded",
                        0,
                        0);
                continue;
            }
            busy(lane); // each prefill on its own clock: sixteen long prompts are not one stall
            try {
                Object done = session.join(p.id, p.request.input());
                if (done != null) {
                    finish(p, done, null, 0, in.size());
                } else {
                    in.put(p.id, p);
                }
            } catch (RuntimeException | Error e) {
                LOG.error("Request {} of '{}' could not start on model '{}'", p.id, p.request.owner(), lane.name(), e);
                finish(p, null, failure(lane, e), 0, 0);
            }
        }
    }

    /** One step of a lane's session: cancelled requests leave first, then a batch or a decode step runs. */
    private void step(Lane lane) {
        Map<Long, Pending> in = active.get(lane);
        GenerativeModel.Session<Object, Object> session = sessions.get(lane);
        for (Pending p : room.cancelledAmong(in.values())) {
            session.cancel(p.id);
            in.remove(p.id);
            finish(p, null, null, 0, in.size());
        }
        if (in.isEmpty()) {
            return;
        }
        int size = in.size();
        long batchId = lane.batched() ? batchIds.incrementAndGet() : 0;
        busy(lane);
        long start = clock.nanoTime();
        try {
            List<GenerativeModel.Done<Object>> done = session.step();
            stats.stepped(size, clock.nanoTime() - start);
            List<Pending> ending = new ArrayList<>(done.size());
            List<Object> outputs = new ArrayList<>(done.size());
            for (GenerativeModel.Done<Object> d : done) {
                Pending p = in.remove(d.id());
                if (p != null && d.error() != null) {
                    finish(p, null, "model '" + lane.name() + "' failed: " + d.error(), batchId, size);
                } else if (p != null) {
                    ending.add(p);
                    outputs.add(d.output());
                }
            }
            room.endAll(ending, outputs, null, batchId, size).forEach(report);
        } catch (RuntimeException | Error e) {
            // Fail this step's requests only; the worker and the lane go on.
            Pending first = in.values().iterator().next();
            LOG.error(
                    "{} of model '{}' failed ({} requests, first {} of '{}')",
                    lane.batched() ? "Batch " + batchId : "A decode step",
                    lane.name(),
                    size,
                    first.id,
                    first.request.owner(),
                    e);
            String reason = failure(lane, e);
            stats.fault(reason);
            List<Pending> failed = new ArrayList<>(in.values());
            failed.forEach(p -> session.cancel(p.id));
            in.clear();
            room.endAll(failed, null, reason, batchId, size).forEach(report);
        }
    }

    private static String failure(Lane lane, Throwable e) {
        return "model '" + lane.name() + "' failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private void finish(Pending p, Object output, String error, long batchId, int size) {
        Pending ended = room.end(p, output, error, batchId, size);
        if (ended != null) {
            report.accept(ended);
        }
    }

    /** Marks the start of a step, for the watchdog. */
    private void busy(Lane lane) {
        busyWith = lane.name();
        busySince = clock.nanoTime();
    }

    /** @return this worker's session of a lane, opened (the model loaded) on first use; null if it cannot load */
    private GenerativeModel.Session<Object, Object> session(Lane lane) {
        GenerativeModel.Session<Object, Object> session = sessions.get(lane);
        if (session != null || lane.loadError != null) { // a working session stays usable when another load failed
            return session;
        }
        try {
            loadingLane = lane;
            loadingSince = clock.nanoTime();
            session = lane.open();
            if (abandoned()) { // the watchdog gave up on this load: another worker has the lane
                session.close();
                return null;
            }
            sessions.put(lane, session);
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) { // LinkageError: native libraries
            lane.loadError = "model '" + lane.name() + "' could not be loaded: " + e.getMessage();
            stats.fault(lane.loadError);
            LOG.error("Model '{}' could not be loaded; its requests will fail: {}", lane.name(), e.getMessage());
            LOG.debug("Load failure of '{}'", lane.name(), e);
        } finally {
            loadingSince = 0;
            lane.loaded = true;
        }
        return session;
    }

    private boolean abandoned() {
        room.lock.lock();
        try {
            return abandoned;
        } finally {
            room.lock.unlock();
        }
    }
}
