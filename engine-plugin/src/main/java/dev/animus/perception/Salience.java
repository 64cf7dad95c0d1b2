package dev.animus.perception;

/**
 * How much a percept deserves attention: nearer, newer, more threatening, and being spoken
 * to all count. Each factor is in [0, 1]; the weights sum to 1, so salience is in [0, 1].
 */
public final class Salience {
    private Salience() {}

    /**
     * @param metres distance
     * @param range the sense's range (the distance at which nearness counts 0)
     * @param novel whether the NPC had not noticed this subject in this state before
     * @param threat whether it threatens the NPC (a drawn weapon, an attack, a shout of anger)
     * @param addressed whether it is spoken to the NPC
     * @return the salience
     */
    public static float of(float metres, float range, boolean novel, boolean threat, boolean addressed) {
        float near = range <= 0 ? 0 : Math.max(0, 1 - metres / range);
        return 0.3f * near + 0.2f * (novel ? 1 : 0) + 0.35f * (threat ? 1 : 0) + 0.15f * (addressed ? 1 : 0);
    }
}
