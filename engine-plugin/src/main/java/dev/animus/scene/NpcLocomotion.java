package dev.animus.scene;

import com.jme3.export.InputCapsule;
import com.jme3.export.JmeExporter;
import com.jme3.export.JmeImporter;
import com.jme3.export.OutputCapsule;
import com.jme3.export.Savable;
import com.jme3.math.FastMath;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.renderer.RenderManager;
import com.jme3.renderer.ViewPort;
import com.jme3.scene.Spatial;
import com.jme3.scene.control.AbstractControl;
import com.jme3.util.clone.Cloner;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Carries out an NPC's {@code walk_to} and {@code face} actions on its spatial: it walks in a
 * straight line to the goal at a steady pace, turned the way it goes and playing its walk clip
 * (through the {@link NpcAnimator}, if it has one), and turns smoothly to face someone. There is
 * no path finding: a game with a navigation mesh turns this off
 * ({@code AnimusConfig.builder().locomotion(false)}) and moves NPCs itself on the
 * {@code NpcActionListener}'s commands. Render thread only.
 *
 * <p>A clone ({@code spatial.clone()}) gets its own locomotion, going where the original was
 * going (its own copies of the goal and the patrol), facing the same one. A {@code .j3o} keeps
 * the goal, the patrol and the heading, not whom it faces: a loaded NPC walks on.
 */
public final class NpcLocomotion extends AbstractControl {
    /** Walking pace in metres per second. */
    public static final float WALK_SPEED = 1.4f;
    /** How close counts as arrived, in metres. */
    public static final float ARRIVED = 0.3f;
    /** Turning speed in radians per second. */
    private static final float TURN_SPEED = 4f;

    /** Seconds an NPC that turns to someone stands still before walking on. */
    static final float FACE_PAUSE = 8;

    private Vector3f goal;
    private List<Vector3f> patrol = List.of();
    private int patrolNext;
    private float paused;
    private Supplier<Vector3f> facing;
    private Vector3f step = new Vector3f();
    private Quaternion turn = new Quaternion();
    private float yaw;

    /** A locomotion for jME's importer (.j3o); the plugin adds its own with {@code of}. */
    public NpcLocomotion() {}

    /** The NPC's locomotion, added if missing. */
    public static NpcLocomotion of(Spatial npc) {
        NpcLocomotion existing = npc.getControl(NpcLocomotion.class);
        if (existing == null) {
            existing = new NpcLocomotion();
            npc.addControl(existing);
        }
        return existing;
    }

    @Override
    public void setSpatial(Spatial spatial) {
        super.setSpatial(spatial);
        if (spatial != null) { // start from the way the game turned it
            yaw = spatial.getLocalRotation().toAngles(null)[1];
        }
    }

    /** Walks to a point in world space (x and z; the NPC keeps its height). Ends a patrol. */
    public void walkTo(Vector3f worldPoint) {
        patrol = List.of();
        goTo(worldPoint);
    }

    /** Walks between points in world space in a loop, from the first, until told otherwise. */
    public void patrol(List<Vector3f> worldPoints) {
        patrol = List.copyOf(worldPoints);
        patrolNext = 1 % patrol.size();
        goTo(patrol.get(0));
    }

    private void goTo(Vector3f worldPoint) {
        goal = spatial.getParent() == null
                ? worldPoint.clone()
                : spatial.getParent().worldToLocal(worldPoint, null);
        facing = null;
        paused = 0;
        setWalking(true);
    }

    /**
     * Turns to face a moving target (the player, another NPC), standing still for
     * {@link #FACE_PAUSE} seconds if it was walking, then walks on.
     */
    public void face(Supplier<Vector3f> worldPoint) {
        facing = worldPoint;
        if (goal != null) {
            paused = FACE_PAUSE;
            setWalking(false);
        }
    }

    /** @return whether it is walking (not standing, nor paused to face someone) */
    public boolean walking() {
        return goal != null && paused <= 0;
    }

    /** @return the direction it faces, radians about +y from +z, in (-π, π] (0 faces south, π/2 east) */
    public float yaw() {
        return yaw;
    }

