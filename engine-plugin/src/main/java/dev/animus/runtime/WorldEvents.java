package dev.animus.runtime;

import dev.animus.behaviour.NpcCommand;
import dev.animus.gossip.Gossip;
import dev.animus.world.World;
import dev.animus.world.WorldProblem;
import java.util.List;

/**
 * What a running world tells whoever listens: the game's public listeners, a tool waiting for
 * an answer. Called on the frame thread, in order; for one reply {@code thinking}, any number of
 * {@code partialReply}, then {@code replied} exactly once. A listener that throws is logged and
 * the others still hear.
 */
public interface WorldEvents {
    /** An NPC started to think about an answer. */
    default void thinking(String npcId, String words) {}

    /** More of an answer was written. */
    default void partialReply(String npcId, String soFar) {}

    /** The whole answer, or a fallback line. */
    default void replied(Reply reply) {}

    /** An NPC does something (behaviours, schedules and replies alike). */
    default void acted(NpcCommand command) {}

    /** One NPC told another something it remembers ({@link Gossip}); the listener now remembers it too. */
    default void gossiped(Gossip.Telling telling) {}

    /** The world file changed on disk and the new world runs. */
    default void reloaded(World world) {}

    /** The world file changed on disk and cannot be used; the running world goes on. */
    default void reloadFailed(List<WorldProblem> problems) {}
}
