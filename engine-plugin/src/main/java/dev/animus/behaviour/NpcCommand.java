package dev.animus.behaviour;

import dev.animus.world.Action;

/**
 * An action a behaviour or schedule asks the game to perform for an NPC. Immutable.
 *
 * @param npc the NPC
 * @param source the behaviour's id, or "schedule"
 * @param action what to do
 * @param them who set it off ("player", an NPC id), or null
 */
public record NpcCommand(String npc, String source, Action action, String them) {}
