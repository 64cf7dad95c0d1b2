package dev.animus.inference;

/**
 * How an {@link InferenceQueue} runs.
 *
 * @param workers worker threads, each owning its own sessions (1 to 16). On a GPU or a
 *     small CPU one worker is best: the engine already uses every core for one batch.
 * @param maxBatchSize the largest batch, also capped by each model's own limit (1 to 4096)
 * @param capacity requests that may wait at once before overload handling starts (1 to 1,000,000)
 * @param latencyWindow how many recent latencies the metrics keep (16 to 1,000,000)
 */
public record QueueConfig(int workers, int maxBatchSize, int capacity, int latencyWindow) {

    /** One worker, batches of up to 64, room for 1024 waiting requests. */
    public static final QueueConfig DEFAULT = new QueueConfig(1, 64, 1024, 4096);

    public QueueConfig {
        requireIn("workers", workers, 1, 16);
        requireIn("maxBatchSize", maxBatchSize, 1, 4096);
        requireIn("capacity", capacity, 1, 1_000_000);
        requireIn("latencyWindow", latencyWindow, 16, 1_000_000);
    }

    /** @return a copy with that many workers */
    public QueueConfig withWorkers(int n) {
        return new QueueConfig(n, maxBatchSize, capacity, latencyWindow);
    }

    /** @return a copy with that batch limit */
    public QueueConfig withMaxBatchSize(int n) {
        return new QueueConfig(workers, n, capacity, latencyWindow);
    }

    /** @return a copy with that capacity */
    public QueueConfig withCapacity(int n) {
        return new QueueConfig(workers, maxBatchSize, n, latencyWindow);
    }

    static void requireIn(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max
                    + "], got " + value);
        }
    }
}
