package dev.animus.world;

import java.util.Set;

/** What must hold for a triggered behaviour to act. Immutable. */
public sealed interface Condition {

    /** A per-NPC variable compared with a value. */
    record Var(String name, Comparison comparison, Object value) implements Condition {}

    /** The time of day is one of these phases. */
    record TimeIs(Set<Phase> phases) implements Condition {}

    /** The NPC currently shows this emotion. */
    record EmotionIs(String emotion) implements Condition {}

    /** How a variable is compared. Numbers compare as numbers; unset variables are absent. */
    enum Comparison {
        EQUALS,
        NOT_EQUALS,
        AT_LEAST,
        AT_MOST,
        IS_SET,
        IS_UNSET
    }
}
