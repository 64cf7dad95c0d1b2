package dev.animus.runtime;

/**
 * When to try a failing thing again: not before a wait that doubles with each failure in a row
 * (up to a cap), and at once again after a success. An NPC whose model calls fail (a stalled
 * or broken model) so stops adding to the load and retries now and then, instead of
 * hammering the queue every frame. Real time, not world time: a paused or fast clock must
 * not change how a broken model is treated. Not thread-safe (render thread).
 */
public final class Backoff {
    private final long firstNanos;
    private final long capNanos;
    private int failuresInRow;
    private long retryAt;

    /**
     * @param firstSeconds the wait after the first failure
     * @param capSeconds the longest wait
     */
    public Backoff(double firstSeconds, double capSeconds) {
        this.firstNanos = (long) (firstSeconds * 1e9);
        this.capNanos = (long) (capSeconds * 1e9);
    }

    /** @return whether a try is allowed now */
    public boolean ready() {
        return failuresInRow == 0 || System.nanoTime() - retryAt >= 0;
    }

    /** A try failed: the next waits twice as long as the last, up to the cap. */
    public void failed() {
        failuresInRow++;
        long wait = firstNanos << Math.min(failuresInRow - 1, 30);
        retryAt = System.nanoTime() + Math.min(wait < 0 ? capNanos : wait, capNanos);
    }

    /** A try worked: no more waiting. */
    public void succeeded() {
        failuresInRow = 0;
    }

    /** @return failures since the last success */
    public int failuresInRow() {
        return failuresInRow;
    }

    /** @return seconds until the next try is allowed, 0 if now */
    public double secondsLeft() {
        return ready() ? 0 : (retryAt - System.nanoTime()) / 1e9;
    }
}
