package dev.animus.api;

import java.util.Collection;

/**
 * Turns what an NPC can sense in the scene into a percept sentence. Called on the render
 * thread from {@link NpcBrainControl#controlUpdate}; it may read the scene graph.
 */
@FunctionalInterface
public interface PerceptionSensor {

    /**
     * @param self the NPC that senses (not null)
     * @param npcs the NPCs near self: every one within {@link #range()} of it, self included, and
     *     maybe some farther (not null; do not modify or keep it, it is reused)
     * @return the percept sentence, or null if there is nothing to say
     */
    String sense(NpcBrainControl self, Collection<NpcBrainControl> npcs);

    /**
     * How far around the NPC this sensor needs to be shown the others: the smaller, the fewer
     * the plugin hands it (and the less it costs the render thread).
     *
     * @return metres (&gt;0; default {@link AnimusAppState#SENSED_METRES})
     */
    default float range() {
        return AnimusAppState.SENSED_METRES;
    }
}
