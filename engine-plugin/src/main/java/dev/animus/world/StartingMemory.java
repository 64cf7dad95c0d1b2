package dev.animus.world;

/**
 * Something an NPC remembers when the world starts, from the {@code memories} of its
 * world-file entry. Immutable.
 *
 * @param text the memory in the NPC's own words ("I saw smoke over the north road last night.")
 * @param importance how much it matters, 0 to 1 (what matters more is kept longer and told sooner)
 * @param secret whether it is never passed on to other NPCs
 * @param where where it is written
 */
public record StartingMemory(String text, float importance, boolean secret, Where where) {
    /** The importance of a memory the file gives none. */
    public static final float DEFAULT_IMPORTANCE = 0.6f;

    public StartingMemory {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a memory needs a text");
        }
        if (!(importance >= 0 && importance <= 1)) {
            throw new IllegalArgumentException("importance must be in [0, 1], got " + importance);
        }
    }
}
