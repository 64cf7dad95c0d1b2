package dev.animus.demo.play.village;

import com.jme3.effect.ParticleEmitter;
import com.jme3.math.FastMath;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import com.jme3.scene.shape.Box;
import dev.animus.world.Prop;
import java.util.ArrayList;
import java.util.List;

/**
 * The props of a world file, each by the words of its kind: lanterns and torches, fires, an anvil,
 * barrels, crates, a cart, a well, boats (out on the water), nets, candles, a bell (in its
 * tower), baskets, a mill wheel (on its mill), tables, stones; anything else a plain crate.
 * Render thread.
 */
final class Props {
    private final Looks looks;
    private final NightLights night;
    private final VillagePlan plan;
    private final List<Spatial> wheels = new ArrayList<>();

    Props(Looks looks, NightLights night, VillagePlan plan) {
        this.looks = looks;
        this.night = night;
        this.plan = plan;
    }

    /** @return the things that turn (mill wheels) */
    List<Spatial> wheels() {
        return wheels;
    }

    /** @return whether a prop's node holds something that turns (and so cannot be batched) */
    boolean turns(Node prop) {
        for (Spatial w : wheels) {
            if (w.getParent() == prop) {
                return true;
            }
        }
        return false;
    }

    Node build(Prop prop) {
        Node node = new Node(prop.kind());
        Parts p = new Parts(node);
        Vector3f at = plan.propAt(prop);
        String k = prop.kind() + " " + prop.id();
        Vector3f o = new Vector3f();
        if (Words.any(k, "lantern", "lamp", "torch", "beacon", "candelabra")) {
            boolean torches = Words.any(k, "torch");
            for (int i = 0; i < 2; i++) {
                Vector3f post = torches ? new Vector3f(i == 0 ? -2.6f : 2.6f, 0, 1.4f) : new Vector3f(i * 2.5f, 0, 0);
                p.block("lantern post", 0.14f, 2.6f, 0.14f, post, looks.timber());
                p.block("lantern arm", 0.5f, 0.08f, 0.08f, post.add(0.2f, 2.5f, 0), looks.timber());
                p.block("lantern cage", 0.3f, 0.36f, 0.3f, post.add(0.4f, 2.05f, 0), looks.metal());
                night.flame(node, post.add(0.4f, 2.23f, 0), 0.13f, 10);
            }
        } else if (Words.any(k, "candle")) {
            p.block("candle table", 0.9f, 0.8f, 0.5f, o, looks.wood());
            for (int i = -1; i <= 1; i++) {
                p.column("candle", 0.03f, 0.2f, 6, new Vector3f(i * 0.25f, 0.8f, 0), looks.plaster());
                night.flame(node, new Vector3f(i * 0.25f, 1.05f, 0), 0.04f, i == 0 ? 4 : 0);
            }
        } else if (Words.any(k, "fire", "brazier", "hearth", "furnace", "kiln", "campfire", "oven")) {
            p.block("hearth", 1.6f, 0.9f, 1.6f, o, looks.darkStone());
            p.block("fire", 1.1f, 0.12f, 1.1f, new Vector3f(0, 0.9f, 0), looks.fire());
            ParticleEmitter flames = Fire.flames(looks.assets(), 0.8f);
            flames.setLocalTranslation(0, 1f, 0);
            node.attachChild(flames);
            night.glow(node, new Vector3f(0, 1.6f, 0), 7);
        } else if (Words.any(k, "anvil")) {
            p.block("anvil block", 0.5f, 0.5f, 0.5f, o, looks.wood());
            p.block("anvil", 0.3f, 0.25f, 0.8f, new Vector3f(0, 0.5f, 0), looks.metal());
            p.block("anvil face", 0.42f, 0.14f, 0.9f, new Vector3f(0, 0.75f, 0), looks.metal());
        } else if (Words.any(k, "barrel", "keg", "cask", "vat")) {
            for (int i = 0; i < 3; i++) {
                p.column("barrel", 0.38f, 1f, 12, new Vector3f(i * 0.85f, 0, 0), looks.wood());
                p.column("barrel hoop", 0.4f, 0.08f, 12, new Vector3f(i * 0.85f, 0.75f, 0), looks.metal());
            }
        } else if (Words.any(k, "cart", "wagon", "barrow", "wheelbarrow")) {
            p.block("cart bed", 2.4f, 0.3f, 1.4f, new Vector3f(0, 0.65f, 0), looks.wood());
            p.block("cart side", 2.4f, 0.4f, 0.08f, new Vector3f(0, 0.95f, 0.68f), looks.wood());
            p.block("cart side", 2.4f, 0.4f, 0.08f, new Vector3f(0, 0.95f, -0.68f), looks.wood());
            p.block("cart shaft", 1.8f, 0.08f, 0.08f, new Vector3f(-2f, 0.6f, 0.4f), looks.timber());
            p.block("cart shaft", 1.8f, 0.08f, 0.08f, new Vector3f(-2f, 0.6f, -0.4f), looks.timber());
            p.disc("cart wheel", 0.5f, 0.1f, new Vector3f(0, 0.5f, 0.8f), looks.timber());
            p.disc("cart wheel", 0.5f, 0.1f, new Vector3f(0, 0.5f, -0.8f), looks.timber());
        } else if (Words.any(k, "well", "fountain", "cistern")) {
            p.column("well", 1.1f, 0.9f, 16, o, looks.stone());
            p.column("well water", 0.9f, 0.05f, 16, new Vector3f(0, 0.84f, 0), looks.glass());
            p.block("well post", 0.15f, 2.4f, 0.15f, new Vector3f(-1f, 0.2f, 0), looks.timber());
            p.block("well post", 0.15f, 2.4f, 0.15f, new Vector3f(1f, 0.2f, 0), looks.timber());
            p.gable("well roof", 2.4f, 1.6f, 0.8f, new Vector3f(0, 2.6f, 0), looks.roofTiles())
                    .setLocalRotation(new Quaternion().fromAngleAxis(FastMath.HALF_PI, Vector3f.UNIT_Y));
            p.block("bucket", 0.3f, 0.3f, 0.3f, new Vector3f(0.4f, 1.5f, 0), looks.wood());
        } else if (Words.any(k, "boat", "raft", "canoe", "skiff", "dinghy")) {
            for (int i = 0; i < 2; i++) {
                Vector3f hull = new Vector3f(i * 2.6f, -0.15f, i * 1.2f);
                p.block("hull", 1.3f, 0.5f, 3.6f, hull, looks.wood());
                p.block("gunwale", 1.4f, 0.1f, 3.7f, hull.add(0, 0.5f, 0), looks.timber());
                p.block("bench", 1.2f, 0.08f, 0.3f, hull.add(0, 0.4f, 0.4f), looks.planks());
            }
        } else if (Words.any(k, "net", "rope", "line")) {
            p.block("rack post", 0.1f, 1.8f, 0.1f, new Vector3f(-1.1f, 0, 0), looks.timber());
            p.block("rack post", 0.1f, 1.8f, 0.1f, new Vector3f(1.1f, 0, 0), looks.timber());
            p.block("rack pole", 2.4f, 0.08f, 0.08f, new Vector3f(0, 1.75f, 0), looks.timber());
            p.block("net", 2.1f, 1.2f, 0.03f, new Vector3f(0, 0.5f, 0), looks.cloth(NET));
        } else if (Words.any(k, "bell", "gong")) {
            bell(p, prop, at);
        } else if (Words.any(k, "wheel", "waterwheel", "sails")) {
            Spatial wheel = p.disc("mill wheel", 2.4f, 0.5f, new Vector3f(0, 2.6f, 0), looks.wood());
            for (int i = 0; i < 4; i++) {
                Spatial paddle = p.add("paddle", new Box(2.5f, 0.12f, 0.35f), new Vector3f(0, 2.6f, 0), looks.timber());
                paddle.setLocalRotation(new Quaternion().fromAngleAxis(i * FastMath.QUARTER_PI, Vector3f.UNIT_Z));
                wheels.add(paddle);
            }
            wheels.add(wheel);
            onBuildingSide(prop, node, at);
            return node;
        } else if (Words.any(k, "basket", "herb", "flower", "pot", "planter", "sack")) {
            for (int i = 0; i < 3; i++) {
                Vector3f b = new Vector3f(i * 0.7f, 0, (i % 2) * 0.4f);
                p.column("basket", 0.3f, 0.4f, 10, b, looks.wood());
                p.spire("herbs", 0.28f, 0.35f, 8, b.add(0, 0.4f, 0), looks.leaves());
            }
        } else if (Words.any(k, "table", "bench", "stall", "counter", "desk")) {
            p.block("table", 1.8f, 0.08f, 0.9f, new Vector3f(0, 0.75f, 0), looks.wood());
            for (int sx = -1; sx <= 1; sx += 2) {
                p.block("leg", 0.08f, 0.75f, 0.7f, new Vector3f(sx * 0.8f, 0, 0), looks.timber());
            }
            p.block("bench", 1.8f, 0.45f, 0.3f, new Vector3f(0, 0, 0.8f), looks.wood());
        } else if (Words.any(k, "statue", "stone", "rock", "monument", "obelisk", "altar", "grave")) {
            p.block("plinth", 1.2f, 0.6f, 1.2f, o, looks.stone());
            p.spire("standing stone", 0.45f, 2.2f, 5, new Vector3f(0, 0.6f, 0), looks.darkStone());
        } else { // a kind the demo has no model for: a crate where the file says
            p.block("crate", 0.9f, 0.9f, 0.9f, o, looks.wood());
            p.block("crate", 0.8f, 0.8f, 0.8f, new Vector3f(1f, 0, 0.3f), looks.wood());
            p.block("crate", 0.7f, 0.7f, 0.7f, new Vector3f(0.4f, 0.9f, 0.1f), looks.wood());
        }
        node.setLocalTranslation(at);
        return node;
    }

