package dev.animus.api;

/**
 * Hears what NPCs perceive. Called on the render thread, so it may touch the scene graph;
 * keep it short. Register with {@code AnimusAppState.addListener}.
 */
@FunctionalInterface
public interface NpcListener {

    /**
     * An NPC's newest percept has been encoded. Older, superseded percepts are never
     * reported after a newer one.
     *
     * @param update the percept and its embedding (not null)
     */
    void onPerception(PerceptionUpdate update);
}
