package dev.animus.inference;

/**
 * How an {@link InferenceQueue} runs.
 *
 * @param workers worker threads, each owning its own sessions (1 to 16). On a GPU or a
 *     small CPU one worker is best: the engine already uses every core for one batch.
 * @param maxBatchSize the largest batch, also capped by each model's own limit (1 to 4096)
 * @param capacity requests that may wait at once before overload handling starts (1 to 1,000,000)
 * @param latencyWindow how many recent latencies the metrics keep (16 to 1,000,000)
 * @param stallSeconds how long one batch or decode step may run before its worker counts as
 *     stalled: its requests then fail, and a new worker takes over (0.05 to 3600; a batch takes
 *     milliseconds, so the default of 20 s only ever catches a model that hangs)
 * @param ambientWaitSeconds how long background work (ambient perception) may wait for a
 *     worker before it is shed as stale (0.01 to 3600): under more load than the workers can
 *     take, what NPCs perceive stays recent, and more urgent work never queues behind it
 * @param loadSeconds how long a worker may take to load a model before the load counts as
 *     hung (0.05 to 86400): the model's requests then fail with the reason, and a new worker
 *     takes over. Loading reads the weights and starts a native engine, so the limit is longer
 *     than for a batch: the default of 300 s is for a multi-gigabyte checkpoint on a slow disk.
 * @param yieldToGame whether the queue's threads (and the engines' threads they start) run at
 *     the lowest CPU priority, so they never take a core from the game's render thread (Linux:
 *     {@code SCHED_IDLE}; elsewhere nothing changes). They still have every core the game leaves
 *     idle; a game that keeps every core busy should turn it off, or NPCs wait to think.
 */
public record QueueConfig(
        int workers,
        int maxBatchSize,
        int capacity,
        int latencyWindow,
        double stallSeconds,
        double ambientWaitSeconds,
        double loadSeconds,
        boolean yieldToGame) {

    /**
     * One worker, batches of up to 64, room for 1024 waiting requests, 20 s before a batch
     * counts as stalled, background work shed after waiting 0.5 s, 300 s for a model to load.
     */
    public static final QueueConfig DEFAULT = new QueueConfig(1, 64, 1024, 4096, 20, 0.5, 300, true);

    public QueueConfig {
        requireIn("workers", workers, 1, 16);
        requireIn("maxBatchSize", maxBatchSize, 1, 4096);
        requireIn("capacity", capacity, 1, 1_000_000);
        requireIn("latencyWindow", latencyWindow, 16, 1_000_000);
        if (!(stallSeconds >= 0.05 && stallSeconds <= 3600)) {
            throw new IllegalArgumentException("stallSeconds must be in [0.05, 3600], got " + stallSeconds);
        }
        if (!(ambientWaitSeconds >= 0.01 && ambientWaitSeconds <= 3600)) {
            throw new IllegalArgumentException("ambientWaitSeconds must be in [0.01, 3600], got " + ambientWaitSeconds);
        }
        if (!(loadSeconds >= 0.05 && loadSeconds <= 86400)) {
            throw new IllegalArgumentException("loadSeconds must be in [0.05, 86400], got " + loadSeconds);
        }
    }

    /** Its threads yielding to the game's ({@link #yieldToGame}). */
    public QueueConfig(
            int workers,
            int maxBatchSize,
            int capacity,
            int latencyWindow,
            double stallSeconds,
            double ambientWaitSeconds,
            double loadSeconds) {
        this(workers, maxBatchSize, capacity, latencyWindow, stallSeconds, ambientWaitSeconds, loadSeconds, true);
    }

    /** With the default time for a model to load (300 s). */
    public QueueConfig(
            int workers,
            int maxBatchSize,
            int capacity,
            int latencyWindow,
            double stallSeconds,
            double ambientWaitSeconds) {
        this(workers, maxBatchSize, capacity, latencyWindow, stallSeconds, ambientWaitSeconds, DEFAULT.loadSeconds);
    }

    /** With the default stall limit (20 s) and wait for background work (0.5 s). */
    public QueueConfig(int workers, int maxBatchSize, int capacity, int latencyWindow) {
        this(workers, maxBatchSize, capacity, latencyWindow, DEFAULT.stallSeconds, DEFAULT.ambientWaitSeconds);
    }

    /** @return a copy with that many workers */
    public QueueConfig withWorkers(int n) {
        return new QueueConfig(
                n, maxBatchSize, capacity, latencyWindow, stallSeconds, ambientWaitSeconds, loadSeconds, yieldToGame);
    }

    /** @return a copy with that batch limit */
    public QueueConfig withMaxBatchSize(int n) {
        return new QueueConfig(
                workers, n, capacity, latencyWindow, stallSeconds, ambientWaitSeconds, loadSeconds, yieldToGame);
    }

    /** @return a copy with that capacity */
    public QueueConfig withCapacity(int n) {
        return new QueueConfig(
                workers, maxBatchSize, n, latencyWindow, stallSeconds, ambientWaitSeconds, loadSeconds, yieldToGame);
    }

    /** @return a copy with that stall limit, in seconds */
    public QueueConfig withStallSeconds(double seconds) {
        return new QueueConfig(
                workers, maxBatchSize, capacity, latencyWindow, seconds, ambientWaitSeconds, loadSeconds, yieldToGame);
    }

    /** @return a copy that sheds background work after it waited that many seconds */
    public QueueConfig withAmbientWaitSeconds(double seconds) {
        return new QueueConfig(
                workers, maxBatchSize, capacity, latencyWindow, stallSeconds, seconds, loadSeconds, yieldToGame);
    }

    /** @return a copy that gives a model that long to load, in seconds */
    public QueueConfig withLoadSeconds(double seconds) {
        return new QueueConfig(
                workers, maxBatchSize, capacity, latencyWindow, stallSeconds, ambientWaitSeconds, seconds, yieldToGame);
    }

    /** @return a copy whose threads do (true) or do not yield to the game's */
    public QueueConfig withYieldToGame(boolean yield) {
        return new QueueConfig(
                workers, maxBatchSize, capacity, latencyWindow, stallSeconds, ambientWaitSeconds, loadSeconds, yield);
    }

    static void requireIn(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}
