package dev.animus.demo.play;

import com.jme3.asset.AssetManager;
import com.jme3.light.AmbientLight;
import com.jme3.light.DirectionalLight;
import com.jme3.light.PointLight;
import com.jme3.material.Material;
import com.jme3.math.ColorRGBA;
import com.jme3.math.FastMath;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector2f;
import com.jme3.math.Vector3f;
import com.jme3.renderer.ViewPort;
import com.jme3.scene.Geometry;
import com.jme3.scene.Mesh;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import com.jme3.scene.shape.Box;
import com.jme3.scene.shape.Cylinder;
import com.jme3.scene.shape.Quad;
import com.jme3.scene.shape.Sphere;
import com.jme3.texture.Texture;
import dev.animus.world.Phase;
import dev.animus.world.Place;
import dev.animus.world.Prop;
import dev.animus.world.Vec3;
import dev.animus.world.World;
import java.util.ArrayList;
import java.util.List;

/**
 * Lanternfall built from primitives and jME test-data textures, laid out from the world file:
 * a building for each place, the props where the file puts them, Mirrormere to the south, a
 * sun and sky that follow the world's clock, and lanterns that light at dusk and go out at
 * dawn. Render thread.
 */
final class VillageScene {
    /** The lake's northern shore (z grows to the south). */
    static final float SHORE_Z = 18;

    private final AssetManager assets;
    private final Node root = new Node("Lanternfall village");
    private final DirectionalLight sun = new DirectionalLight();
    private final AmbientLight ambient = new AmbientLight();
    private final List<PointLight> lanterns = new ArrayList<>();
    private final List<Geometry> flames = new ArrayList<>();
    private final Material flameOn;
    private final Material flameOff;
    private Spatial millWheel;
    private Phase shown;

    VillageScene(AssetManager assets) {
        this.assets = assets;
        flameOn = unshaded(new ColorRGBA(1f, 0.8f, 0.35f, 1));
        flameOff = lit(new ColorRGBA(0.25f, 0.22f, 0.2f, 1));
    }

    /** Builds the village under {@code parent} and lights it. */
    Node build(World world, Node parent) {
        parent.attachChild(root);
        parent.addLight(sun);
        parent.addLight(ambient);
        ground();
        for (Place p : world.places()) {
            building(p);
        }
        for (Prop p : world.props()) {
            prop(p);
        }
        return root;
    }

    /** Sun, sky and lanterns for the part of the day. Cheap when nothing changes. */
    void show(Phase phase, ViewPort view) {
        if (phase == shown) {
            return;
        }
        shown = phase;
        boolean dark = phase == Phase.DUSK || phase == Phase.NIGHT;
        switch (phase) {
            case DAWN ->
                light(
                        new ColorRGBA(1f, 0.75f, 0.55f, 1),
                        0.45f,
                        new Vector3f(-1, -0.35f, -0.3f),
                        new ColorRGBA(0.85f, 0.65f, 0.55f, 1),
                        view);
            case DAY ->
                light(
                        new ColorRGBA(1f, 0.97f, 0.9f, 1),
                        0.55f,
                        new Vector3f(-0.3f, -1, -0.4f),
                        new ColorRGBA(0.55f, 0.72f, 0.9f, 1),
                        view);
            case DUSK ->
                light(
                        new ColorRGBA(0.9f, 0.45f, 0.3f, 1),
                        0.3f,
                        new Vector3f(1, -0.3f, 0.2f),
                        new ColorRGBA(0.55f, 0.3f, 0.35f, 1),
                        view);
            case NIGHT ->
                light(
                        new ColorRGBA(0.25f, 0.3f, 0.5f, 1),
                        0.18f,
                        new Vector3f(0.2f, -1, 0.3f),
                        new ColorRGBA(0.03f, 0.04f, 0.1f, 1),
                        view);
        }
        for (PointLight l : lanterns) {
            l.setEnabled(dark);
        }
        for (Geometry f : flames) {
            f.setMaterial(dark ? flameOn : flameOff);
        }
    }

    /** @return whether the lanterns are lit */
    boolean lanternsLit() {
        return !lanterns.isEmpty() && lanterns.get(0).isEnabled();
    }

    /** Turns the mill wheel. */
    void update(float tpf) {
        if (millWheel != null) {
            millWheel.rotate(0, 0, 0.4f * tpf);
        }
    }

    private void light(ColorRGBA sunColour, float ambientLevel, Vector3f direction, ColorRGBA sky, ViewPort view) {
        sun.setColor(sunColour);
        sun.setDirection(direction.normalize());
        ambient.setColor(sky.mult(0.4f).add(ColorRGBA.White.mult(ambientLevel)));
        if (view != null) {
            view.setBackgroundColor(sky);
        }
    }

