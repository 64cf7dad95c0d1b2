package dev.animus.inference;

import java.util.concurrent.CompletableFuture;

/** One request in flight. Fields other than the future are guarded by the waiting room's lock. */
final class Pending {
    enum State {
        /** Submitted in the current frame. */
        STAGED,
        /** Its frame was flushed: a worker may take it. */
        READY,
        /** In a worker's session. */
        RUNNING
    }

    final long id;
    final long frame;
    final InferenceRequest request;
    final Lane lane;
    final long submittedNanos;
    final CompletableFuture<InferenceResult> future = new CompletableFuture<>();
    State state = State.STAGED;
    boolean cancelRequested;
    /** The worker running it, once running. */
    Worker worker;
    /** How it ended, once it has; {@link InferenceQueue#deliver} reports it. */
    InferenceResult result;

    Pending(long id, long frame, InferenceRequest request, Lane lane, long submittedNanos) {
        this.id = id;
        this.frame = frame;
        this.request = request;
        this.lane = lane;
        this.submittedNanos = submittedNanos;
    }

    /** Decides how the request ended. */
    Pending end(ResultStatus status, Object output, String error, long batchId, int batchSize, long nowNanos) {
        result = new InferenceResult(
                id,
                request.owner(),
                request.kind(),
                frame,
                status,
                request.input(),
                output,
                error,
                batchId,
                batchSize,
                nowNanos - submittedNanos);
        return this;
    }
}
