package dev.animus.behaviour;

import dev.animus.world.Vec3;
import java.util.Map;

/**
 * Where everyone is this frame, for proximity and place triggers. Immutable.
 *
 * @param positions "player" and NPC ids to positions (an absent entity is not in the world)
 * @param playerHealth the player's health in percent (0 to 100)
 */
public record Surroundings(Map<String, Vec3> positions, float playerHealth) {

    /** The id positions use for the player. */
    public static final String PLAYER = "player";

    public Surroundings {
        positions = Map.copyOf(positions);
    }
}