    private void ground() {
        Geometry grass = quad(
                "grass",
                140,
                140,
                textured("Textures/Terrain/splat/grass.jpg", new ColorRGBA(0.55f, 0.75f, 0.4f, 1)),
                24);
        grass.setLocalTranslation(-70, 0, 70);
        root.attachChild(grass);
        Geometry lake = quad("Mirrormere", 140, 50, lit(new ColorRGBA(0.15f, 0.3f, 0.5f, 1), 64), 1);
        lake.setLocalTranslation(-70, 0.03f, SHORE_Z + 50);
        root.attachChild(lake);
        Geometry square = quad(
                "market square cobbles",
                20,
                20,
                textured("Textures/Terrain/splat/road.jpg", new ColorRGBA(0.8f, 0.77f, 0.72f, 1)),
                4);
        square.setLocalTranslation(-10, 0.02f, 10);
        root.attachChild(square);
    }

    private void building(Place p) {
        Vector3f at = v(p.at());
        switch (p.id()) {
            case "square", "pier" -> {
                if (p.id().equals("pier")) { // planks out over the water
                    add("pier", new Box(1.5f, 0.15f, 7), at.add(0, 0.15f, 2), wood());
                }
            }
            case "north_gate" -> {
                add("north gate left tower", new Box(1.2f, 3.5f, 1.2f), at.add(-4, 3.5f, 0), stone());
                add("north gate right tower", new Box(1.2f, 3.5f, 1.2f), at.add(4, 3.5f, 0), stone());
                add("north gate arch", new Box(5.2f, 0.6f, 1.2f), at.add(0, 6.4f, 0), stone());
            }
            case "chapel" -> {
                add("chapel", new Box(3, 3, 4), at.add(-3, 3, 0), stone());
                add("chapel tower", new Box(1.2f, 5, 1.2f), at.add(-3, 5, -4), stone());
            }
            default -> { // a house beside its place, door towards the square
                Vector3f offset = new Vector3f(at.x, 0, at.z).normalizeLocal().multLocal(6);
                add(
                        p.name(),
                        new Box(2.5f, 1.8f, 2.5f),
                        at.add(offset).add(0, 1.8f, 0),
                        p.id().equals("tavern") ? wood() : plaster());
                add(
                        p.name() + " roof",
                        new Box(2.8f, 0.3f, 2.8f),
                        at.add(offset).add(0, 3.9f, 0),
                        lit(new ColorRGBA(0.45f, 0.2f, 0.15f, 1)));
            }
        }
    }

    private void prop(Prop p) {
        Vector3f at = v(p.at());
        switch (p.kind()) {
            case "lanterns on posts" -> {
                for (int i = 0; i < 2; i++) {
                    Vector3f post = at.add(i * 2.5f, 0, 0);
                    add("lantern post", new Box(0.08f, 1.3f, 0.08f), post.add(0, 1.3f, 0), wood());
                    flame(post.add(0, 2.7f, 0), 0.18f, 10);
                }
            }
            case "the gate and its torches" -> {
                flame(at.add(-2.6f, 3, 1.4f), 0.15f, 9);
                flame(at.add(2.6f, 3, 1.4f), 0.15f, 9);
            }
            case "forge fire" -> {
                add("forge hearth", new Box(0.8f, 0.5f, 0.8f), at.add(0, 0.5f, 0), stone());
                Geometry fire = add(
                        "forge fire",
                        new Box(0.5f, 0.1f, 0.5f),
                        at.add(0, 1.05f, 0),
                        unshaded(new ColorRGBA(1f, 0.45f, 0.1f, 1)));
                PointLight glow =
                        new PointLight(fire.getWorldTranslation().add(0, 0.5f, 0), new ColorRGBA(1f, 0.5f, 0.2f, 1), 7);
                root.addLight(glow); // the forge fire never goes out
            }
            case "anvil" -> add("anvil", new Box(0.35f, 0.4f, 0.2f), at.add(0, 0.4f, 0), metal());
            case "barrels" -> {
                for (int i = 0; i < 3; i++) {
                    add("barrel", cylinder(0.4f, 1f), at.add(i * 0.9f, 0.5f, 0), wood(), true);
                }
            }
            case "crates" -> {
                add("crate", new Box(0.45f, 0.45f, 0.45f), at.add(0, 0.45f, 0), wood());
                add("crate", new Box(0.4f, 0.4f, 0.4f), at.add(1, 0.4f, 0.3f), wood());
                add("crate", new Box(0.35f, 0.35f, 0.35f), at.add(0.4f, 1.25f, 0.1f), wood());
            }
            case "a cart" -> {
                add("cart", new Box(1.2f, 0.3f, 0.7f), at.add(0, 0.8f, 0), wood());
                add("cart wheel", cylinder(0.5f, 0.1f), at.add(0, 0.5f, 0.8f), wood(), false);
                add("cart wheel", cylinder(0.5f, 0.1f), at.add(0, 0.5f, -0.8f), wood(), false);
            }
            case "the well" -> {
                add("well", cylinder(1.1f, 0.9f), at.add(0, 0.45f, 0), stone(), true);
                add(
                        "well water",
                        cylinder(0.9f, 0.05f),
                        at.add(0, 0.88f, 0),
                        lit(new ColorRGBA(0.1f, 0.2f, 0.35f, 1)),
                        true);
            }
            case "fishing boats" -> {
                for (int i = 0; i < 2; i++) {
                    add("fishing boat", new Box(0.7f, 0.3f, 2f), at.add(i * 2.2f, 0.2f, 0), wood());
                }
            }
            case "nets" ->
                add("nets", new Box(1f, 0.6f, 0.05f), at.add(0, 0.6f, 0), lit(new ColorRGBA(0.6f, 0.55f, 0.4f, 1)));
            case "candles" -> flame(at.add(0, 1f, 0), 0.08f, 4);
            case "the chapel bell" -> add("chapel bell", new Sphere(8, 12, 0.6f), at, metal());
            case "herb baskets" ->
                add(
                        "herb basket",
                        cylinder(0.4f, 0.4f),
                        at.add(0, 0.2f, 0),
                        lit(new ColorRGBA(0.4f, 0.6f, 0.25f, 1)),
                        true);
            case "the mill wheel" ->
                millWheel = add("mill wheel", cylinder(2.5f, 0.4f), at.add(0, 2.6f, 0), wood(), false);
            default -> add(p.kind(), new Box(0.4f, 0.4f, 0.4f), at.add(0, 0.4f, 0), wood());
        }
    }

