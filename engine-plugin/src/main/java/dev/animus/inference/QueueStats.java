package dev.animus.inference;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** The queue's figures: how requests ended, batch sizes and times, latency, faults. Thread-safe. */
final class QueueStats {
    private final Clock clock;
    private final AtomicLong submitted = new AtomicLong();
    private final Map<ResultStatus, AtomicLong> ended = new EnumMap<>(ResultStatus.class);
    private final ConcurrentSkipListMap<Integer, AtomicLong> batchSizes = new ConcurrentSkipListMap<>();
    private final AtomicLong batches = new AtomicLong();
    private final LatencyWindow latency;
    private final LatencyWindow batchTime;
    private final AtomicLong workersReplaced = new AtomicLong();
    /** Requests submitted before this (the last {@link #clearLatencies}) stay out of the latency window. */
    private volatile long latencySince = Long.MIN_VALUE;

    private volatile String lastFault;

    QueueStats(Clock clock, int window) {
        this.clock = clock;
        for (ResultStatus s : ResultStatus.values()) {
            ended.put(s, new AtomicLong());
        }
        latency = new LatencyWindow(window);
        batchTime = new LatencyWindow(window);
    }

    void submitted() {
        submitted.incrementAndGet();
    }

    /** A request ended; a completed one counts in the latency window unless it waited through a reset. */
    void ended(Pending p) {
        InferenceResult result = p.result;
        ended.get(result.status()).incrementAndGet();
        if (result.completed() && p.submittedNanos >= latencySince) {
            latency.record(result.latencyNanos());
        }
    }

    /** A batch ran, or a decode step of {@code size} sequences. */
    void stepped(int size, long nanos) {
        batchTime.record(nanos);
        batches.incrementAndGet();
        batchSizes.computeIfAbsent(size, k -> new AtomicLong()).incrementAndGet();
    }

    void workerReplaced(String why) {
        workersReplaced.incrementAndGet();
        lastFault = why;
    }

    void fault(String why) {
        lastFault = why;
    }

    void clearLatencies() {
        latencySince = clock.nanoTime();
        latency.clear();
        batchTime.clear();
    }

    QueueMetrics metrics(int waiting, int running) {
        TreeMap<Integer, Long> sizes = new TreeMap<>();
        batchSizes.forEach((k, v) -> sizes.put(k, v.get()));
        return new QueueMetrics(
                waiting,
                running,
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

    private long count(ResultStatus status) {
        return ended.get(status).get();
    }
}
