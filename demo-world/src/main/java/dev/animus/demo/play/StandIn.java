package dev.animus.demo.play;

import com.jme3.asset.AssetManager;
import com.jme3.material.Material;
import com.jme3.material.RenderState;
import com.jme3.math.ColorRGBA;
import com.jme3.math.FastMath;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.renderer.queue.RenderQueue;
import com.jme3.renderer.queue.RenderQueue.ShadowMode;
import com.jme3.scene.Geometry;
import com.jme3.scene.Mesh;
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
    static Geometry blobShadow(AssetManager assets) {
        Material m = new Material(assets, "Common/MatDefs/Misc/Unshaded.j3md");
        m.setColor("Color", new ColorRGBA(0, 0, 0, 0.35f));
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
    static Node figure(AssetManager assets, int index) {
        Node n = new Node(NAME);
        Material robe = lit(assets, ROBES[Math.floorMod(index, ROBES.length)]);
        Material skin = lit(assets, new ColorRGBA(0.72f, 0.54f, 0.4f, 1));
        Material dark = lit(assets, new ColorRGBA(0.15f, 0.12f, 0.1f, 1));
        upright(n, "robe", new Cylinder(2, 12, 0.3f, 0.14f, 1.15f, true, false), new Vector3f(0, 0.58f, 0), robe);
        add(n, "shoulders", new Box(0.24f, 0.08f, 0.13f), new Vector3f(0, 1.2f, 0), robe);
        add(n, "head", new Sphere(10, 12, 0.13f), new Vector3f(0, 1.5f, 0), skin);
        add(n, "hair", new Sphere(8, 10, 0.135f), new Vector3f(0, 1.54f, -0.03f), dark);
        for (int side = -1; side <= 1; side += 2) {
            Geometry arm = add(n, "arm", new Box(0.05f, 0.3f, 0.05f), new Vector3f(side * 0.28f, 0.95f, 0.02f), robe);
            arm.setLocalRotation(new Quaternion().fromAngleAxis(side * 0.12f, Vector3f.UNIT_Z));
            add(n, "hand", new Sphere(6, 8, 0.05f), new Vector3f(side * 0.31f, 0.62f, 0.04f), skin);
        }
        add(n, "eyes", new Box(0.07f, 0.012f, 0.01f), new Vector3f(0, 1.52f, 0.125f), dark);
        n.setShadowMode(ShadowMode.Cast);
        return n;
    }

    private static void upright(Node n, String name, Mesh mesh, Vector3f at, Material m) {
        Geometry g = add(n, name, mesh, at, m);
        g.setLocalRotation(new Quaternion().fromAngleAxis(FastMath.HALF_PI, Vector3f.UNIT_X));
    }

    private static Geometry add(Node n, String name, Mesh mesh, Vector3f at, Material m) {
        Geometry g = new Geometry(name, mesh);
        g.setMaterial(m);
        g.setLocalTranslation(at);
        n.attachChild(g);
        return g;
    }

    private static Material lit(AssetManager assets, ColorRGBA colour) {
        Material m = new Material(assets, "Common/MatDefs/Light/Lighting.j3md");
        m.setBoolean("UseMaterialColors", true);
        m.setColor("Diffuse", colour);
        m.setColor("Ambient", colour);
        return m;
    }
}
