package dev.animus.inference;

import java.util.SortedMap;

/**
 * A snapshot of an {@link InferenceQueue}'s figures. Immutable.
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
 * @param workersReplaced workers that stalled (a model that did not return) or died, and were
 *     replaced by new ones
 * @param lastFault what went wrong last (a failed batch, a stalled or dead worker), or null
 */
public record QueueMetrics(
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
        LatencyWindow.Summary latency,
        LatencyWindow.Summary batchTime,
        long workersReplaced,
        String lastFault) {

    /** @return the mean number of requests per batch, or 0 before the first batch */
    public double meanBatchSize() {
        return meanBatchSize(batchSizes, batches);
    }

    /** @return the largest batch run so far, or 0 */
    public int largestBatch() {
        return largestBatch(batchSizes);
    }

    /**
     * @param batchSizes how many batches of each size ran
     * @param batches batches run
     * @return the mean number of requests per batch, or 0 before the first batch
     */
    public static double meanBatchSize(SortedMap<Integer, Long> batchSizes, long batches) {
        long requests = 0;
        for (var e : batchSizes.entrySet()) {
            requests += (long) e.getKey() * e.getValue();
        }
        return batches == 0 ? 0 : (double) requests / batches;
    }

    /** @return the largest size among batchSizes, or 0 */
    public static int largestBatch(SortedMap<Integer, Long> batchSizes) {
        return batchSizes.isEmpty() ? 0 : batchSizes.lastKey();
    }
}
