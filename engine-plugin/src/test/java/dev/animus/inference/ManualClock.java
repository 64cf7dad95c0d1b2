package dev.animus.inference;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test moves it: waits, staleness and stalls without sleeping. */
final class ManualClock implements Clock {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime() {
        return now.get();
    }

    /** Moves time on. */
    void advanceSeconds(double seconds) {
        now.addAndGet((long) (seconds * 1e9));
    }
}
