package dev.animus.api;

import java.util.Locale;

/**
 * Latency figures over a recent window, in milliseconds. Immutable.
 *
 * @param count how many measurements the window holds
 * @param p50Ms the median
 * @param p95Ms the 95th percentile
 * @param p99Ms the 99th percentile
 * @param maxMs the largest
 * @param meanMs the mean
 */
public record Latency(int count, double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT, "p50 %.2f ms, p95 %.2f, p99 %.2f, max %.2f (n=%d)", p50Ms, p95Ms, p99Ms, maxMs, count);
    }
}
