package dev.animus.demo.play.village;

import com.jme3.effect.ParticleEmitter;
import com.jme3.font.BitmapFont;
import com.jme3.font.BitmapText;
import com.jme3.material.Material;
import com.jme3.math.ColorRGBA;
import com.jme3.math.FastMath;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import java.util.Locale;

/**
 * One building per place, by its {@link PlaceKind}: a cottage, a tavern with a hanging sign, an
 * open-fronted forge with its glow, a stone chapel with a tower, a mill, a gate, a pier, a
 * hall, a tent, a camp fire. Each stands on its site, door (local +z) to the village, with the
 * place's name on a sign. Render thread.
 */
final class Buildings {
    /** The name of a sign's text, which stays out of the building's batches. */
    static final String SIGN_TEXT = "sign text";

    private final Looks looks;
    private final NightLights night;
    private final BitmapFont font;
    private final VillagePlan plan;

    Buildings(Looks looks, NightLights night, VillagePlan plan) {
        this.looks = looks;
        this.night = night;
        this.plan = plan;
        this.font = looks.assets().loadFont("Interface/Fonts/Default.fnt");
    }

    /** @return the site's building, placed and turned, or null for open ground */
    Node build(VillagePlan.Site site) {
        Node node = new Node(site.place().name());
        Parts parts = new Parts(node);
        float w = site.width();
        float d = site.depth();
        switch (site.kind()) {
            case OPEN -> {
                return null;
            }
            case FORGE -> forge(parts, w, d);
            case TAVERN -> tavern(parts, w, d);
            case CHAPEL -> chapel(parts, w, d);
            case MILL -> mill(parts, w, d);
            case GATE -> gate(parts);
            case PIER -> pier(parts, site);
            case FIRE -> campFire(parts, node);
            case TOWER -> tower(parts, w);
            case HALL -> hall(parts, w, d);
            case TENT -> tent(parts, w);
            case COTTAGE -> cottage(parts, w, d);
        }
        node.setLocalTranslation(site.building());
        node.setLocalRotation(new Quaternion().fromAngleAxis(site.yaw(), Vector3f.UNIT_Y));
        if (!site.kind().open() && site.kind() != PlaceKind.TENT) {
            sign(parts, site, d);
        }
        return node;
    }

    private void cottage(Parts p, float w, float d) {
        walls(p, w, 2.6f, d, looks.plaster());
        frame(p, w, 2.6f, d);
        p.gable("roof", w, d, 2.0f, new Vector3f(0, 2.6f, 0), looks.thatch()).setLocalRotation(quarter());
        door(p, d, 1f, 1.9f);
        windows(p, w, d, 1.4f, 1);
        p.block("chimney", 0.6f, 1.6f, 0.6f, new Vector3f(w / 2 - 0.8f, 3.2f, -d / 4), looks.darkStone());
    }

    private void tavern(Parts p, float w, float d) {
        walls(p, w, 2.4f, d, looks.stone());
        p.block("upper storey", w + 0.4f, 2.4f, d + 0.4f, new Vector3f(0, 2.4f, 0), looks.plaster());
        frame(p, w + 0.4f, 4.8f, d + 0.4f);
        p.gable("roof", w + 0.4f, d + 0.4f, 2.4f, new Vector3f(0, 4.8f, 0), looks.roofTiles())
                .setLocalRotation(quarter());
        door(p, d, 1.4f, 2.1f);
        windows(p, w, d, 1.2f, 2);
        windows(p, w, d + 0.4f, 3.5f, 2);
        p.block("chimney", 0.8f, 2f, 0.8f, new Vector3f(-w / 2 + 1, 5.6f, 0), looks.darkStone());
        // The hanging sign on its bracket, lit by a lantern at night.
        p.block("sign bracket", 0.1f, 0.1f, 1.4f, new Vector3f(w / 2 - 0.6f, 3.1f, d / 2 + 0.9f), looks.timber());
        p.block("hanging sign", 0.08f, 0.8f, 1f, new Vector3f(w / 2 - 0.6f, 2.25f, d / 2 + 1.3f), looks.wood());
        night.flame(p.node(), new Vector3f(w / 2 - 0.6f, 3.3f, d / 2 + 1.9f), 0.12f, 6);
    }

