package dev.animus.demo.play.village;

import com.jme3.asset.AssetManager;
import com.jme3.effect.ParticleEmitter;
import com.jme3.font.BitmapText;
import com.jme3.light.AmbientLight;
import com.jme3.light.DirectionalLight;
import com.jme3.material.Material;
import com.jme3.material.RenderState;
import com.jme3.math.ColorRGBA;
import com.jme3.math.Transform;
import com.jme3.math.Vector2f;
import com.jme3.math.Vector3f;
import com.jme3.post.FilterPostProcessor;
import com.jme3.post.SceneProcessor;
import com.jme3.post.filters.FogFilter;
import com.jme3.renderer.Camera;
import com.jme3.renderer.ViewPort;
import com.jme3.renderer.queue.RenderQueue;
import com.jme3.renderer.queue.RenderQueue.ShadowMode;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import com.jme3.scene.shape.Sphere;
import com.jme3.shadow.DirectionalLightShadowFilter;
import com.jme3.shadow.EdgeFilteringMode;
import com.jme3.terrain.geomipmap.TerrainQuad;
import dev.animus.world.Phase;
import dev.animus.world.Prop;
import dev.animus.world.World;
import java.util.ArrayList;
import java.util.List;
import jme3tools.optimize.GeometryBatchFactory;

/**
 * A world file's village, built from its places and props by a {@link VillagePlan}: painted
 * terrain, buildings by kind with their signs, props, trees, the lake when the world has water,
 * a sun and sky that follow the world's clock, lanterns and windows that light at dusk and go
 * out at dawn, and lights over the water when an event about lights fires. Lanternfall is one
 * world among any. Render thread; nothing here waits on anything.
 */
public final class VillageScene {
    private final AssetManager assets;
    private final Looks looks;
    private final Node root = new Node("village");
    private final DirectionalLight sun = new DirectionalLight();
    private final AmbientLight ambient = new AmbientLight();
    private NightLights night;
    private Props props;
    private VillagePlan plan;
    private TerrainQuad terrain;
    private Lake lake;
    private Phase shown;
    private FogFilter haze;
    private Material skyMaterial;
    private Node parent;
    private Camera camera;
    private Graphics graphics;
    private Node trees;
    private ViewPort view;
    private SceneProcessor processor;

    public VillageScene(AssetManager assets) {
        this.assets = assets;
        this.looks = new Looks(assets);
    }

    /**
     * Builds the village under {@code parent} and lights it.
     *
     * @param world the world file, parsed
     * @param parent the scene's root
     * @param camera the player's camera, for the terrain's level of detail; null headless
     * @param graphics how much detail the machine can afford
     * @return the village's node
     */
    public Node build(World world, Node parent, Camera camera, Graphics graphics) {
        this.parent = parent;
        this.camera = camera;
        this.graphics = graphics;
        parent.attachChild(root);
        parent.addLight(sun);
        parent.addLight(ambient);
        populate(world);
        show(Phase.DAY, null);
        return root;
    }

    /**
     * Lays the village out again for an edited world file whose places or props changed (hot
     * reload): a writer sees a moved place's building move. About 100 ms of the render thread's
     * time, once per such edit; the same phase's lights and the window's effects come back.
     *
     * @param world the edited world
     */
    public void rebuild(World world) {
        root.detachAllChildren();
        root.getLocalLightList().clear();
        trees.removeFromParent();
        lake = null;
        haze = null;
        skyMaterial = null;
        if (view != null && processor != null) {
            view.removeProcessor(processor);
        }
        populate(world);
        if (view != null) {
            effects(view, graphics);
        }
        Phase was = shown;
        shown = null;
        show(was, view);
    }

    private void populate(World world) {
        plan = VillagePlan.of(world);
        night = new NightLights(root, looks);
        if (graphics == Graphics.HIGH) {
            root.attachChild(skyDome());
        }
        terrain = Terrain.build(plan, assets, camera);
        root.attachChild(terrain);
        Buildings buildings = new Buildings(looks, night, plan);
        for (VillagePlan.Site site : plan.sites()) {
            Node b = buildings.build(site);
            if (b != null) {
                b.setShadowMode(ShadowMode.CastAndReceive);
                root.attachChild(b);
            }
        }
        props = new Props(looks, night, plan);
        for (Prop p : world.props()) {
            Node n = props.build(p);
            n.setShadowMode(ShadowMode.CastAndReceive);
            root.attachChild(n);
        }
        // Beside the village, not in it: the cheap water reflects the village without the wood.
        long seed = world.id().hashCode();
        trees = graphics == Graphics.LOW
                ? Trees.simple(plan.trees(), looks, seed)
                : Trees.build(plan.trees(), assets, seed);
        parent.attachChild(trees);
        plan.shore().ifPresent(s -> lake = new Lake(s, plan, root, assets));
        night.settle();
        for (Spatial s : root.getChildren()) {
            if (s instanceof Node n
                    && s != terrain
                    && !props.turns(n)
                    && !n.getName().equals(Lake.WISPS)) {
                batched(n);
            }
        }
    }

