package dev.animus.api;

import dev.animus.world.Action;

/**
 * Something an NPC does: a line it says, an animation, a walk, an emotion, an event it raises.
 * What {@link NpcActionListener}s hear. Immutable.
 *
 * @param npc the NPC's id
 * @param source what asked for it: a behaviour's id, {@code "schedule"}, {@code "dialogue"}
 * @param action what it does (the world file's action: say, animate, walk_to, ...)
 * @param them who set it off ({@code "player"}, an NPC id), or null
 */
public record NpcAction(String npc, String source, Action action, String them) {}
