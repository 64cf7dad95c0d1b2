package dev.animus.behaviour;

import dev.animus.model.encoder.Embedding;
import dev.animus.world.Phase;
import dev.animus.world.Vec3;

/**
 * Something that happened, handed to {@link BehaviourEngine#update}. Immutable. Actors and
 * subjects are "player" or an NPC id.
 */
public sealed interface Stimulus {

    /** A world event, by whom (may be null) and where (may be null: everywhere). */
    record EventHappened(String event, String actor, Vec3 at) implements Stimulus {}

    /** A part of the day began. */
    record PhaseStarted(Phase phase) implements Stimulus {}

    /** Someone spoke to an NPC. */
    record SpokenTo(String npc, String speaker, String text) implements Stimulus {}

    /** Someone gave an NPC something ("coin" or an item id). */
    record Given(String npc, String giver, String item) implements Stimulus {}

    /**
     * An NPC perceived something (a percept, or words said to it), already encoded from the
     * NPC's point of view. Semantic triggers match on it.
     */
    record Perceived(String npc, String subject, String text, Embedding embedding) implements Stimulus {}
}
