package dev.animus.api;

/**
 * Hears what NPCs do: the actions their behaviours and schedules ask for (say a line, play an
 * animation, walk somewhere, show an emotion, raise an event). Called on the render thread,
 * in order. Register with {@code AnimusAppState.addActionListener}.
 */
@FunctionalInterface
public interface NpcActionListener {

    /** @param action what an NPC does (not null) */
    void onAction(NpcAction action);
}
