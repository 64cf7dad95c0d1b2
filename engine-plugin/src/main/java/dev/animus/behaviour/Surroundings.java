package dev.animus.behaviour;

import dev.animus.world.Vec3;
import java.util.Collections;
import java.util.Map;

/**
 * Where everyone is this frame, for proximity and place triggers. A read-only view of the
 * caller's map, not a copy (a crowd's positions were copied every frame): the caller leaves
 * that map unchanged while an update reads it.
 *
 * @param positions "player" and NPC ids to positions (an absent entity is not in the world)
 * @param playerHealth the player's health in percent (0 to 100)
 */
public record Surroundings(Map<String, Vec3> positions, float playerHealth) {

    /** The id positions use for the player. */
    public static final String PLAYER = "player";

    public Surroundings {
        positions = Collections.unmodifiableMap(positions);
    }
}
