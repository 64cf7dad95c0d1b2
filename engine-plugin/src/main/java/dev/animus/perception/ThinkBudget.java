package dev.animus.perception;

/**
 * How many NPCs think in one frame: about one and a half times as many as think in a frame on
 * average, and no more once the frame's thoughts took {@link #NANOS} (a thought that submits
 * new words costs several that do not), so that a burst (a slow frame after which many
 * intervals end together, a crowd walking into view) is spread over the next frames instead of
 * landing on one. An NPC is never held back more than {@value #MOST_FRAMES_LATE} frames: it
 * thinks then, over the budget, so no one starves, and a crowd too big for the budget thinks
 * as often as without one. Render thread.
 */
public final class ThinkBudget {
    /** Frames an NPC may be held back before it thinks regardless. */
    public static final int MOST_FRAMES_LATE = 3;
    /** Thoughts every frame allows, however few think on average. */
    public static final int LEAST = 4;
    /** The budget against the average thoughts a frame. */
    static final double SPREAD = 1.5;
    /** Render-thread time a frame's thoughts may take before the next ones wait: 0.15 ms. */
    public static final long NANOS = 150_000;
    /** How fast the average follows: about the last twenty frames. */
    private static final double FOLLOW = 0.05;

    private double mean = LEAST;
    private int budget = LEAST;
    private int thought;
    private long spent;

    /** A new frame: the budget follows how many thought in the last ones. */
    public void nextFrame() {
        mean += (thought - mean) * FOLLOW;
        budget = Math.max(LEAST, (int) Math.ceil(SPREAD * mean));
        thought = 0;
        spent = 0;
    }

    /**
     * Asked by an NPC whose interval has ended.
     *
     * @param framesLate frames it has been held back already
     * @return whether it thinks this frame (counted) or waits for the next
     */
    public boolean mayThink(int framesLate) {
        boolean room = thought < LEAST || thought < budget && spent < NANOS;
        if (room || framesLate >= MOST_FRAMES_LATE) {
            thought++;
            return true;
        }
        return false;
    }

    /** @param nanos what a thought granted this frame took */
    public void spent(long nanos) {
        spent += nanos;
    }

    /** @return thoughts this frame allows before NPCs wait */
    public int budget() {
        return budget;
    }
}