    private void forge(Parts p, float w, float d) {
        float h = 3.6f;
        Material walls = looks.darkStone();
        p.block("back wall", w, h, 0.5f, new Vector3f(0, 0, -d / 2 + 0.25f), walls);
        p.block("west wall", 0.5f, h, d, new Vector3f(-w / 2 + 0.25f, 0, 0), walls);
        p.block("east wall", 0.5f, h * 0.6f, d * 0.6f, new Vector3f(w / 2 - 0.25f, 0, -d * 0.2f), walls);
        p.block("post", 0.3f, h, 0.3f, new Vector3f(w / 2 - 0.3f, 0, d / 2 - 0.3f), looks.timber());
        p.block("post", 0.3f, h, 0.3f, new Vector3f(-w / 2 + 0.3f, 0, d / 2 - 0.3f), looks.timber());
        Geometry roof = p.block("lean-to roof", w + 0.8f, 0.2f, d + 0.4f, new Vector3f(0, h, 0), looks.slate());
        roof.setLocalRotation(new Quaternion().fromAngleAxis(-0.22f, Vector3f.UNIT_X));
        p.block("chimney", 1.2f, 3.5f, 1.2f, new Vector3f(-w / 2 + 1, h, -d / 2 + 0.8f), walls);
        p.block("hearth", 1.6f, 0.9f, 1.2f, new Vector3f(-w / 2 + 1, 0, -d / 2 + 1.1f), walls);
        p.block("coals", 1.2f, 0.1f, 0.8f, new Vector3f(-w / 2 + 1, 0.9f, -d / 2 + 1.1f), looks.fire());
        flames(p, new Vector3f(-w / 2 + 1, 1f, -d / 2 + 1.1f), 0.9f);
        night.glow(p.node(), new Vector3f(-w / 2 + 1, 1.6f, -d / 2 + 1.5f), 8);
    }

    private void chapel(Parts p, float w, float d) {
        walls(p, w, 4.2f, d, looks.stone());
        p.gable("roof", w, d, 3.2f, new Vector3f(0, 4.2f, 0), looks.slate());
        float tower = 2.6f;
        p.block("tower", tower, 9f, tower, new Vector3f(0, 0, -d / 2 - tower / 2 + 0.3f), looks.stone());
        p.spire("spire", tower * 0.75f, 3.5f, 4, new Vector3f(0, 9f, -d / 2 - tower / 2 + 0.3f), looks.slate());
        door(p, d, 1.4f, 2.6f);
        p.block("round window", 1.2f, 1.2f, 0.1f, new Vector3f(0, 3.2f, d / 2 + 0.05f), looks.glass());
        Geometry rose = p.block("rose window", 1.0f, 1.0f, 0.12f, new Vector3f(0, 3.3f, d / 2 + 0.06f), looks.glass());
        night.window(rose);
        for (float z = -d / 2 + 2; z < d / 2 - 1; z += 2.5f) {
            Geometry l = p.block("lancet", 0.1f, 1.6f, 0.6f, new Vector3f(w / 2 + 0.05f, 1.6f, z), looks.glass());
            Geometry r = p.block("lancet", 0.1f, 1.6f, 0.6f, new Vector3f(-w / 2 - 0.05f, 1.6f, z), looks.glass());
            night.window(l);
            night.window(r);
        }
    }

    private void mill(Parts p, float w, float d) {
        walls(p, w, 5f, d, looks.stone());
        p.gable("roof", w, d, 2.6f, new Vector3f(0, 5f, 0), looks.thatch()).setLocalRotation(quarter());
        door(p, d, 1.2f, 2f);
        windows(p, w, d, 3.2f, 1);
        // A crumbling corner: a few fallen stones.
        p.block("fallen stones", 1.4f, 0.4f, 0.8f, new Vector3f(w / 2 + 0.8f, 0, d / 2 - 0.4f), looks.darkStone());
    }

