package dev.animus.world;

/**
 * How an NPC perceives, from the {@code senses} of its world-file entry. Immutable.
 *
 * @param sightMetres how far it sees
 * @param fieldOfViewDegrees how wide it sees, centred on where it faces (360 = all around)
 * @param hearingMetres how far it hears ordinary sounds (speech); loud ones (shouts, bells)
 *     carry further by their own radius
 * @param perceptsPerThink most new percepts one think may send, the most salient first
 */
public record Senses(float sightMetres, float fieldOfViewDegrees, float hearingMetres, int perceptsPerThink) {
    /** Sight 20 m over 160 degrees, hearing 15 m, 4 percepts a think. */
    public static final Senses DEFAULT = new Senses(20, 160, 15, 4);

    public Senses {
        if (!(sightMetres >= 0
                && sightMetres <= 10_000
                && fieldOfViewDegrees > 0
                && fieldOfViewDegrees <= 360
                && hearingMetres >= 0
                && hearingMetres <= 10_000
                && perceptsPerThink >= 0
                && perceptsPerThink <= 64)) {
            throw new IllegalArgumentException("senses out of range: sight " + sightMetres + " m, field of view "
                    + fieldOfViewDegrees + " degrees, hearing " + hearingMetres + " m, " + perceptsPerThink
                    + " percepts per think");
        }
    }
}
