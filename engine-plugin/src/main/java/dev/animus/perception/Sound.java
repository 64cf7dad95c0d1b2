package dev.animus.perception;

/**
 * Something that can be heard this frame: speech, a shout, an event. Immutable.
 *
 * @param source who or what makes it ("player", an NPC id, an event id)
 * @param text how a listener perceives it ("the stranger says: \"hello\"", "the bell rings")
 * @param x where it is, east
 * @param y where it is, up
 * @param z where it is, south
 * @param loudness how far it carries, as a multiple of a listener's hearing range (speech 1,
 *     a shout 3), or {@link Float#POSITIVE_INFINITY} for what everyone hears (a world event
 *     with no place)
 * @param addressee the NPC id it is said to, who gets the words directly and does not also
 *     overhear them, or null
 * @param threat whether it threatens whoever hears it
 */
public record Sound(
        String source, String text, float x, float y, float z, float loudness, String addressee, boolean threat) {
    /** Ordinary speech: heard within a listener's hearing range. */
    public static final float SPEECH = 1;
    /** A shout: heard three times as far. */
    public static final float SHOUT = 3;
    /** A noisy event (a weapon drawn, a coin tossed): twice as far as speech. */
    public static final float NOISE = 2;

    /**
     * @param listenerHearing the listener's hearing range in metres
     * @param metres how far away the listener is
     * @return whether the listener hears it
     */
    public boolean heardBy(float listenerHearing, float metres) {
        return Float.isInfinite(loudness) || metres <= listenerHearing * loudness;
    }
}
