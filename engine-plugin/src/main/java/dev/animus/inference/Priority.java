package dev.animus.inference;

/** How urgent a request is; higher runs first and is shed last. */
public enum Priority {
    /** Background thinking: perception of the surroundings, idle chatter. Shed first. */
    AMBIENT,
    /** Game logic that waits on an answer but no player is looking at it. */
    NORMAL,
    /** Something a player waits for: a reply to what they said. Never shed. */
    PLAYER
}
