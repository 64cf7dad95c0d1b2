package dev.animus.api;

import dev.animus.inference.QueueMetrics;
import java.util.SortedMap;

/**
 * The inference queue's figures at one moment, from {@link AnimusAppState#queueMetrics()}.
 * Immutable.
 *
 * @param queued requests waiting (submitted this frame or ready for a worker)
 * @param running requests in a batch a worker is running now
 * @param submitted requests accepted since the queue started
 * @param completed requests the model answered
 * @param failed requests whose batch failed
 * @param cancelled requests cancelled by their owner or on shutdown
 * @param superseded perception requests replaced by a newer one
 * @param shed requests dropped under overload
 * @param rejected requests refused because the queue was full of more urgent work
 * @param batches batches run
 * @param batchSizes how many batches of each size ran (size to count; unmodifiable)
 * @param latency submission to result of completed requests, recent window
 * @param batchTime time a worker spent running one batch, recent window
 * @param workersReplaced workers that stalled or died and were replaced by new ones
 * @param lastFault what went wrong last (a failed batch, a stalled or dead worker), or null
 */
public record QueueFigures(
        int queued,
        int running,
        long submitted,
        long completed,
        long failed,
        long cancelled,
        long superseded,
        long shed,
        long rejected,
        long batches,
        SortedMap<Integer, Long> batchSizes,
        Latency latency,
        Latency batchTime,
        long workersReplaced,
        String lastFault) {

    /** @return the mean number of requests per batch, or 0 before the first batch */
    public double meanBatchSize() {
        return QueueMetrics.meanBatchSize(batchSizes, batches);
    }

    /** @return the largest batch run so far, or 0 */
    public int largestBatch() {
        return QueueMetrics.largestBatch(batchSizes);
    }
}
