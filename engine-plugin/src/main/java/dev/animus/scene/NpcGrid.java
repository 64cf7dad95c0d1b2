package dev.animus.scene;

import com.jme3.math.Vector3f;
import com.jme3.scene.Spatial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Where NPCs stand, bucketed in square cells of the ground plane, rebuilt once a frame, so
 * that one NPC's senses look at its neighbours rather than at the whole crowd (what made
 * sight cost grow with the square of the crowd). Positions are those of the frame's start.
 * Render thread.
 *
 * <p>The cells are one sorted array of primitive longs (cell key, then the NPC's slot), not a
 * map: a map keyed by boxed cell coordinates allocated on every lookup, and its keys' hashes
 * collided so often that its bins turned into trees whose lookups allocated through reflection.
 * Once the crowd has settled, neither a rebuild nor a query allocates.
 *
 * @param <T> what an NPC is to the caller (the plugin's brain controls)
 */
public final class NpcGrid<T> {
    /** Cell side in metres: about a typical sensor's range. */
    public static final float CELL = 12;
    /** Bits for an NPC's slot in an entry: up to 2 million NPCs. */
    private static final int SLOT_BITS = 21;

    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    /** Bits for each cell coordinate, offset to be non-negative: ±12,000 km of world. */
    private static final int AXIS_BITS = 21;

    private static final int AXIS_OFFSET = 1 << (AXIS_BITS - 1);

    private final Function<T, Spatial> body;
    private Object[] members = new Object[64];
    /** (cell key &lt;&lt; SLOT_BITS) | slot, sorted: each cell's NPCs lie side by side. */
    private long[] entries = new long[64];

    private int size;
    private final List<T> found = new ArrayList<>();

    /** @param body an NPC's spatial (null when it has none) */
    public NpcGrid(Function<T, Spatial> body) {
        this.body = body;
    }

    /** Buckets every NPC that has a spatial in the scene. */
    public void rebuild(Iterable<? extends T> npcs) {
        Arrays.fill(members, 0, size, null); // no reference kept to an NPC that left
        size = 0;
        for (T npc : npcs) {
            Spatial spatial = body.apply(npc);
            if (spatial != null && spatial.getParent() != null) {
                if (size == members.length) {
                    members = Arrays.copyOf(members, size * 2);
                    entries = Arrays.copyOf(entries, size * 2);
                }
                Vector3f p = spatial.getWorldTranslation();
                members[size] = npc;
                entries[size] = key(cell(p.x), cell(p.z)) << SLOT_BITS | size;
                size++;
            }
        }
        Arrays.sort(entries, 0, size);
    }

    /**
     * The NPCs in the cells within a distance of a point (a superset of those within it).
     * The list is reused by the next call.
     */
    public List<T> near(Vector3f at, float metres) {
        found.clear();
        int x0 = cell(at.x - metres);
        int x1 = cell(at.x + metres);
        int z0 = cell(at.z - metres);
        int z1 = cell(at.z + metres);
        if (x1 - x0 >= size) { // more rows than NPCs (a huge distance): one pass over everyone is cheaper
            for (int i = 0; i < size; i++) {
                long key = entries[i] >>> SLOT_BITS;
                long x = (key >>> AXIS_BITS) - AXIS_OFFSET;
                long z = (key & ((1L << AXIS_BITS) - 1)) - AXIS_OFFSET;
                if (x >= x0 && x <= x1 && z >= z0 && z <= z1) {
                    found.add(member((int) (entries[i] & SLOT_MASK)));
                }
            }
            return found;
        }
        for (int x = x0; x <= x1; x++) {
            long last = key(x, z1);
            // A row of cells (one x, z0..z1) is one run of the sorted entries.
            for (int i = firstAtLeast(key(x, z0) << SLOT_BITS); i < size && entries[i] >>> SLOT_BITS <= last; i++) {
                found.add(member((int) (entries[i] & SLOT_MASK)));
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked") // members holds only Ts
    private T member(int slot) {
        return (T) members[slot];
    }

    private int firstAtLeast(long value) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A cell coordinate, clamped to the grid (NaN goes to cell 0). */
    private static int cell(float metres) {
        float c = (float) Math.floor(metres / CELL);
        return (int) Math.max(1 - AXIS_OFFSET, Math.min(AXIS_OFFSET - 2, Float.isNaN(c) ? 0 : c));
    }

    /** x major, z minor: a row of cells sorts together. */
    private static long key(int x, int z) {
        return (long) (x + AXIS_OFFSET) << AXIS_BITS | (z + AXIS_OFFSET);
    }
}
