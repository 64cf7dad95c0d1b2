package dev.animus.world;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whom an NPC talks with when they meet, and what it passes on, from the {@code sociability},
 * {@code relationships}, {@code tells_about} and secret facts of its world-file entry. Immutable.
 *
 * @param sociability how readily it stops for a word with someone it meets, 0 (never) to 1 (always)
 * @param ties how it stands towards other NPCs, by id (those not named: neither)
 * @param tellsAbout what it cares to tell: when not empty, it passes on only memories and facts
 *     about these topics (by meaning); when empty, any memory worth telling and none of its facts
 * @param secretFacts those of its facts it never passes on
 */
public record Social(float sociability, Map<String, Tie> ties, List<String> tellsAbout, Set<String> secretFacts) {
    /** Half as likely as the most sociable to stop for a word; no ties; tells any news, no facts. */
    public static final Social DEFAULT = new Social(0.5f, Map.of());

    public Social {
        if (!(sociability >= 0 && sociability <= 1)) {
            throw new IllegalArgumentException("sociability must be in [0, 1], got " + sociability);
        }
        ties = Map.copyOf(ties);
        tellsAbout = List.copyOf(tellsAbout);
        secretFacts = Set.copyOf(secretFacts);
    }

    /** Tells any memory worth telling, none of its facts. */
    public Social(float sociability, Map<String, Tie> ties) {
        this(sociability, ties, List.of(), Set.of());
    }

    /** @return how it stands towards that NPC, or null for neither friend nor rival */
    public Tie towards(String npcId) {
        return ties.get(npcId);
    }
}
