package dev.animus.api;

/**
 * Something an NPC remembers: what it saw, heard or was told, with when and how much it
 * mattered. Immutable.
 *
 * @param text the memory, in the NPC's own words ("The stranger drew a sword at me.")
 * @param time the in-game second it happened
 * @param importance how much it matters, 0 to 1 (important memories are kept longest)
 * @param heardFrom the id of the NPC who told it, or null for what it saw or was told by the player
 * @param witness the id of the NPC who saw it first, when it was told (else null)
 * @param secret whether it never passes it on
 */
public record NpcMemory(String text, double time, float importance, String heardFrom, String witness, boolean secret) {}
