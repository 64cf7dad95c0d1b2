package dev.animus.inference;

/**
 * The time the queue measures with: how long requests waited and ran, when background work goes
 * stale, when a model load or a batch has stalled. Tests give the queue their own, to move time
 * on instead of sleeping.
 */
@FunctionalInterface
public interface Clock {
    /** The machine's monotonic clock. */
    Clock SYSTEM = System::nanoTime;

    /** @return now, in nanoseconds from an arbitrary origin (only differences mean anything) */
    long nanoTime();
}
