package dev.animus.scene;

import com.jme3.bounding.BoundingBox;
import com.jme3.bounding.BoundingVolume;
import com.jme3.collision.CollisionResults;
import com.jme3.math.Ray;
import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import com.jme3.scene.control.Control;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What can hide one thing from another: the scene's top-level parts other than NPCs, with
 * their bounding boxes copied once a frame into a primitive array. A line-of-sight ray first
 * meets those boxes (a few float comparisons each, nothing allocated), and only the parts whose
 * box it crosses are tested against their geometry: jME's own ray test borrows temporary
 * vectors for every bound it checks, which is what sight cost at a few hundred NPCs.
 * Render thread.
 */
public final class Occluders {
    private final Class<? extends Control> npcMarker;
    private final List<Spatial> parts = new ArrayList<>();
    /** Per part: min x, y, z, max x, y, z of its world box; NaN where its bound is not a box. */
    private float[] boxes = new float[6 * 32];
    /** The root and its children when the parts were last chosen (null: choose again). */
    private Node scannedRoot;

    private Spatial[] scanned = new Spatial[32];
    private int scannedCount;

    /** @param npcMarker the control that marks a spatial as an NPC's body (their bodies never hide anything) */
    public Occluders(Class<? extends Control> npcMarker) {
        this.npcMarker = npcMarker;
    }

    /**
     * Takes the parts of {@code root} that are not NPCs, with their current world bounds. Which
     * children are parts is looked at again only when the root's children or the NPCs changed
     * (asking each of hundreds of children for its controls every frame was a fifth of the
     * plugin's frame); the boxes are read every frame.
     */
    public void refresh(Node root) {
        List<Spatial> children = root.getChildren();
        if (!sameChildren(root, children)) {
            parts.clear();
            for (Spatial child : children) {
                if (child.getControl(npcMarker) == null) {
                    parts.add(child);
                }
            }
            remember(root, children);
        }
        if (parts.size() * 6 > boxes.length) {
            boxes = Arrays.copyOf(boxes, Math.max(boxes.length * 2, parts.size() * 6));
        }
        for (int p = 0; p < parts.size(); p++) {
            box(p);
        }
    }

    /** The NPCs changed (one joined or left): the next refresh chooses the parts again. */
    public void invalidate() {
        scannedRoot = null;
    }

    /** No occluders at all (line of sight off, or nothing in the scene). */
    public void clear() {
        parts.clear();
        scannedRoot = null;
    }

    private boolean sameChildren(Node root, List<Spatial> children) {
        if (root != scannedRoot || children.size() != scannedCount) {
            return false;
        }
        for (int i = 0; i < scannedCount; i++) {
            if (children.get(i) != scanned[i]) {
                return false;
            }
        }
        return true;
    }

    private void remember(Node root, List<Spatial> children) {
        if (scanned.length < children.size()) {
            scanned = new Spatial[Math.max(children.size(), scanned.length * 2)];
        }
        Arrays.fill(scanned, null); // no reference kept to a child that left
        for (int i = 0; i < children.size(); i++) {
            scanned[i] = children.get(i);
        }
        scannedCount = children.size();
        scannedRoot = root;
    }

    private void box(int p) {
        int i = p * 6;
        Spatial part = parts.get(p);
        BoundingVolume bound = part.getWorldBound();
        if (bound instanceof BoundingBox box) {
            Vector3f c = box.getCenter();
            boxes[i] = c.x - box.getXExtent();
            boxes[i + 1] = c.y - box.getYExtent();
            boxes[i + 2] = c.z - box.getZExtent();
            boxes[i + 3] = c.x + box.getXExtent();
            boxes[i + 4] = c.y + box.getYExtent();
            boxes[i + 5] = c.z + box.getZExtent();
        } else {
            Arrays.fill(boxes, i, i + 6, Float.NaN); // a sphere or no bound yet: always tested the slow way
        }
    }

    /**
     * Collects where a ray (with its limit) meets the occluders' geometry, skipping NPCs' bodies.
     *
     * @param ray the ray, its direction normalised and its limit set
     * @param hits where the hits go
     */
    void collide(Ray ray, CollisionResults hits) {
        Vector3f o = ray.getOrigin();
        Vector3f d = ray.getDirection();
        for (int p = 0; p < parts.size(); p++) {
            int i = p * 6;
            if (Float.isNaN(boxes[i]) || crosses(o, d, ray.getLimit(), i)) {
                collide(parts.get(p), ray, hits);
            }
        }
    }

    /** The slab test: whether the segment from o along d for up to {@code limit} crosses box i. */
    private boolean crosses(Vector3f o, Vector3f d, float limit, int i) {
        float near = 0;
        float far = limit;
        for (int axis = 0; axis < 3; axis++) {
            float origin = axis == 0 ? o.x : axis == 1 ? o.y : o.z;
            float step = axis == 0 ? d.x : axis == 1 ? d.y : d.z;
            float min = boxes[i + axis];
            float max = boxes[i + 3 + axis];
            if (Math.abs(step) < 1e-9f) {
                if (origin < min || origin > max) {
                    return false;
                }
                continue;
            }
            float t1 = (min - origin) / step;
            float t2 = (max - origin) / step;
            near = Math.max(near, Math.min(t1, t2));
            far = Math.min(far, Math.max(t1, t2));
            if (near > far) {
                return false;
            }
        }
        return true;
    }

    /**
     * The ray against a part, skipping NPCs' bodies: people do not hide each other here, and
     * testing every character mesh and every NPC's bounds per ray is what made sight cost grow
     * with the crowd (jME's own traversal visits them all).
     */
    private void collide(Spatial s, Ray ray, CollisionResults hits) {
        if (s.getControl(npcMarker) != null
                || s.getWorldBound() == null
                || !s.getWorldBound().intersects(ray)) {
            return;
        }
        if (s instanceof Node node) {
            for (Spatial child : node.getChildren()) {
                collide(child, ray, hits);
            }
        } else {
            s.collideWith(ray, hits);
        }
    }
}