    private void gate(Parts p) {
        float gap = 5;
        for (int side = -1; side <= 1; side += 2) {
            Vector3f tower = new Vector3f(side * (gap / 2 + 1.2f), 0, 0);
            p.block("gate tower", 2.4f, 7f, 2.4f, tower, looks.stone());
            p.spire("tower roof", 1.9f, 2f, 4, tower.add(0, 7, 0), looks.slate());
            for (int i = 1; i <= 6; i++) { // the palisade running off either side
                p.block("palisade", 0.9f, 3.2f, 0.35f, tower.add(side * (1.2f + i * 0.9f), 0, 0), looks.timber());
            }
        }
        p.block("gate arch", gap + 2.4f, 1.2f, 2.4f, new Vector3f(0, 5.8f, 0), looks.stone());
    }

    private void pier(Parts p, VillagePlan.Site site) {
        float length = 16;
        float width = 3;
        // Out over the water from the place, or a landing on dry ground when the world has none.
        Node node = p.node();
        Vector3f dir = plan.shore().map(s -> new Vector3f(s.dx(), 0, s.dz())).orElse(new Vector3f(0, 0, 1));
        float yaw = FastMath.atan2(dir.x, dir.z) - site.yaw();
        Node deck = new Node("pier deck");
        deck.setLocalRotation(new Quaternion().fromAngleAxis(yaw, Vector3f.UNIT_Y));
        node.attachChild(deck);
        Parts d = new Parts(deck);
        d.block("pier planks", width, 0.2f, length, new Vector3f(0, 0.3f, length / 2 - 3), looks.planks());
        for (float z = -2; z <= length - 3; z += 3) {
            for (int side = -1; side <= 1; side += 2) {
                d.column(
                        "pier post", 0.15f, 3.2f, 6, new Vector3f(side * (width / 2 - 0.1f), -2.5f, z), looks.timber());
            }
        }
    }

    private void campFire(Parts p, Node node) {
        for (int i = 0; i < 8; i++) {
            float a = i * FastMath.TWO_PI / 8;
            p.block(
                    "fire stone",
                    0.35f,
                    0.25f,
                    0.35f,
                    new Vector3f(0.7f * FastMath.cos(a), 0, 0.7f * FastMath.sin(a)),
                    looks.darkStone());
        }
        for (int i = 0; i < 3; i++) {
            Geometry log = p.block("log", 0.16f, 0.16f, 1.1f, new Vector3f(0, 0.1f, 0), looks.timber());
            log.setLocalRotation(new Quaternion().fromAngleAxis(i * FastMath.PI / 3, Vector3f.UNIT_Y));
        }
        p.spire("embers", 0.3f, 0.2f, 6, new Vector3f(0, 0.1f, 0), looks.fire());
        flames(p, new Vector3f(0, 0.2f, 0), 0.7f);
        night.glow(node, new Vector3f(0, 1, 0), 7);
    }

    private void tower(Parts p, float w) {
        p.column("tower", w / 2, 10, 10, new Vector3f(), looks.stone());
        p.spire("tower roof", w / 2 + 0.4f, 3, 10, new Vector3f(0, 10, 0), looks.slate());
        door(p, w, 1.1f, 2f);
        Geometry top = p.block("lamp room", 1.2f, 1f, 0.1f, new Vector3f(0, 8.5f, w / 2), looks.glass());
        night.window(top);
    }

    private void hall(Parts p, float w, float d) {
        walls(p, w, 7f, d, looks.stone());
        p.block("cornice", w + 0.6f, 0.5f, d + 0.6f, new Vector3f(0, 7f, 0), looks.plaster());
        p.gable("roof", w, d, 2.2f, new Vector3f(0, 7.5f, 0), looks.slate()).setLocalRotation(quarter());
        door(p, d, 1.8f, 2.6f);
        for (int side = -1; side <= 1; side += 2) {
            p.column("pillar", 0.25f, 4f, 10, new Vector3f(side * 1.6f, 0, d / 2 + 1.2f), looks.plaster());
        }
        p.block("porch roof", 4.4f, 0.35f, 1.8f, new Vector3f(0, 4f, d / 2 + 0.9f), looks.plaster());
        windows(p, w, d, 1.6f, 3);
        windows(p, w, d, 4.6f, 3);
    }

