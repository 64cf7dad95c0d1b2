package dev.animus.world;

import java.util.Map;

/**
 * Whom an NPC talks with when they meet, from the {@code sociability} and {@code relationships}
 * of its world-file entry. Immutable.
 *
 * @param sociability how readily it stops for a word with someone it meets, 0 (never) to 1 (always)
 * @param ties how it stands towards other NPCs, by id (those not named: neither)
 */
public record Social(float sociability, Map<String, Tie> ties) {
    /** Half as likely as the most sociable to stop for a word; no ties. */
    public static final Social DEFAULT = new Social(0.5f, Map.of());

    public Social {
        if (!(sociability >= 0 && sociability <= 1)) {
            throw new IllegalArgumentException("sociability must be in [0, 1], got " + sociability);
        }
        ties = Map.copyOf(ties);
    }

    /** @return how it stands towards that NPC, or null for neither friend nor rival */
    public Tie towards(String npcId) {
        return ties.get(npcId);
    }
}
