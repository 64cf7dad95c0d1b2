package dev.animus.jme;

import com.jme3.math.Vector3f;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where NPCs stand, bucketed in square cells of the ground plane, rebuilt once a frame, so
 * that one NPC's senses look at its neighbours rather than at the whole crowd (what made
 * sight cost grow with the square of the crowd). Positions are those of the frame's start.
 * Render thread. Cell lists are reused from frame to frame: a rebuild allocates nothing once
 * the crowd has settled.
 */
final class NpcGrid {
    /** Cell side in metres: about half a typical sight range. */
    static final float CELL = 12;

    private final Map<Long, List<NpcBrainControl>> cells = new HashMap<>();
    private final List<NpcBrainControl> found = new ArrayList<>();

    /** Buckets every NPC that has a spatial in the scene. */
    void rebuild(Iterable<NpcBrainControl> npcs) {
        for (List<NpcBrainControl> cell : cells.values()) {
            cell.clear();
        }
        for (NpcBrainControl npc : npcs) {
            if (npc.getSpatial() != null && npc.getSpatial().getParent() != null) {
                Vector3f p = npc.getSpatial().getWorldTranslation();
                cells.computeIfAbsent(key(cell(p.x), cell(p.z)), k -> new ArrayList<>()).add(npc);
            }
        }
        if (cells.size() > 4096) { // a crowd that moved far: forget the empty cells it left
            cells.values().removeIf(List::isEmpty);
        }
    }

    /**
     * The NPCs in the cells within a distance of a point (a superset of those within it).
     * The list is reused by the next call.
     */
    List<NpcBrainControl> near(Vector3f at, float metres) {
        found.clear();
        int x0 = cell(at.x - metres);
        int x1 = cell(at.x + metres);
        int z0 = cell(at.z - metres);
        int z1 = cell(at.z + metres);
        for (int x = x0; x <= x1; x++) {
            for (int z = z0; z <= z1; z++) {
                List<NpcBrainControl> cell = cells.get(key(x, z));
                if (cell != null) {
                    found.addAll(cell);
                }
            }
        }
        return found;
    }

    private static int cell(float metres) {
        return (int) Math.floor(metres / CELL);
    }

    private static long key(int x, int z) {
        return ((long) x << 32) ^ (z & 0xffffffffL);
    }
}