    @Override
    protected void controlUpdate(float tpf) {
        Vector3f here = spatial.getLocalTranslation();
        if (paused > 0) {
            paused -= tpf;
            if (paused <= 0) {
                facing = null;
                setWalking(goal != null);
            }
        }
        if (goal != null && paused <= 0) {
            step.set(goal.x - here.x, 0, goal.z - here.z);
            float distance = step.length();
            if (distance <= ARRIVED) {
                if (patrol.size() > 1) { // on to the next point of the loop
                    goTo(patrol.get(patrolNext));
                    patrolNext = (patrolNext + 1) % patrol.size();
                } else {
                    goal = null;
                    setWalking(false);
                }
            } else {
                turnTowards(FastMath.atan2(step.x, step.z), tpf);
                step.multLocal(Math.min(WALK_SPEED * tpf, distance) / distance);
                spatial.setLocalTranslation(here.x + step.x, here.y, here.z + step.z);
            }
        } else if (facing != null) {
            Vector3f target = facing.get();
            if (target != null) {
                Vector3f world = spatial.getWorldTranslation();
                if (FastMath.abs(target.x - world.x) + FastMath.abs(target.z - world.z) > 0.01f) {
                    turnTowards(FastMath.atan2(target.x - world.x, target.z - world.z), tpf);
                }
            }
        }
    }

    private void turnTowards(float wanted, float tpf) {
        float delta = wanted - yaw;
        while (delta > FastMath.PI) {
            delta -= FastMath.TWO_PI;
        }
        while (delta < -FastMath.PI) {
            delta += FastMath.TWO_PI;
        }
        float most = TURN_SPEED * tpf;
        yaw += Math.max(-most, Math.min(most, delta));
        yaw = yaw > FastMath.PI ? yaw - FastMath.TWO_PI : yaw <= -FastMath.PI ? yaw + FastMath.TWO_PI : yaw;
        spatial.setLocalRotation(turn.fromAngleNormalAxis(yaw, Vector3f.UNIT_Y));
    }

    private void setWalking(boolean walking) {
        NpcAnimator animator = spatial.getControl(NpcAnimator.class);
        if (animator != null) {
            animator.setWalking(walking);
        }
    }

    @Override
    protected void controlRender(RenderManager rm, ViewPort vp) {}

    /** @return the goal it walks to, in its parent's space, or null (for tests) */
    Vector3f goal() {
        return goal;
    }

    /** @return the patrol's points in world space, empty when it has none (for tests) */
    public List<Vector3f> patrolPoints() {
        return patrol;
    }

    /** A clone moves its own spatial, with its own copies of where it goes. */
    @Override
    public void cloneFields(Cloner cloner, Object original) {
        super.cloneFields(cloner, original);
        goal = goal == null ? null : goal.clone();
        patrol = patrol.stream().map(Vector3f::clone).toList();
        step = new Vector3f();
        turn = new Quaternion();
    }

    /** Saves the goal, the patrol and the heading (not whom it faces). */
    @Override
    public void write(JmeExporter ex) throws IOException {
        super.write(ex);
        OutputCapsule out = ex.getCapsule(this);
        out.write(goal, "goal", null);
        out.write(patrol.toArray(new Vector3f[0]), "patrol", null);
        out.write(patrolNext, "patrolNext", 0);
        out.write(yaw, "yaw", 0f);
    }

    /** Reads what {@link #write} saved: it walks on where it was going. */
    @Override
    public void read(JmeImporter im) throws IOException {
        super.read(im);
        InputCapsule in = im.getCapsule(this);
        goal = (Vector3f) in.readSavable("goal", null);
        Savable[] points = in.readSavableArray("patrol", null);
        patrol = points == null
                ? List.of()
                : Arrays.stream(points).map(Vector3f.class::cast).toList();
        patrolNext = patrol.isEmpty() ? 0 : Math.floorMod(in.readInt("patrolNext", 0), patrol.size());
        yaw = in.readFloat("yaw", 0f);
        facing = null;
        paused = 0;
    }
}
