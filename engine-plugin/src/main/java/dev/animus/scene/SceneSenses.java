package dev.animus.scene;

import com.jme3.collision.CollisionResult;
import com.jme3.collision.CollisionResults;
import com.jme3.math.FastMath;
import com.jme3.math.Ray;
import com.jme3.math.Vector3f;
import com.jme3.scene.Spatial;
import dev.animus.behaviour.Surroundings;
import dev.animus.perception.Nearby;
import dev.animus.perception.Percept;
import dev.animus.perception.PerceptText;
import dev.animus.perception.Salience;
import dev.animus.perception.Sound;
import dev.animus.world.Senses;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * What an NPC notices in the scene: the player and other NPCs it can see (within range, inside
 * its field of view around where it faces, not hidden behind scene geometry: a ray test), and
 * the sounds of this frame it can hear. Render thread: it reads the scene graph.
 *
 * @param <T> what an NPC is to the caller (the plugin's brain controls)
 */
public final class SceneSenses<T> {
    /** How to read an NPC. */
    public interface Npcs<T> {
        /** @return its spatial, or null */
        Spatial spatial(T npc);

        /** @return its id */
        String id(T npc);

        /** @return its name, as others see it */
        String name(T npc);
    }

    /** Eye height above a spatial's origin, for line-of-sight rays. */
    public static final float EYE = 1.6f;
    /** Line of sight is tested for at most this many of the nearest NPCs in view (the player always). */
    public static final int SIGHT_CHECKS = 4;

    private final Vector3f eye = new Vector3f();
    private final Vector3f target = new Vector3f();
    private final Vector3f direction = new Vector3f();
    private final Ray ray = new Ray();
    private final CollisionResults hits = new CollisionResults();
    /** The NPCs in the field of view of the current look; reused (render thread). */
    private final List<T> inView = new ArrayList<>();

    private final Npcs<T> npcs;

    public SceneSenses(Npcs<T> npcs) {
        this.npcs = npcs;
    }

    /**
     * @param self who perceives
     * @param senses how far and wide
     * @param others the NPCs around (self may be among them)
     * @param player the player's spatial, or null
     * @param playerArmed whether the player holds a drawn weapon
     * @param occluders what can hide things (the scene's parts other than NPCs), or null for no line-of-sight test
     * @return what it sees now, any order
     */
    public List<Percept> see(
            T self, Senses senses, Collection<T> others, Spatial player, boolean playerArmed, Occluders occluders) {
        List<Percept> out = new ArrayList<>();
        Spatial me = npcs.spatial(self);
        Vector3f here = me.getWorldTranslation();
        if (player != null && player.getParent() != null) {
            float d = here.distance(player.getWorldTranslation());
            if (inView(me, player, senses, d) && visible(me, player, d, occluders)) {
                Vector3f p = player.getWorldTranslation();
                String where = PerceptText.describe(List.of(new Nearby("the stranger", d, p.x - here.x, p.z - here.z)));
                String text =
                        playerArmed ? where.substring(0, where.length() - 1) + ", holding a drawn weapon." : where;
                // The state is what the subject does plus a coarse distance, so walking up counts as news.
                out.add(new Percept(
                        Percept.Sense.SIGHT,
                        Surroundings.PLAYER,
                        state(playerArmed ? ARMED : UNARMED, d),
                        text,
                        d,
                        Salience.of(d, senses.sightMetres(), true, playerArmed, false)));
            }
        }
        inView.clear();
        for (T other : others) {
            Spatial body = npcs.spatial(other);
            if (other != self && body != null && body.getParent() != null) {
                float d = here.distance(body.getWorldTranslation());
                if (inView(me, body, senses, d)) {
                    inView.add(other);
                }
            }
        }
        inView.sort(Comparator.comparingDouble(
                o -> here.distanceSquared(npcs.spatial(o).getWorldTranslation())));
        for (T other : inView.subList(0, Math.min(SIGHT_CHECKS, inView.size()))) {
            Spatial body = npcs.spatial(other);
            Vector3f p = body.getWorldTranslation();
            float d = here.distance(p);
            if (visible(me, body, d, occluders)) {
                String text =
                        PerceptText.describe(List.of(new Nearby(npcs.name(other), d, p.x - here.x, p.z - here.z)));
                out.add(new Percept(
                        Percept.Sense.SIGHT,
                        npcs.id(other),
                        state(NEAR, d),
                        text,
                        d,
                        Salience.of(d, senses.sightMetres(), true, false, false)));
            }
        }
        return out;
    }

    /**
     * @param listener who might hear
     * @param senses its senses
     * @param s the sound
     * @return the percept, or null if it does not hear it (too far, or the words were said to it)
     */
    public Percept hear(T listener, Senses senses, Sound s) {
        String id = npcs.id(listener);
        Spatial body = npcs.spatial(listener);
        if (id.equals(s.addressee()) || id.equals(s.source()) || body == null) {
            return null;
        }
        float d = body.getWorldTranslation().distance(new Vector3f(s.x(), s.y(), s.z()));
        if (Float.isInfinite(s.loudness())) {
            d = 0; // heard everywhere, as if here
        }
        if (!s.heardBy(senses.hearingMetres(), d)) {
            return null;
        }
        float range = Math.max(1, senses.hearingMetres() * Math.min(s.loudness(), 10));
        return new Percept(
                Percept.Sense.HEARING,
                s.source(),
                s.text(),
                s.text(),
                d,
                // A shout or a bell calls for everyone's attention, as if addressed to each.
                Salience.of(d, range, true, s.threat(), s.loudness() >= Sound.SHOUT));
    }

    /** Within range and inside the field of view around where the spatial faces (+Z, jME's convention). */
    private boolean inView(Spatial me, Spatial other, Senses senses, float d) {
        if (d > senses.sightMetres()) {
            return false;
        }
        if (senses.fieldOfViewDegrees() >= 360 || d < 0.01f) {
            return true;
        }
        Vector3f facing = me.getWorldRotation().mult(Vector3f.UNIT_Z, direction);
        target.set(other.getWorldTranslation())
                .subtractLocal(me.getWorldTranslation())
                .normalizeLocal();
        float cos = facing.dot(target);
        return cos >= FastMath.cos(FastMath.DEG_TO_RAD * senses.fieldOfViewDegrees() / 2);
    }

    /** No scene geometry (other than the two themselves) between their eyes. */
    private boolean visible(Spatial me, Spatial other, float d, Occluders occluders) {
        if (occluders == null || d < 0.01f) {
            return true;
        }
        eye.set(me.getWorldTranslation()).addLocal(0, EYE, 0);
        target.set(other.getWorldTranslation()).addLocal(0, EYE, 0);
        direction.set(target).subtractLocal(eye);
        float length = direction.length();
        ray.setOrigin(eye);
        ray.setDirection(direction.normalizeLocal());
        ray.setLimit(length);
        hits.clear();
        occluders.collide(ray, hits);
        for (int i = 0; i < hits.size(); i++) {
            CollisionResult hit = hits.getCollision(i);
            if (hit.getDistance() < length - 0.05f
                    && !within(hit.getGeometry(), me)
                    && !within(hit.getGeometry(), other)) {
                return false;
            }
        }
        return true;
    }

    private static boolean within(Spatial s, Spatial ancestor) {
        for (Spatial p = s; p != null; p = p.getParent()) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static final String[] ARMED = {"armed@close", "armed@near", "armed@around", "armed@far"};
    private static final String[] UNARMED = {"unarmed@close", "unarmed@near", "unarmed@around", "unarmed@far"};
    private static final String[] NEAR = {"near@close", "near@near", "near@around", "near@far"};

    /** What the subject does and a distance band (what counts as having moved), as a constant: no string built per look. */
    private static String state(String[] bands, float metres) {
        return bands[metres < 3 ? 0 : metres < 8 ? 1 : metres < 20 ? 2 : 3];
    }
}
