package dev.animus.demo.play;

import com.jme3.asset.AssetManager;
import com.jme3.material.Material;
import com.jme3.math.ColorRGBA;
import com.jme3.math.FastMath;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.renderer.Camera;
import com.jme3.renderer.queue.RenderQueue.ShadowMode;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.shape.Box;
import com.jme3.scene.shape.Cylinder;

/**
 * What the player sees of themself: two forearms and hands at the bottom of the view, and the
 * sword in the right hand while it is drawn (F). Follows the camera every frame. Render thread.
 */
final class PlayerBody {
    private static final Vector3f LEFT = new Vector3f(0.3f, -0.3f, 0.62f);
    private static final Vector3f RIGHT = new Vector3f(-0.3f, -0.3f, 0.62f);
    private final Node view = new Node("player's arms");
    private final Node sword = new Node("player's sword");
    private final Node rightHand = new Node("right hand");

    PlayerBody(AssetManager assets, Node root) {
        Material skin = lit(assets, new ColorRGBA(0.62f, 0.44f, 0.32f, 1));
        Material sleeve = lit(assets, new ColorRGBA(0.22f, 0.2f, 0.3f, 1));
        Material steel = lit(assets, new ColorRGBA(0.75f, 0.78f, 0.82f, 1));
        steel.setColor("Specular", ColorRGBA.White);
        steel.setFloat("Shininess", 64);
        Material leather = lit(assets, new ColorRGBA(0.3f, 0.18f, 0.1f, 1));
        Node leftHand = new Node("left hand");
        for (Node hand : new Node[] {leftHand, rightHand}) {
            hand.attachChild(part("sleeve", new Box(0.04f, 0.04f, 0.2f), new Vector3f(0, 0, -0.2f), sleeve));
            hand.attachChild(part("hand", new Box(0.035f, 0.022f, 0.06f), new Vector3f(0, 0, 0.05f), skin));
            view.attachChild(hand);
        }
        // The camera looks along its local +z, its left is +x.
        leftHand.setLocalTranslation(LEFT);
        leftHand.setLocalRotation(new Quaternion().fromAngles(-0.25f, -0.35f, 0));
        rightHand.setLocalTranslation(RIGHT);
        rightHand.setLocalRotation(new Quaternion().fromAngles(-0.25f, 0.35f, 0));
        Geometry grip = part("grip", new Cylinder(2, 8, 0.018f, 0.14f, true), new Vector3f(), leather);
        grip.setLocalRotation(new Quaternion().fromAngleAxis(FastMath.HALF_PI, Vector3f.UNIT_X));
        sword.attachChild(grip);
        sword.attachChild(part("guard", new Box(0.09f, 0.012f, 0.02f), new Vector3f(0, 0.08f, 0), steel));
        sword.attachChild(part("blade", new Box(0.022f, 0.38f, 0.005f), new Vector3f(0, 0.47f, 0), steel));
        sword.setLocalTranslation(0, 0.02f, 0.1f);
        sword.setLocalRotation(new Quaternion().fromAngles(0.7f, 0, 0));
        view.setShadowMode(ShadowMode.Off);
        view.setCullHint(Node.CullHint.Never); // always in front of the eyes
        root.attachChild(view);
    }

    /** Draws or sheathes the sword. */
    void weaponDrawn(boolean drawn) {
        if (drawn) {
            rightHand.attachChild(sword);
        } else {
            sword.removeFromParent();
        }
    }

    boolean swordShowing() {
        return sword.getParent() != null;
    }

    /** Keeps the arms in front of the camera, with a little sway while walking. */
    void follow(Camera camera, float walked) {
        view.setLocalTranslation(camera.getLocation());
        view.setLocalRotation(camera.getRotation());
        float bob = 0.012f * FastMath.sin(walked * 2.2f);
        view.getChild(0).setLocalTranslation(LEFT.add(0, bob, 0));
        view.getChild(1).setLocalTranslation(RIGHT.add(0, -bob, 0));
    }

    private static Geometry part(String name, com.jme3.scene.Mesh mesh, Vector3f at, Material m) {
        Geometry g = new Geometry(name, mesh);
        g.setMaterial(m);
        g.setLocalTranslation(at);
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
