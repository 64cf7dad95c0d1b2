package dev.animus.jme;

import java.util.Collection;

/**
 * Turns what an NPC can sense in the scene into a percept sentence. Called on the render
 * thread from {@link NpcBrainControl#controlUpdate}; it may read the scene graph.
 */
@FunctionalInterface
public interface PerceptionSensor {

    /**
     * @param self the NPC that senses (not null)
     * @param npcs every NPC the plugin knows, self included (not null, do not modify)
     * @return the percept sentence, or null if there is nothing to say
     */
    String sense(NpcBrainControl self, Collection<NpcBrainControl> npcs);
}
