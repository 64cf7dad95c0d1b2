package dev.animus.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.jme3.collision.CollisionResults;
import com.jme3.math.Ray;
import com.jme3.math.Vector3f;
import com.jme3.renderer.RenderManager;
import com.jme3.renderer.ViewPort;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.control.AbstractControl;
import com.jme3.scene.shape.Box;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The occluders follow the scene: a part that moves, a part added, an NPC's body left out, a body
 * that stops being an NPC's; the parts are chosen again only when the children or NPCs changed.
 */
class OccludersTest {
    /** Marks a spatial as an NPC's body, as the plugin's brain control does. */
    static final class Marker extends AbstractControl {
        @Override
        protected void controlUpdate(float tpf) {}

        @Override
        protected void controlRender(RenderManager rm, ViewPort vp) {}
    }

    private static Geometry wall(String name, float z) {
        Geometry wall = new Geometry(name, new Box(3, 2, 0.2f));
        wall.setLocalTranslation(0, 0, z);
        return wall;
    }

    /** The parts a ray from near the origin along +z, 10 m long, meets. */
    private static int hits(Occluders occluders, Node root) {
        root.updateGeometricState();
        occluders.refresh(root);
        Ray ray = new Ray(new Vector3f(0.7f, 0.3f, 0), new Vector3f(0, 0, 1));
        ray.setLimit(10);
        CollisionResults results = new CollisionResults();
        occluders.collide(ray, results);
        Set<Geometry> met = new HashSet<>();
        results.forEach(r -> met.add(r.getGeometry()));
        return met.size();
    }

    @Test
    void partsFollowTheSceneAndNpcBodiesNeverHide() {
        Node root = new Node("root");
        Occluders occluders = new Occluders(Marker.class);
        Geometry body = wall("npc body", 3);
        body.addControl(new Marker());
        root.attachChild(body);
        assertEquals(0, hits(occluders, root), "an NPC's body hides nothing");

        Geometry wall = wall("wall", 5);
        root.attachChild(wall);
        assertEquals(1, hits(occluders, root), "a wall added is an occluder");

        wall.setLocalTranslation(0, 0, 50);
        assertEquals(0, hits(occluders, root), "a wall moved out of the ray's reach: its box is read again");

        wall.setLocalTranslation(0, 0, 5);
        body.removeControl(Marker.class);
        occluders.invalidate(); // what the plugin does when an NPC leaves
        assertEquals(2, hits(occluders, root), "a body that is no NPC's any more hides things too");

        wall.addControl(new Marker());
        occluders.invalidate();
        assertEquals(1, hits(occluders, root), "the wall made an NPC's body");

        root.detachChild(body);
        assertEquals(0, hits(occluders, root), "a part detached is gone");
    }
}