    private static final com.jme3.math.ColorRGBA NET = new com.jme3.math.ColorRGBA(0.55f, 0.5f, 0.38f, 1);

    /** A bell hangs in its place's tower where there is one, else from a little frame. */
    private void bell(Parts p, Prop prop, Vector3f at) {
        VillagePlan.Site site = siteOf(prop);
        if (site != null && (site.kind() == PlaceKind.CHAPEL || site.kind() == PlaceKind.TOWER)) {
            Vector3f tower = site.kind() == PlaceKind.CHAPEL
                    ? site.building().add(rotate(site, new Vector3f(0, 0, -site.depth() / 2 - 1)))
                    : site.building().clone();
            at.set(tower.x, site.building().y + 7.6f, tower.z);
            p.block("belfry opening", 2.7f, 1.2f, 1.2f, new Vector3f(0, -0.3f, 0), looks.timber());
        } else {
            p.block("bell post", 0.15f, 2.6f, 0.15f, new Vector3f(-0.8f, -at.y, 0), looks.timber());
            p.block("bell post", 0.15f, 2.6f, 0.15f, new Vector3f(0.8f, -at.y, 0), looks.timber());
            p.block("bell beam", 1.8f, 0.15f, 0.15f, new Vector3f(0, 2.5f - at.y, 0), looks.timber());
            at.y = plan.height(at.x, at.z) + 2.5f;
        }
        p.spire("bell", 0.5f, 0.8f, 12, new Vector3f(0, -0.85f, 0), looks.brass());
    }

    /** A wheel turns against the side of its place's building, when its place has one. */
    private void onBuildingSide(Prop prop, Node node, Vector3f at) {
        VillagePlan.Site site = siteOf(prop);
        if (site != null && !site.kind().open()) {
            Vector3f side = rotate(site, new Vector3f(site.width() / 2 + 0.5f, 0, 0));
            at.set(site.building().add(side));
            node.setLocalRotation(new Quaternion().fromAngleAxis(site.yaw() + FastMath.HALF_PI, Vector3f.UNIT_Y));
        }
        node.setLocalTranslation(at);
    }

    private VillagePlan.Site siteOf(Prop prop) {
        for (VillagePlan.Site s : plan.sites()) {
            if (s.place().id().equals(prop.place())) {
                return s;
            }
        }
        return null;
    }

    private static Vector3f rotate(VillagePlan.Site site, Vector3f local) {
        return new Quaternion().fromAngleAxis(site.yaw(), Vector3f.UNIT_Y).mult(local);
    }
}
