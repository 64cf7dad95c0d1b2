package dev.animus.world;

/** What starts a behaviour. Immutable. */
public sealed interface Trigger {

    /** The player comes within {@code metres} (fires on crossing inward). */
    record PlayerWithin(float metres) implements Trigger {}

    /** Another NPC ({@code npc}, or any when null) comes within {@code metres}. */
    record NpcWithin(String npc, float metres) implements Trigger {}

    /** Someone (the player or an NPC) draws a weapon within {@code metres}. */
    record WeaponDrawnWithin(float metres) implements Trigger {}

    /** A named world event happens (anywhere, or within {@code metres} when &gt;0). */
    record Event(String event, float metres) implements Trigger {}

    /** A part of the day begins. */
    record TimeOfDay(Phase phase) implements Trigger {}

    /** Someone speaks to the NPC. */
    record SpokenTo() implements Trigger {}

    /** Someone gives the NPC something: {@code item} is "coin", an item id, or "any". */
    record Given(String item) implements Trigger {}

    /** Someone (the player or an NPC) enters a place. */
    record Enters(String place) implements Trigger {}

    /** The player's health falls below {@code percent} while within {@code metres}. */
    record PlayerHealthBelow(float percent, float metres) implements Trigger {}

    /**
     * A percept or utterance means something close to {@code text}: of the NPC's semantic
     * triggers and a set of everyday anchor sentences, this trigger is the closest match, and
     * its cosine similarity reaches {@code threshold}. See {@code SemanticMatcher}.
     */
    record Semantic(String text, float threshold) implements Trigger {
        /**
         * The default floor (cosine of the bundled BGE-small-en-v1.5). On 32 labelled percepts
         * judged against six sets of triggers (192 decisions, see docs/semantic-triggers.md) every
         * floor from 0.56 to 0.62 gives 184 right, 2 false fires and 6 missed; lower floors fire
         * falsely more, higher ones miss more. This is the middle of that range.
         */
        public static final float DEFAULT_THRESHOLD = 0.59f;
    }
}