    /**
     * A window's effects, as much as the machine can afford: shadows, the water, a haze on HIGH;
     * reflecting water on LOW (see {@link Graphics}).
     */
    public void effects(ViewPort view, Graphics graphics) {
        this.view = view;
        processor = null;
        if (graphics == Graphics.LOW) {
            if (lake != null) {
                processor = lake.simpleWater(view, root, sun.getDirection());
            }
            return;
        }
        FilterPostProcessor post = new FilterPostProcessor(assets);
        DirectionalLightShadowFilter shadows = new DirectionalLightShadowFilter(assets, 2048, 3);
        shadows.setLight(sun);
        shadows.setShadowIntensity(0.45f);
        shadows.setEdgeFilteringMode(EdgeFilteringMode.PCF4);
        post.addFilter(shadows);
        if (lake != null) {
            post.addFilter(lake.filter(root.getParent(), sun.getDirection()));
        }
        haze = new FogFilter(new ColorRGBA(0.55f, 0.72f, 0.9f, 1), 0.5f, 500);
        post.addFilter(haze);
        view.addProcessor(post);
        processor = post;
    }

    /** Sun, sky, lanterns and windows for the part of the day. Cheap when nothing changes. */
    public void show(Phase phase, ViewPort view) {
        if (phase == shown) {
            return;
        }
        shown = phase;
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
                        new Vector3f(-0.4f, -1, -0.5f),
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
        night.light(phase == Phase.DUSK || phase == Phase.NIGHT);
    }

    /** Puts the sky's colour on a view whose phase was shown before it existed. */
    public void sky(ViewPort view) {
        Phase was = shown;
        shown = null;
        show(was, view);
    }

    /** An event fired in the world: one about lights brings them out over the water. */
    public void event(String id) {
        if (lake != null && Words.any(id.replace('_', ' '), "light", "glow", "wisp", "fire", "lantern")) {
            lake.lightsUp();
        }
    }

    /** @return whether the lanterns are lit */
    public boolean lanternsLit() {
        return night.lit();
    }

    /** @return whether lights hover over the water now */
    public boolean lightsOverWater() {
        return lake != null && lake.lightsShowing();
    }

    /** Turns the mill wheels, moves the water and the lights over it. */
    public void update(float tpf) {
        for (Spatial w : props.wheels()) {
            w.rotate(0, 0, 0.4f * tpf);
        }
        if (lake != null) {
            lake.update(tpf, sun.getDirection());
        }
    }

    /** @return the ground's height under a point: where feet and eyes stand */
    public float groundHeight(float x, float z) {
        float h = terrain.getHeight(new Vector2f(x, z));
        return Float.isNaN(h) ? plan.height(x, z) : h;
    }

    /**
     * @param index the NPC's place in its world's list (each gets one of a few robes)
     * @return a robed figure for an NPC whose world file names no character model
     */
    public Node standIn(int index) {
        return StandIn.figure(looks, index);
    }

    /** @return a soft shadow to put under a villager where the graphics draw no real ones */
    public Geometry blobShadow() {
        return StandIn.blobShadow(looks);
    }

    /** @return the plan the village was built from */
    public VillagePlan plan() {
        return plan;
    }

    /**
     * The sky as a dome of the phase's colour, drawn behind everything, for the WaterFilter to
     * reflect. (The cheaper water's reflection view gets the sky's colour as its background
     * instead: a dome costs a software renderer a screenful of pixels.)
     */
    private Geometry skyDome() {
        Geometry dome = new Geometry("sky", new Sphere(12, 16, 900, false, true));
        Material m = looks.glow("sky", new ColorRGBA(0.55f, 0.72f, 0.9f, 1));
        skyMaterial = m;
        m.getAdditionalRenderState().setDepthWrite(false);
        m.getAdditionalRenderState().setFaceCullMode(RenderState.FaceCullMode.Off);
        dome.setMaterial(m);
        dome.setQueueBucket(RenderQueue.Bucket.Sky);
        dome.setCullHint(Spatial.CullHint.Never);
        dome.setShadowMode(ShadowMode.Off);
        return dome;
    }

    /**
     * A building or prop drawn as one batch per material. The batches are baked in world space
     * and the node's own transform reset to identity, so what is not batched (a sign's text,
     * flames, the spots lights shine from) moves to a child that keeps the building's placing.
     */
    private static void batched(Node n) {
        List<Spatial> kept = new ArrayList<>();
        for (Spatial child : n.getChildren()) {
            if (child instanceof BitmapText
                    || child instanceof ParticleEmitter // moving flames: not a static batch
                    || child instanceof Node c
                            && c.descendantMatches(Geometry.class).isEmpty()) {
                kept.add(child);
            }
        }
        kept.forEach(Spatial::removeFromParent);
        Transform placed = n.getLocalTransform().clone();
        GeometryBatchFactory.optimize(n);
        if (!kept.isEmpty()) {
            Node holder = new Node("not batched");
            holder.setLocalTransform(placed);
            kept.forEach(holder::attachChild);
            n.attachChild(holder);
        }
    }

    private void light(ColorRGBA sunColour, float ambientLevel, Vector3f direction, ColorRGBA sky, ViewPort view) {
        if (skyMaterial != null) {
            skyMaterial.setColor("Color", sky.clone());
        }
        sun.setColor(sunColour);
        sun.setDirection(direction.normalize());
        ambient.setColor(sky.mult(0.4f).add(ColorRGBA.White.mult(ambientLevel)));
        if (view != null) {
            view.setBackgroundColor(sky);
        }
        if (lake != null) {
            lake.sky(sky);
        }
        if (haze != null) {
            haze.setFogColor(sky);
        }
    }
}
