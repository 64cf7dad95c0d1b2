package dev.animus.demo.play.village;

import com.jme3.material.Material;
import com.jme3.material.RenderState;
import com.jme3.math.ColorRGBA;
import com.jme3.math.FastMath;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.renderer.queue.RenderQueue;
import com.jme3.renderer.queue.RenderQueue.ShadowMode;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.shape.Box;
import com.jme3.scene.shape.Cylinder;
import com.jme3.scene.shape.Sphere;

/**
 * A figure for an NPC whose world file names no character model: a robed person of primitives,
 * 1.75 m tall, its robe a colour of its own, so a writer's world is peopled before it has art.
 */
final class StandIn {
    static final String NAME = "stand-in figure";
    private static final ColorRGBA[] ROBES = {
        new ColorRGBA(0.55f, 0.2f, 0.18f, 1),
        new ColorRGBA(0.2f, 0.35f, 0.55f, 1),
        new ColorRGBA(0.3f, 0.45f, 0.25f, 1),
        new ColorRGBA(0.5f, 0.4f, 0.2f, 1),
        new ColorRGBA(0.4f, 0.25f, 0.45f, 1),
        new ColorRGBA(0.25f, 0.25f, 0.28f, 1),
    };

    private StandIn() {}

    /**
     * A soft dark patch on the ground under a villager: their shadow where the machine draws no
     * real ones ({@code --graphics low}).
     */
    static Geometry blobShadow(Looks looks) {
        Material m = looks.glow("blob shadow", new ColorRGBA(0, 0, 0, 0.35f));
        m.getAdditionalRenderState().setBlendMode(RenderState.BlendMode.Alpha);
        m.getAdditionalRenderState().setDepthWrite(false);
        Geometry g = new Geometry("blob shadow", new Cylinder(2, 16, 0.45f, 0.01f, true));
        g.setMaterial(m);
        g.setQueueBucket(RenderQueue.Bucket.Transparent);
        g.setLocalRotation(new Quaternion().fromAngleAxis(FastMath.HALF_PI, Vector3f.UNIT_X));
        g.setLocalTranslation(0, 0.04f, 0);
        g.setShadowMode(ShadowMode.Off);
        return g;
    }

    /** @return the figure, feet at the origin, facing +z like the test-data characters */
    static Node figure(Looks looks, int index) {
        Node n = new Node(NAME);
        Parts p = new Parts(n);
        int robeIndex = Math.floorMod(index, ROBES.length);
        Material robe = looks.lit("robe " + robeIndex, ROBES[robeIndex], 0);
        Material skin = looks.lit("skin", new ColorRGBA(0.72f, 0.54f, 0.4f, 1), 0);
        Material dark = looks.lit("hair", new ColorRGBA(0.15f, 0.12f, 0.1f, 1), 0);
        p.add("robe", new Cylinder(2, 12, 0.3f, 0.14f, 1.15f, true, false), new Vector3f(0, 0.58f, 0), robe)
                .setLocalRotation(new Quaternion().fromAngleAxis(FastMath.HALF_PI, Vector3f.UNIT_X));
        p.add("shoulders", new Box(0.24f, 0.08f, 0.13f), new Vector3f(0, 1.2f, 0), robe);
        p.add("head", new Sphere(10, 12, 0.13f), new Vector3f(0, 1.5f, 0), skin);
        p.add("hair", new Sphere(8, 10, 0.135f), new Vector3f(0, 1.54f, -0.03f), dark);
        for (int side = -1; side <= 1; side += 2) {
            p.add("arm", new Box(0.05f, 0.3f, 0.05f), new Vector3f(side * 0.28f, 0.95f, 0.02f), robe)
                    .setLocalRotation(new Quaternion().fromAngleAxis(side * 0.12f, Vector3f.UNIT_Z));
            p.add("hand", new Sphere(6, 8, 0.05f), new Vector3f(side * 0.31f, 0.62f, 0.04f), skin);
        }
        p.add("eyes", new Box(0.07f, 0.012f, 0.01f), new Vector3f(0, 1.52f, 0.125f), dark);
        n.setShadowMode(ShadowMode.Cast);
        return n;
    }
}
