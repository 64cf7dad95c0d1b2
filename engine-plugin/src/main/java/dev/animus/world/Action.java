package dev.animus.world;

/**
 * What a behaviour does. Immutable. Targets name the player ({@code player}), whoever set
 * the behaviour off ({@code them}), an NPC id, or a place id.
 */
public sealed interface Action {

    /** Play an animation action (one of the NPC's allowed actions). */
    record Animate(String action) implements Action {}

    /** Say a fixed line. */
    record Say(String line) implements Action {}

    /** Say something the decoder writes from a hint; a fallback line when no model is there. */
    record SayGenerated(String hint) implements Action {}

    /** Turn to face a target. */
    record Face(String target) implements Action {}

    /** Walk to a target. */
    record WalkTo(String target) implements Action {}

    /** Follow a target for a while. */
    record Follow(String target, float seconds) implements Action {}

    /** Run away from a target until {@code metres} away. */
    record Flee(String from, float metres) implements Action {}

    /** Change the NPC's emotion (one of its allowed emotions). */
    record Emote(String emotion) implements Action {}

    /** Set a per-NPC variable to a string or number. */
    record SetVar(String name, Object value) implements Action {}

    /** Add to a numeric per-NPC variable (unset counts as 0). */
    record AddVar(String name, double amount) implements Action {}

    /** Raise a world event, heard by every NPC's behaviours. */
    record Raise(String event) implements Action {}

    /**
     * An action the game registered ({@code AnimusConfig.builder().action("open_shop", ...)}).
     *
     * @param name its name in world files
     * @param argument what the world file gave it ("blacksmith"), or "" for none
     */
    record Game(String name, String argument) implements Action {}
}
