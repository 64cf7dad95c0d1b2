package dev.animus.demo.play.village;

import com.jme3.asset.AssetManager;
import com.jme3.light.PointLight;
import com.jme3.material.Material;
import com.jme3.math.ColorRGBA;
import com.jme3.math.FastMath;
import com.jme3.math.Vector3f;
import com.jme3.renderer.ViewPort;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.shape.Sphere;
import com.jme3.water.SimpleWaterProcessor;
import com.jme3.water.WaterFilter;

/**
 * The water beyond the shore, drawn by jME's {@link WaterFilter} (reflections, waves, a sandy
 * shoreline where the ground meets it), and the lights that hover over it when an event about
 * lights fires: green will-o'-the-wisps that drift, then fade. Render thread.
 */
final class Lake {
    /** Seconds the lights stay over the water once the event has fired. */
    static final float LIGHTS_SECONDS = 90;

    private final VillagePlan.Shore shore;
    static final String WISPS = "lights over the water";
    private final Node wisps = new Node(WISPS);
    private final PointLight glow;
    private final Material green;
    private WaterFilter water;
    private float lightsLeft;
    private float time;

    private final AssetManager assets;
    private final ColorRGBA sky = new ColorRGBA(0.55f, 0.72f, 0.9f, 1);
    private SkyWater simple;
    private final Node root;

    Lake(VillagePlan.Shore shore, VillagePlan plan, Node root, AssetManager assets) {
        this.shore = shore;
        this.assets = assets;
        this.root = root;
        green = new Material(assets, "Common/MatDefs/Misc/Unshaded.j3md");
        green.setColor("Color", new ColorRGBA(0.45f, 1f, 0.55f, 1));
        Vector3f centre = plan.centre();
        float side = -shore.beyond(centre.x, centre.z); // from the middle of the land to the shore
        for (int i = 0; i < 9; i++) {
            float out = 9 + (i * 37 % 23);
            float across = (i - 4) * 5.5f;
            Vector3f at = new Vector3f(centre.x, 0, centre.z)
                    .addLocal(shore.dx() * (side + out), 0, shore.dz() * (side + out))
                    .addLocal(-shore.dz() * across, 1.2f + (i % 3) * 0.5f, shore.dx() * across);
            at.y += VillagePlan.WATER_HEIGHT;
            Geometry wisp = new Geometry("green light", new Sphere(8, 10, 0.35f));
            wisp.setMaterial(green);
            wisp.setLocalTranslation(at);
            wisps.attachChild(wisp);
        }
        glow = new PointLight(wisps.getChild(4).getLocalTranslation(), new ColorRGBA(0.3f, 1f, 0.4f, 1), 25);
        glow.setEnabled(false);
        root.addLight(glow);
        root.attachChild(wisps);
        wisps.setCullHint(Node.CullHint.Always);
    }

    /** The filter that draws the water, for the view's post-processor. */
    WaterFilter filter(Node reflected, Vector3f sunDirection) {
        water = new WaterFilter(reflected, sunDirection);
        water.setWaterHeight(VillagePlan.WATER_HEIGHT);
        water.setWaterColor(new ColorRGBA(0.05f, 0.2f, 0.25f, 1));
        water.setDeepWaterColor(new ColorRGBA(0.02f, 0.08f, 0.15f, 1));
        water.setWaterTransparency(0.3f);
        water.setMaxAmplitude(0.25f);
        water.setWaveScale(0.004f);
        water.setSpeed(0.6f);
        water.setShoreHardness(0.6f);
        water.setFoamHardness(0.6f);
        water.setFoamIntensity(0.3f);
        water.setRefractionStrength(0.15f);
        water.setReflectionMapSize(256); // a software renderer draws the reflection too
        water.setUseCaustics(false);
        // Water only on the shore's side: a circle so big that its edge is the shore's straight line.
        float radius = 3000;
        Vector3f centre =
                new Vector3f(shore.dx(), 0, shore.dz()).multLocal(shore.at() - VillagePlan.WATER_REACH + radius);
        water.setShapeType(WaterFilter.AreaShape.Circular);
        water.setCenter(centre);
        water.setRadius(radius);
        return water;
    }

