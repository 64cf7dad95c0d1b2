package dev.animus.demo.play;

import com.jme3.math.Vector3f;
import com.jme3.renderer.RenderManager;
import com.jme3.renderer.ViewPort;
import com.jme3.scene.control.AbstractControl;
import java.util.List;

/** Walks its spatial along a loop of points at a steady pace. Render thread. */
final class RouteControl extends AbstractControl {
    private final List<Vector3f> route;
    private final float speed;
    private final Vector3f step = new Vector3f();
    private int target;

    /**
     * @param route the loop (at least one point)
     * @param speed metres per second (&gt;0)
     */
    RouteControl(List<Vector3f> route, float speed) {
        this.route = route;
        this.speed = speed;
    }

    @Override
    protected void controlUpdate(float tpf) {
        Vector3f here = spatial.getLocalTranslation();
        Vector3f goal = route.get(target);
        float distance = here.distance(goal);
        if (distance < 0.05f) {
            target = (target + 1) % route.size();
            return;
        }
        goal.subtract(here, step).normalizeLocal().multLocal(Math.min(speed * tpf, distance));
        spatial.setLocalTranslation(here.add(step));
    }

    @Override
    protected void controlRender(RenderManager rm, ViewPort vp) {}
}
