package dev.animus.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.Size;

/** The grid senses look up neighbours in: it must never miss one within the asked distance. */
class NpcGridTest {
    @Property(tries = 500)
    void everyNpcWithinTheDistanceIsFound(
            @ForAll("positions") @Size(max = 120) List<Vector3f> positions,
            @ForAll("position") Vector3f at,
            @ForAll @FloatRange(min = 0, max = 60) float metres) {
        Node scene = new Node("scene");
        List<Spatial> npcs = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            Node body = new Node("npc" + i);
            body.setLocalTranslation(positions.get(i));
            scene.attachChild(body);
            npcs.add(body);
        }
        scene.updateGeometricState();
        NpcGrid<Spatial> grid = new NpcGrid<>(s -> s);
        grid.rebuild(npcs);

        List<Spatial> near = grid.near(at, metres);
        Set<Spatial> found = new HashSet<>(near);
        assertEquals(near.size(), found.size(), "nobody is listed twice");
        for (Spatial npc : npcs) {
            Vector3f p = npc.getWorldTranslation();
            float flat = (float) Math.hypot(p.x - at.x, p.z - at.z);
            if (flat <= metres) {
                assertTrue(found.contains(npc), npc.getName() + " at " + p + " is " + flat + " m from " + at);
            }
        }
    }

    @Property(tries = 50)
    void anNpcThatLeftTheSceneIsNotFound(@ForAll("position") Vector3f where) {
        Node scene = new Node("scene");
        Node body = new Node("body");
        body.setLocalTranslation(where);
        scene.attachChild(body);
        scene.updateGeometricState();
        NpcGrid<Spatial> grid = new NpcGrid<>(s -> s);
        grid.rebuild(List.of(body));
        assertEquals(List.of(body), grid.near(where, 1));

        body.removeFromParent();
        grid.rebuild(List.of(body));
        assertTrue(grid.near(where, 1).isEmpty());
    }

    @Provide
    Arbitrary<List<Vector3f>> positions() {
        return position().list();
    }

    /** Mostly a village's worth of ground, now and then far out or right on a cell's edge. */
    @Provide
    Arbitrary<Vector3f> position() {
        Arbitrary<Float> axis = Arbitraries.oneOf(
                Arbitraries.floats().between(-100, 100),
                Arbitraries.floats().between(-1e6f, 1e6f),
                Arbitraries.integers().between(-10, 10).map(i -> i * NpcGrid.CELL));
        return net.jqwik.api.Combinators.combine(axis, Arbitraries.floats().between(-5, 5), axis)
                .as(Vector3f::new);
    }
}
