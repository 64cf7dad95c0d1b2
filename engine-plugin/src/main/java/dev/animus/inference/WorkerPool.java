package dev.animus.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The queue's worker threads, the given-up ones included. The list is guarded by the waiting room's lock. */
final class WorkerPool {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final WaitingRoom room;
    private final Supplier<Worker> newWorker;
    private final boolean yieldToGame;
    private final List<Worker> workers = new ArrayList<>();
    private int nextName;

    /** @param yieldToGame whether its workers run at the lowest CPU priority ({@link Yielding}) */
    WorkerPool(WaitingRoom room, Supplier<Worker> newWorker, boolean yieldToGame) {
        this.room = room;
        this.newWorker = newWorker;
        this.yieldToGame = yieldToGame;
    }

    /** Starts a worker. Caller holds the lock. */
    void startLocked() {
        Worker w = newWorker.get();
        Thread t = Yielding.thread(w, "animus-inference-" + nextName++, yieldToGame);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> {
            w.death = e;
            LOG.error("Inference worker {} died", thread.getName(), e);
        });
        w.thread = t;
        workers.add(w);
        t.start();
    }

    /** @return every worker started. Caller holds the lock. */
    List<Worker> allLocked() {
        return new ArrayList<>(workers);
    }

    /** @return worker threads still alive, the given-up ones included */
    int alive() {
        room.lock.lock();
        try {
            return (int) workers.stream().filter(w -> w.thread.isAlive()).count();
        } finally {
            room.lock.unlock();
        }
    }

    /**
     * Waits for the workers to stop (30 s each; a given-up one not at all).
     *
     * @return whether one is still inside a model
     */
    boolean awaitStopped() {
        List<Worker> all;
        room.lock.lock();
        try {
            all = new ArrayList<>(workers);
        } finally {
            room.lock.unlock();
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
        return stuck;
    }
}
