package dev.animus.runtime;

import dev.animus.behaviour.NpcCommand;
import dev.animus.perception.Sound;
import dev.animus.world.Vec3;
import dev.animus.world.World;
import java.util.List;
import java.util.Map;

/**
 * Where a world's NPCs stand: the game's scene graph, or nothing but the world file (the
 * command-line tools). The runtime asks it where everyone is and hands it what bodies do; the
 * runtime itself knows no engine. Frame thread.
 */
public interface Stage {
    /** @return where the player (as {@code "player"}) and every NPC with a body are now */
    Map<String, Vec3> positions();

    /** @return where one of them is now, or null */
    default Vec3 position(String who) {
        return positions().get(who);
    }

    /** @return what an NPC visibly does beyond its scheduled activity ({@code "walk"}), or null */
    default String motion(String npcId) {
        return null;
    }

    /** A sound: whoever hears it gets a percept at their next think. */
    void hear(Sound sound);

    /** @return what an NPC perceives now, for its prompt */
    List<String> percepts(String npcId);

    /** A command on an NPC's body: an animation, a walk, a turn, a game action. */
    void perform(NpcCommand command);

    /** The world was reloaded: bodies pick up what changed (clip mappings). */
    default void reloaded(World world) {}
}