    /**
     * The cheaper water for a software renderer: {@link SimpleWaterProcessor} reflecting the
     * village (not the wood: each tree would be drawn again) on a plane over the lake.
     */
    SimpleWaterProcessor simpleWater(ViewPort view, Node village, Vector3f sun) {
        SkyWater p = new SkyWater(assets, sky);
        simple = p;
        p.setReflectionScene(village);
        p.setRenderSize(256, 256);
        p.setWaterDepth(2);
        p.setWaterColor(new ColorRGBA(0.12f, 0.28f, 0.38f, 1));
        p.setWaterTransparency(0.12f);
        p.setDistortionScale(0.08f);
        p.setDistortionMix(0.4f);
        p.setWaveSpeed(0.02f);
        p.setLightPosition(sun.negate().multLocal(1000));
        p.setPlane(new Vector3f(0, WATER_Y, 0), Vector3f.UNIT_Y);
        view.addProcessor(p);
        com.jme3.scene.shape.Quad q = new com.jme3.scene.shape.Quad(600, 600);
        q.scaleTextureCoordinates(new com.jme3.math.Vector2f(60, 60));
        Geometry g = new Geometry("water", q);
        g.setMaterial(p.getMaterial());
        g.setLocalRotation(new com.jme3.math.Quaternion().fromAngleAxis(-FastMath.HALF_PI, Vector3f.UNIT_X));
        // The plane's near edge on the shore line, less the water's reach, turned to face the land.
        Node plane = new Node("water");
        g.setLocalTranslation(-300, 0, 600);
        plane.attachChild(g);
        plane.setLocalRotation(
                new com.jme3.math.Quaternion().fromAngleAxis(FastMath.atan2(shore.dx(), shore.dz()), Vector3f.UNIT_Y));
        plane.setLocalTranslation(new Vector3f(shore.dx(), 0, shore.dz())
                .multLocal(shore.at() - VillagePlan.WATER_REACH)
                .setY(WATER_Y));
        root.attachChild(plane);
        return p;
    }

    private static final float WATER_Y = VillagePlan.WATER_HEIGHT;

    /** The sky's colour, for the cheap water's reflection: its view would otherwise be black. */
    void sky(ColorRGBA colour) {
        sky.set(colour);
        if (simple != null) {
            simple.sky(sky);
        }
    }

    /** jME's simple water, its reflection's view cleared to the sky's colour rather than black. */
    private static final class SkyWater extends SimpleWaterProcessor {
        private final ColorRGBA sky = new ColorRGBA();

        SkyWater(AssetManager assets, ColorRGBA sky) {
            super(assets);
            this.sky.set(sky);
        }

        void sky(ColorRGBA colour) {
            sky.set(colour);
            if (reflectionView != null) {
                reflectionView.setBackgroundColor(sky);
            }
        }

        @Override
        protected void createPreViews() {
            super.createPreViews();
            reflectionView.setBackgroundColor(sky);
        }
    }

    /** The lights come out over the water. */
    void lightsUp() {
        lightsLeft = LIGHTS_SECONDS;
        wisps.setCullHint(Node.CullHint.Inherit);
        glow.setEnabled(true);
    }

    boolean lightsShowing() {
        return lightsLeft > 0;
    }

    void update(float tpf, Vector3f sunDirection) {
        time += tpf;
        if (water != null) {
            water.setLightDirection(sunDirection);
        }
        if (lightsLeft > 0) {
            lightsLeft -= tpf;
            for (int i = 0; i < wisps.getQuantity(); i++) {
                Geometry w = (Geometry) wisps.getChild(i);
                Vector3f at = w.getLocalTranslation();
                at.y = VillagePlan.WATER_HEIGHT + 1.4f + 0.4f * FastMath.sin(time * 0.9f + i * 1.7f);
                w.setLocalTranslation(at);
            }
            if (lightsLeft <= 0) {
                wisps.setCullHint(Node.CullHint.Always);
                glow.setEnabled(false);
            }
        }
    }
}
