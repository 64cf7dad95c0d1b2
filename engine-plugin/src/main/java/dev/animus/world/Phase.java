package dev.animus.world;

import java.util.Locale;

/** The four parts of a day, in order. */
public enum Phase {
    DAWN,
    DAY,
    DUSK,
    NIGHT;

    /** @return the name a world file uses, for example {@code dusk} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the phase after this one */
    public Phase next() {
        return values()[(ordinal() + 1) % 4];
    }
}
