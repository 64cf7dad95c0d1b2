package dev.animus.world;

import java.util.Locale;

/** How an NPC stands towards another, from the {@code relationships} of its world-file entry. */
public enum Tie {
    /** Talks with them more often and tells them more. */
    FRIEND,
    /** Talks with them less and tells them only what matters most. */
    RIVAL,
    /** Listens, but holds what they say to matter half as much, so it spreads less far. */
    DISTRUSTS;

    /** @return the world file's word for it ({@code friend}, {@code rival}, {@code distrusts}) */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
