package dev.animus.world;

/**
 * A named area of the world.
 *
 * @param id unique id (lower-case, digits, underscores)
 * @param name the display name
 * @param description a sentence for scene descriptions (may be empty)
 * @param at its centre
 * @param radius its extent around the centre, in metres (&gt;0)
 * @param where where it is defined
 */
public record Place(String id, String name, String description, Vec3 at, float radius, Where where) {

    /** @return whether a position is inside the place */
    public boolean contains(Vec3 position) {
        float dx = position.x() - at.x();
        float dz = position.z() - at.z();
        return dx * dx + dz * dz <= radius * radius;
    }
}
