package dev.animus.inference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks after the workers: one whose step has run longer than the stall limit (a model that
 * never returns), whose model load has hung, or whose thread died, is given up. Its requests
 * fail with the reason, so whoever waits on them (an NPC's answer) can fall back at once, and a
 * new worker with fresh sessions takes over. The stalled thread is interrupted and left to
 * finish on its own; what it returns, if ever, is dropped. It looks a few times per limit, by
 * the queue's clock.
 */
final class Watchdog implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    /**
     * After this many workers died one after another with no work completed in between, no
     * more are started to die the same way: every model's requests fail with the reason.
     */
    static final int MOST_DEATHS_IN_A_ROW = 5;

    private final QueueConfig config;
    private final Clock clock;
    private final WaitingRoom room;
    private final Collection<Lane> lanes;
    private final WorkerPool workers;
    private final QueueStats stats;
    private final Consumer<Pending> report;
    private final AtomicLong rounds = new AtomicLong();

    Watchdog(
            QueueConfig config,
            Clock clock,
            WaitingRoom room,
            Collection<Lane> lanes,
            WorkerPool workers,
            QueueStats stats,
            Consumer<Pending> report) {
        this.config = config;
        this.clock = clock;
        this.room = room;
        this.lanes = lanes;
        this.workers = workers;
        this.stats = stats;
        this.report = report;
    }

    /** @return how many times it has looked at the workers */
    long rounds() {
        return rounds.get();
    }

    @Override
    public void run() {
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
            room.lock.lock();
            try {
                if (room.closedLocked()) {
                    return;
                }
                long now = clock.nanoTime();
                for (Worker w : workers.allLocked()) {
                    if (!w.abandoned) {
                        look(w, now, stallNanos, loadNanos, failed, givenUp);
                    }
                }
            } finally {
                room.lock.unlock();
            }
            failed.forEach(report);
            givenUp.forEach(lane -> lane.loadGivenUp(lane.loadError));
            rounds.incrementAndGet();
        }
    }

    /** Gives a worker up if it stalled, hung on a load or died. Caller holds the lock. */
    private void look(Worker w, long now, long stallNanos, long loadNanos, List<Pending> failed, List<Lane> givenUp) {
        long since = w.busySince;
        long loading = w.loadingSince;
        Lane hung = w.loadingLane;
        boolean stalled = since != 0 && now - since > stallNanos;
        boolean loadHung = !stalled && loading != 0 && hung != null && now - loading > loadNanos;
        boolean dead = !w.thread.isAlive();
        if (!stalled && !loadHung && !dead) {
            return;
        }
        w.abandoned = true;
        String why = dead
                ? "its inference worker " + w.thread.getName() + " died" + (w.death == null ? "" : ": " + w.death)
                : loadHung
                        ? "model '" + hung.name() + "' did not load within " + config.loadSeconds() + " s"
                        : "model '" + w.busyWith + "' did not answer within " + config.stallSeconds() + " s";
        if (loadHung && hung.loadError == null) {
            // Another worker would hang on the same load: the model's requests fail instead.
            hung.loadError = why + "; see the log, and check the model's files and native engine";
            hung.loaded = true;
            givenUp.add(hung); // told after unlocking: whoever waits on the model runs its code then
        }
        int deaths = dead ? room.diedLocked() : 0;
        if (deaths >= MOST_DEATHS_IN_A_ROW) {
            // Another worker would only die the same way: the models' requests fail instead.
            String end =
                    "the inference workers keep dying (" + deaths + " in a row; the last " + why + "); see the log";
            for (Lane lane : lanes) {
                if (lane.loadError == null) {
                    lane.loadError = end;
                }
            }
            why = end;
        }
        int before = failed.size();
        room.failRunningLocked(w, why, failed);
        stats.workerReplaced(why);
        LOG.error(
                "Inference worker {} given up: {}; {} request(s) failed, a new worker takes over",
                w.thread.getName(),
                why,
                failed.size() - before);
        w.thread.interrupt();
        workers.startLocked();
        room.signalLocked();
    }
}
