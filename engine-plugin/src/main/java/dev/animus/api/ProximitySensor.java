package dev.animus.api;

import com.jme3.math.Vector3f;
import dev.animus.perception.Nearby;
import dev.animus.perception.PerceptText;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Sees the other NPCs within a range and names the nearest few with distance and bearing:
 * "Mira is 3 m to the north. Vey is 7 m to the east."
 */
public final class ProximitySensor implements PerceptionSensor {
    private final float range;
    private final int mentioned;

    /**
     * @param range how far the NPC sees, in world units (&gt;0)
     * @param mentioned how many of the nearest to name (&ge;1)
     */
    public ProximitySensor(float range, int mentioned) {
        if (!(range > 0) || mentioned < 1) {
            throw new IllegalArgumentException(
                    "range must be > 0 and mentioned >= 1, got " + range + " and " + mentioned);
        }
        this.range = range;
        this.mentioned = mentioned;
    }

    @Override
    public float range() {
        return range;
    }

    @Override
    public String sense(NpcBrainControl self, Collection<NpcBrainControl> npcs) {
        Vector3f here = self.getSpatial().getWorldTranslation();
        float rangeSquared = range * range;
        List<Nearby> seen = new ArrayList<>();
        for (NpcBrainControl other : npcs) {
            if (other == self || other.getSpatial() == null) {
                continue;
            }
            Vector3f there = other.getSpatial().getWorldTranslation();
            float d2 = here.distanceSquared(there);
            if (d2 <= rangeSquared) {
                seen.add(new Nearby(other.displayName(), (float) Math.sqrt(d2), there.x - here.x, there.z - here.z));
            }
        }
        seen.sort(Comparator.comparingDouble(Nearby::distance));
        return PerceptText.describe(seen.subList(0, Math.min(mentioned, seen.size())));
    }
}