    /** A small flame that shines at dusk and night. */
    private void flame(Vector3f at, float size, float radius) {
        Geometry f = add("flame", new Sphere(6, 8, size), at, flameOff);
        flames.add(f);
        PointLight l = new PointLight(at, new ColorRGBA(1f, 0.7f, 0.35f, 1), radius);
        l.setEnabled(false);
        root.addLight(l);
        lanterns.add(l);
    }

    private Geometry add(String name, Mesh mesh, Vector3f at, Material m) {
        Geometry g = new Geometry(name, mesh);
        g.setMaterial(m);
        g.setLocalTranslation(at);
        root.attachChild(g);
        return g;
    }

    private Geometry add(String name, Mesh mesh, Vector3f at, Material m, boolean upright) {
        Geometry g = add(name, mesh, at, m);
        // Cylinders lie along z; upright ones stand on y, wheels turn about z.
        if (upright) {
            g.setLocalRotation(new Quaternion().fromAngleAxis(FastMath.HALF_PI, Vector3f.UNIT_X));
        }
        return g;
    }

    private static Mesh cylinder(float radius, float height) {
        return new Cylinder(4, 16, radius, height, true);
    }

    private Geometry quad(String name, float w, float h, Material m, float repeat) {
        Quad q = new Quad(w, h);
        q.scaleTextureCoordinates(new Vector2f(repeat, repeat));
        Geometry g = new Geometry(name, q);
        g.setMaterial(m);
        g.setLocalRotation(new Quaternion().fromAngleAxis(-FastMath.HALF_PI, Vector3f.UNIT_X));
        return g;
    }

    private Material textured(String texture, ColorRGBA tint) {
        Material m = lit(tint);
        try {
            Texture t = assets.loadTexture(texture);
            t.setWrap(Texture.WrapMode.Repeat);
            m.setTexture("DiffuseMap", t);
        } catch (RuntimeException e) {
            // The tint alone stands in: the village still builds without jME's test data.
        }
        return m;
    }

    private Material lit(ColorRGBA colour) {
        return lit(colour, 0);
    }

    private Material lit(ColorRGBA colour, float shininess) {
        Material m = new Material(assets, "Common/MatDefs/Light/Lighting.j3md");
        m.setBoolean("UseMaterialColors", true);
        m.setColor("Diffuse", colour);
        m.setColor("Ambient", colour);
        if (shininess > 0) {
            m.setColor("Specular", ColorRGBA.White);
            m.setFloat("Shininess", shininess);
        }
        return m;
    }

    private Material unshaded(ColorRGBA colour) {
        Material m = new Material(assets, "Common/MatDefs/Misc/Unshaded.j3md");
        m.setColor("Color", colour);
        return m;
    }

    private Material wood() {
        return lit(new ColorRGBA(0.45f, 0.3f, 0.18f, 1));
    }

    private Material stone() {
        return lit(new ColorRGBA(0.6f, 0.6f, 0.58f, 1));
    }

    private Material plaster() {
        return lit(new ColorRGBA(0.85f, 0.8f, 0.68f, 1));
    }

    private Material metal() {
        return lit(new ColorRGBA(0.3f, 0.3f, 0.33f, 1), 32);
    }

    private static Vector3f v(Vec3 p) {
        return new Vector3f(p.x(), p.y(), p.z());
    }
}
