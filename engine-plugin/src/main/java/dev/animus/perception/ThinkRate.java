package dev.animus.perception;

/**
 * AI level of detail: how often an NPC thinks, by its distance to the player and whether the
 * player can see it. Near NPCs think every frame, mid-range ones a few times a second, far or
 * unseen ones rarely. Immutable.
 *
 * @param nearMetres within this, think every frame
 * @param midMetres within this, think every {@code midInterval} seconds
 * @param midInterval seconds between thoughts at mid range
 * @param farInterval seconds between thoughts beyond mid range, or when out of the player's sight
 */
public record ThinkRate(float nearMetres, float midMetres, float midInterval, float farInterval) {
    /**
     * Every frame within 15 m, 4 times a second to 40 m, every 0.9 s beyond: a little under a
     * second, so that frame timing never leaves a far NPC a whole second without a thought.
     */
    public static final ThinkRate DEFAULT = new ThinkRate(15, 40, 0.25f, 0.9f);

    public ThinkRate {
        if (!(nearMetres >= 0 && midMetres >= nearMetres && midInterval >= 0 && farInterval >= midInterval)) {
            throw new IllegalArgumentException(
                    "need 0 <= nearMetres <= midMetres and 0 <= midInterval <= farInterval, got " + nearMetres + ", "
                            + midMetres + ", " + midInterval + ", " + farInterval);
        }
    }

    /**
     * @param metres distance to the player (or to the camera)
     * @param visible whether the player can see the NPC
     * @return seconds between two thoughts (0 = every frame)
     */
    public float interval(float metres, boolean visible) {
        if (!visible) {
            return farInterval;
        }
        return metres <= nearMetres ? 0 : metres <= midMetres ? midInterval : farInterval;
    }

    /**
     * Where in its interval an NPC starts, so that far NPCs' thoughts spread over frames
     * instead of all falling on the same one.
     *
     * @param npcIndex the NPC's index among all
     * @param interval its think interval
     * @return seconds already "elapsed" at the start, in [0, interval)
     */
    public static float stagger(int npcIndex, float interval) {
        if (interval <= 0) {
            return 0;
        }
        double golden = 0.6180339887498949; // low-discrepancy: any count of NPCs spreads evenly
        return (float) ((npcIndex * golden) % 1.0 * interval);
    }
}
