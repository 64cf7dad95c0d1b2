package dev.animus.demo.play.village;

import com.jme3.light.PointLight;
import com.jme3.math.ColorRGBA;
import com.jme3.math.Vector3f;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import com.jme3.scene.shape.Sphere;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that lights up after dark: lantern and torch flames with their lights, and the
 * windows of houses, lamplit from dusk to dawn; and the fires that burn day and night. Render
 * thread.
 */
final class NightLights {
    private final Node root;
    private final Looks looks;
    private final List<PointLight> lights = new ArrayList<>();
    private final List<PointLight> placed = new ArrayList<>();
    private final List<Spatial> lightAt = new ArrayList<>();
    private boolean lit;

    NightLights(Node root, Looks looks) {
        this.root = root;
        this.looks = looks;
    }

    /**
     * A small flame that shines at dusk and night.
     *
     * @param parent the node it hangs on
     * @param at where, in the parent's frame
     * @param radius how far its light reaches; 0 for a glow without a light
     */
    void flame(Node parent, Vector3f at, float size, float radius) {
        Geometry f = new Geometry("flame", new Sphere(6, 8, size));
        f.setMaterial(looks.flame());
        f.setLocalTranslation(at);
        parent.attachChild(f);
        if (radius > 0) {
            lights.add(light(f, new ColorRGBA(1f, 0.7f, 0.35f, 1), radius, lit));
        }
    }

    /** A fire's glow that never goes out (the forge, a camp fire). */
    void glow(Node parent, Vector3f at, float radius) {
        Node spot = new Node("glow");
        spot.setLocalTranslation(at);
        parent.attachChild(spot);
        light(spot, new ColorRGBA(1f, 0.5f, 0.2f, 1), radius, true);
    }

    /** A window that is dark glass by day and lamplit by night. */
    void window(Geometry pane) {
        pane.setMaterial(looks.window());
    }

    /** Puts the lights where their flames ended up, once the village stands. */
    void settle() {
        for (int i = 0; i < placed.size(); i++) {
            placed.get(i).setPosition(lightAt.get(i).getWorldTranslation());
        }
    }

    private PointLight light(Spatial at, ColorRGBA colour, float radius, boolean on) {
        PointLight l = new PointLight(at.getWorldTranslation(), colour, radius);
        l.setEnabled(on);
        root.addLight(l); // lights shine in world space, whichever node they are added to
        placed.add(l);
        lightAt.add(at);
        return l;
    }

    void light(boolean on) {
        lit = on;
        for (PointLight l : lights) {
            l.setEnabled(on);
        }
        // One material each for every flame and every window: a colour change lights them all,
        // and lets each building be drawn as a few batches.
        looks.flame().setColor("Color", on ? Looks.FLAME : Looks.COLD_FLAME);
        looks.window().setColor("Color", on ? Looks.LIT_WINDOW : Looks.DARK_WINDOW);
    }

    boolean lit() {
        return lit && !lights.isEmpty();
    }
}
