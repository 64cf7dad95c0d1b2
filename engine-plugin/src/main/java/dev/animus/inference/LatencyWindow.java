package dev.animus.inference;

import java.util.Arrays;
import java.util.Locale;

/**
 * The last N durations, for percentiles. Fixed memory: old samples are overwritten.
 *
 * <p>Thread-safe; {@link #record} is cheap enough for the render thread.
 */
public final class LatencyWindow {
    private final long[] samples;
    private int next;
    private int size;

    /** @param capacity how many recent samples to keep (&ge;1) */
    public LatencyWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        samples = new long[capacity];
    }

    /** @param nanos one duration (&ge;0) */
    public synchronized void record(long nanos) {
        samples[next] = nanos;
        next = (next + 1) % samples.length;
        size = Math.min(size + 1, samples.length);
    }

    /** Forgets every sample (to measure from now on). */
    public synchronized void clear() {
        next = 0;
        size = 0;
    }

    /** @return an immutable summary of the samples now held */
    public synchronized Summary summary() {
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        return new Summary(
                size,
                millis(sorted, 0.50),
                millis(sorted, 0.95),
                millis(sorted, 0.99),
                size == 0 ? 0 : sorted[size - 1] / 1e6,
                size == 0 ? 0 : Arrays.stream(sorted).average().orElse(0) / 1e6);
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    /**
     * Percentiles of a window, in milliseconds.
     *
     * @param count how many samples they summarise
     * @param p50Ms the median
     * @param p95Ms the 95th percentile
     * @param p99Ms the 99th percentile
     * @param maxMs the largest sample
     * @param meanMs the mean
     */
    public record Summary(int count, double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT, "p50 %.2f ms, p95 %.2f, p99 %.2f, max %.2f (n=%d)", p50Ms, p95Ms, p99Ms, maxMs, count);
        }
    }
}
