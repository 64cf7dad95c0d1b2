package dev.animus.inference;

/** How a request ended. */
public enum ResultStatus {
    /** The model ran; the result carries its output. */
    COMPLETED,
    /** The model failed on the request's batch; the result carries the error. */
    FAILED,
    /** Cancelled by its owner (or its NPC was despawned) before its result was applied. */
    CANCELLED,
    /** Replaced by a newer perception of the same owner before it started. */
    SUPERSEDED,
    /** Dropped to make room under overload; only ambient-priority work is shed first. */
    SHED,
    /** Refused at submission: the queue is full of work at least as urgent. */
    REJECTED
}
