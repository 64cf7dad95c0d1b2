package dev.animus.world;

/**
 * A position in world units (metres): x east, y up, z south (north is -z, as jME's default
 * camera looks).
 */
public record Vec3(float x, float y, float z) {
    /** The origin. */
    public static final Vec3 ZERO = new Vec3(0, 0, 0);

    /** @return the distance to another position */
    public float distance(Vec3 o) {
        float dx = x - o.x;
        float dy = y - o.y;
        float dz = z - o.z;
        return (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
