package dev.animus.world;

/**
 * In-game time: days of a fixed real length, each split into four equal parts (dawn, day,
 * dusk, night). Not thread-safe; the render thread owns it.
 */
public final class WorldClock {
    private final float dayLength;
    private double seconds;

    /**
     * @param dayLengthSeconds real seconds per in-game day (&gt;0)
     * @param start the phase the clock starts at the beginning of
     */
    public WorldClock(float dayLengthSeconds, Phase start) {
        if (!(dayLengthSeconds > 0)) {
            throw new IllegalArgumentException("dayLengthSeconds must be > 0, got " + dayLengthSeconds);
        }
        this.dayLength = dayLengthSeconds;
        this.seconds = start.ordinal() * dayLength / 4.0;
    }

    /**
     * Moves time on.
     *
     * @param tpf real seconds since the last frame (&ge;0)
     * @return the phase that began during this step, or null (at most one is reported; a
     *     step longer than a quarter day reports the last)
     */
    public Phase advance(float tpf) {
        Phase before = phase();
        long dayBefore = day();
        seconds += Math.max(0, tpf);
        Phase after = phase();
        return after != before || day() != dayBefore ? after : null;
    }

    /**
     * Jumps forward to the start of the next occurrence of a phase.
     *
     * @return the phase (now current)
     */
    public Phase skipTo(Phase phase) {
        double quarter = dayLength / 4.0;
        double target = Math.floor(seconds / dayLength) * dayLength + phase.ordinal() * quarter;
        while (target <= seconds) {
            target += dayLength;
        }
        seconds = target;
        return phase;
    }

    /** @return the current part of the day */
    public Phase phase() {
        double inDay = seconds % dayLength;
        return Phase.values()[Math.min(3, (int) (inDay / (dayLength / 4.0)))];
    }

    /** @return the day number, from 0 */
    public long day() {
        return (long) Math.floor(seconds / dayLength);
    }

    /**
     * Sets the time (a loaded save).
     *
     * @param seconds game seconds since the world started (&ge;0, finite)
     */
    public void setSeconds(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("seconds must be finite and >= 0, got " + seconds);
        }
        this.seconds = seconds;
    }

    /** @return seconds of game time since the clock started */
    public double seconds() {
        return seconds;
    }
}
