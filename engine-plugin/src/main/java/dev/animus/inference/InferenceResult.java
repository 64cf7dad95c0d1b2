package dev.animus.inference;

/**
 * How a request ended: an immutable value that crosses from the worker to the render
 * thread.
 *
 * @param requestId the id {@link InferenceQueue#submit} gave the request
 * @param owner the request's owner
 * @param kind the request's kind
 * @param frame the frame the request was submitted in
 * @param status how it ended
 * @param input the request's input, as submitted
 * @param output the model's output when {@link ResultStatus#COMPLETED}, else null
 * @param error why it failed, was shed or rejected; else null
 * @param batchId the batch it ran in (&ge;1), or 0 if it never ran
 * @param batchSize how many requests that batch held, or 0
 * @param latencyNanos from submission to this result
 */
public record InferenceResult(
        long requestId,
        String owner,
        RequestKind kind,
        long frame,
        ResultStatus status,
        Object input,
        Object output,
        String error,
        long batchId,
        int batchSize,
        long latencyNanos) {

    /** @return whether the model ran and produced an output */
    public boolean completed() {
        return status == ResultStatus.COMPLETED;
    }

    /**
     * The output as the given type.
     *
     * @param <T> the type
     * @param type the model's output type (not null)
     * @return the output
     * @throws IllegalStateException if the request did not complete
     */
    public <T> T output(Class<T> type) {
        if (!completed()) {
            throw new IllegalStateException("Request " + requestId + " of '" + owner + "' has no output: it ended "
                    + status + (error == null ? "" : " (" + error + ")"));
        }
        return type.cast(output);
    }
}