    private void tent(Parts p, float w) {
        p.column("tent wall", w / 2, 1.2f, 12, new Vector3f(), looks.canvas());
        p.spire("tent roof", w / 2 + 0.2f, 1.8f, 12, new Vector3f(0, 1.2f, 0), looks.stripes());
        p.block("tent flap", 1f, 1.1f, 0.05f, new Vector3f(0, 0, w / 2 + 0.02f), looks.timber());
    }

    private void flames(Parts p, Vector3f at, float size) {
        ParticleEmitter fire = Fire.flames(looks.assets(), size);
        fire.setLocalTranslation(at);
        p.node().attachChild(fire);
    }

    private void walls(Parts p, float w, float h, float d, Material m) {
        p.block("walls", w, h, d, new Vector3f(), m);
    }

    /** Dark timber posts at the corners and a beam under the eaves. */
    private void frame(Parts p, float w, float h, float d) {
        for (int sx = -1; sx <= 1; sx += 2) {
            for (int sz = -1; sz <= 1; sz += 2) {
                p.block("corner post", 0.25f, h, 0.25f, new Vector3f(sx * w / 2, 0, sz * d / 2), looks.timber());
            }
        }
        p.block("beam", w + 0.1f, 0.22f, 0.1f, new Vector3f(0, h - 0.22f, d / 2 + 0.03f), looks.timber());
    }

    private void door(Parts p, float d, float width, float height) {
        p.block("door", width, height, 0.12f, new Vector3f(0, 0, d / 2 + 0.02f), looks.timber());
        p.block("door step", width + 0.6f, 0.15f, 0.6f, new Vector3f(0, 0, d / 2 + 0.3f), looks.darkStone());
        // A lamp beside every door, lit from dusk to dawn (a glow only: lights cost a pass each).
        night.flame(p.node(), new Vector3f(width / 2 + 0.35f, height - 0.1f, d / 2 + 0.25f), 0.09f, 0);
    }

    /** Windows either side of the door, on the front and the back, at a height. */
    private void windows(Parts p, float w, float d, float y, int perSide) {
        float spacing = (w / 2 - 0.8f) / perSide;
        for (int i = 0; i < perSide; i++) {
            float x = 1.4f + i * spacing;
            for (int side = -1; side <= 1; side += 2) {
                night.window(
                        p.block("window", 0.8f, 0.9f, 0.08f, new Vector3f(side * x, y, d / 2 + 0.04f), looks.glass()));
                night.window(
                        p.block("window", 0.8f, 0.9f, 0.08f, new Vector3f(side * x, y, -d / 2 - 0.04f), looks.glass()));
            }
        }
    }

    /** The place's name on a board beside the door. */
    private void sign(Parts p, VillagePlan.Site site, float d) {
        String name = capitalised(site.place().name());
        BitmapText text = new BitmapText(font);
        text.setSize(0.22f);
        text.setText(name);
        text.setColor(new ColorRGBA(0.95f, 0.9f, 0.75f, 1));
        float width = text.getLineWidth() + 0.3f;
        Vector3f at = new Vector3f(-site.width() / 2 - width / 2 - 0.4f, 0, d / 2 + 0.8f);
        if (site.kind() == PlaceKind.GATE || site.kind() == PlaceKind.PIER || site.kind() == PlaceKind.FIRE) {
            at = new Vector3f(-3.5f - width / 2, 0, 2.5f);
        }
        p.block("signpost", 0.12f, 1.5f, 0.12f, at, looks.timber());
        p.block("sign board", width, 0.45f, 0.06f, at.add(0, 1.3f, 0.08f), looks.timber());
        text.setLocalTranslation(at.x - text.getLineWidth() / 2, at.y + 1.3f + 0.45f - 0.1f, at.z + 0.13f);
        text.setName(SIGN_TEXT);
        p.node().attachChild(text);
    }

    private static Quaternion quarter() {
        return new Quaternion().fromAngleAxis(FastMath.HALF_PI, Vector3f.UNIT_Y);
    }

    static String capitalised(String name) {
        return name.isEmpty() ? name : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }
}
