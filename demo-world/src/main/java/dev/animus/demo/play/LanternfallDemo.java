package dev.animus.demo.play;

import com.jme3.app.FlyCamAppState;
import com.jme3.app.SimpleApplication;
import com.jme3.app.state.AppState;
import com.jme3.app.state.ScreenshotAppState;
import com.jme3.asset.plugins.FileLocator;
import com.jme3.audio.AudioData;
import com.jme3.audio.AudioNode;
import com.jme3.font.BitmapText;
import com.jme3.material.TechniqueDef;
import com.jme3.math.FastMath;
import com.jme3.math.Vector3f;
import com.jme3.renderer.RenderManager;
import com.jme3.renderer.ViewPort;
import com.jme3.scene.Node;
import com.jme3.scene.control.AbstractControl;
import com.jme3.scene.control.BillboardControl;
import com.jme3.system.AppSettings;
import com.jme3.system.JmeContext;
import com.simsilica.lemur.GuiGlobals;
import dev.animus.api.AnimusAppState;
import dev.animus.api.AnimusConfig;
import dev.animus.api.DialogueListener;
import dev.animus.api.DialogueReply;
import dev.animus.api.NpcAction;
import dev.animus.api.PerceptionUpdate;
import dev.animus.api.QueueFigures;
import dev.animus.api.WorldListener;
import dev.animus.api.WorldSession;
import dev.animus.demo.play.village.Graphics;
import dev.animus.demo.play.village.VillageScene;
import dev.animus.world.Action;
import dev.animus.world.NpcDefinition;
import dev.animus.world.Phase;
import dev.animus.world.World;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.lwjgl.openal.ALC;
import org.lwjgl.openal.ALC10;
import org.lwjgl.opengl.GL11;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Lanternfall, the demo world: the village from the world file, its six villagers with their
 * test-data characters, walking their schedules, perceiving, remembering and answering through
 * Animus. Windowed it is a game (WASD and mouse, Enter to talk, F3 for the debug panel);
 * headless, a stranger tours the village and asks Brann a question, for tests and CI.
 */
public final class LanternfallDemo extends SimpleApplication {
    private static final Logger LOG = LoggerFactory.getLogger(LanternfallDemo.class);
    /** The demo's world, in the asset root (assets/ in the repository). */
    static final String WORLD = "Worlds/lanternfall.world";
    /** The player's eyes above the ground, in metres. */
    static final float EYE_HEIGHT = 1.7f;
    /** What a new player is told to try, for the first minute. */
    static final String HINT = "Walk up to someone and press Enter to talk to them. Ask about what they know:"
            + " prices, rumours, the people here, the way somewhere. L looks around.";
    /** How long the hint stays, in seconds. */
    static final float HINT_SECONDS = 60;
    /** The keys, as the help line shows them. */
    static final String HELP = "WASD + drag mouse: walk and look   Enter: talk to the nearest villager   L: look around"
            + "   F: draw/sheathe weapon   G: give a coin   T: skip time   H: get hurt/heal   F3: debug";

    private final PlayOptions options;
    private final AnimusAppState animus =
            new AnimusAppState(AnimusConfig.builder().build());
    private final Map<String, BitmapText> labels = new HashMap<>();
    private final Map<String, String> lastPercept = new ConcurrentHashMap<>();
    private final List<String> actions = new CopyOnWriteArrayList<>();
    private final List<DialogueReply> replies = new CopyOnWriteArrayList<>();
    private final Node player = new Node("player");
    private WorldSession world;
    private VillageScene village;
    private Graphics graphics;
    private List<String> laidOut;
    private List<NpcDefinition> toSpawn;
    private int spawned;
    private boolean loaded;
    private LoadingScreen loading;
    private TalkField talk;
    private LookPanel look;
    private DebugPanel debug;
    private ScriptedVisit visit;
    private BitmapText clock;
    private BitmapText hint;
    private PlayerBody body;
    private float walked;
    private boolean asked;
    private String talkingTo;
    private boolean weaponDrawn;
    private boolean hurt;
    private Phase lastPhase;
    private float elapsed;
    private boolean stopping;
    private ScreenshotAppState screenshots;
    private boolean screenshotTaken;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Report report;
    private volatile boolean failed;

    private LanternfallDemo(PlayOptions options) {
        // Headless needs no camera control; a window gets WASD and mouse-look.
        super(options.headless() ? new AppState[0] : new AppState[] {new FlyCamAppState()});
        this.options = options;
    }

    /**
     * Starts the demo and returns once it has stopped or its window has closed.
     *
     * @param options how to run (not null)
     * @return false if the demo stopped because of an error (logged), or a scripted visit failed
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean run(PlayOptions options) throws InterruptedException {
        LanternfallDemo app = start(options);
        app.stopped.await();
        return !app.failed;
    }

    /**
     * Runs the demo headless for a while and reports what the villagers did.
     *
     * @param seconds how long to run after loading (&gt;0)
     * @return the report, once the demo has stopped
     * @throws InterruptedException if interrupted while waiting
     */
    public static Report runHeadless(float seconds) throws InterruptedException {
        return runHeadless(new PlayOptions(true, seconds, null, null));
    }

    /**
     * Runs the demo headless with options (another world file, say) and reports what happened.
     *
     * @param options headless options, {@code seconds} &gt; 0
     * @return the report, once the demo has stopped
     * @throws InterruptedException if interrupted while waiting
     */
    public static Report runHeadless(PlayOptions options) throws InterruptedException {
        float seconds = options.seconds();
        LanternfallDemo app = start(options);
        if (!app.stopped.await((long) seconds + 240, TimeUnit.SECONDS)) {
            app.stop();
            throw new IllegalStateException("Lanternfall did not stop after " + seconds + " s");
        }
        if (app.failed) {
            throw new IllegalStateException("Lanternfall stopped on an error (see the log)");
        }
        return app.report;
    }

    /**
     * What a run produced.
     *
     * @param percepts each villager's last percept that Animus encoded (id to text)
     * @param actions "npc source" for every line and action the villagers performed
     * @param replies what villagers answered with the decoder (or fallback lines)
     * @param metrics the queue's figures at the end
     */
    public record Report(
            Map<String, String> percepts, List<String> actions, List<DialogueReply> replies, QueueFigures metrics) {}

    private static LanternfallDemo start(PlayOptions options) {
        // jME logs through java.util.logging; send it to SLF4J like everything else.
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        LanternfallDemo app = new LanternfallDemo(options);
        AppSettings settings = new AppSettings(true);
        settings.setTitle("Animus - Lanternfall");
        settings.setResolution(1280, 720);
        settings.setFrameRate(60);
        // Sound only for a player at a window: tests and screenshots run where no device may be.
        boolean sound =
                !options.headless() && options.visit() == null && options.screenshot() == null && soundDeviceFound();
        settings.setAudioRenderer(sound ? AppSettings.LWJGL_OPENAL : null);
        app.setSettings(settings);
        app.setShowSettings(false);
        app.setPauseOnLostFocus(false);
        if (options.headless()) {
            LOG.info(
                    "Lanternfall runs headless for {} s (no display, or --headless). On a desktop,"
                            + " the same command opens a window.",
                    options.seconds());
        }
        app.start(options.headless() ? JmeContext.Type.Headless : JmeContext.Type.Display);
        return app;
    }

    @Override
    public void handleError(String errMsg, Throwable t) {
        LOG.error("Lanternfall stopped on an error: {}", errMsg, t);
        failed = true;
        stop();
    }

    @Override
    public void destroy() {
        report = new Report(Map.copyOf(lastPercept), List.copyOf(actions), List.copyOf(replies), animus.queueMetrics());
        super.destroy();
        stopped.countDown();
    }

    @Override
    public void simpleInitApp() {
        if (GuiGlobals.getInstance() == null) {
            GuiGlobals.initialize(this);
        }
        stateManager.attach(animus);
        animus.addListener(this::onPerception);
        world = loadWorld();
        world.setPlayer(player);
        world.addActionListener(this::onAction);
        world.addDialogueListener(new DialogueListener() {
            @Override
            public void onReply(DialogueReply reply) {
                replies.add(reply);
                LOG.info(
                        "{} answers \"{}\" [{}, {}] in {} ms{}, from the facts {}",
                        reply.npcId(),
                        reply.text(),
                        reply.action(),
                        reply.emotion(),
                        reply.latencyMs(),
                        reply.fallback() ? " (fallback line)" : "",
                        reply.facts());
            }
        });
        rootNode.attachChild(player);
        Path onDisk = options.world() != null ? options.world() : Path.of("assets", WORLD);
        if (Files.isRegularFile(onDisk)) {
            world.watch(onDisk, 250);
            LOG.info("Edit {} while the demo runs: valid changes go live, broken ones are reported", onDisk);
        }
        world.addWorldListener(new WorldListener() {
            @Override
            public void onWorldReloaded(World edited) {
                relaid(edited); // the render thread: reloads come back through the frame's inbox
            }
        });
        village = new VillageScene(assetManager);
        graphics = options.headless() ? Graphics.LOW : graphics();
        // All of a geometry's lights in one pass: the village has a dozen, and software renderers pay per pass.
        renderManager.setPreferredLightMode(TechniqueDef.LightMode.SinglePass);
        renderManager.setSinglePassLightBatchSize(6);
        village.build(world.world(), rootNode, options.headless() ? null : cam, graphics);
        laidOut = layoutOf(world.world());
        toSpawn = world.world().npcs();
        player.setLocalTranslation(village.plan().arrival());
        if (!options.headless()) {
            windowed();
        }
    }

    /** --graphics, or what the OpenGL renderer suggests: a software one gets the cheaper look. */
    private Graphics graphics() {
        if (options.graphics() != null) {
            return options.graphics();
        }
        String renderer = GL11.glGetString(GL11.GL_RENDERER); // the render thread, with a GL context
        Graphics g = Graphics.forRenderer(renderer);
        LOG.info("OpenGL renderer {}: {} graphics (choose with --graphics low|high)", renderer, g);
        return g;
    }

    /** Lanternfall from the assets, or the world file given with --world from its folder. */
    private WorldSession loadWorld() {
        if (options.world() == null) {
            return animus.loadWorld(WORLD);
        }
        Path file = options.world();
        assetManager.registerLocator(file.getParent().toString(), FileLocator.class);
        LOG.info("Playing {}", file);
        return animus.loadWorld(file.getFileName().toString());
    }

    private void windowed() {
        int w = settings.getWidth();
        int h = settings.getHeight();
        Vector3f start = player.getLocalTranslation();
        cam.setFrustumPerspective(50, (float) w / h, 0.05f, 1000);
        cam.setLocation(start.add(0, EYE_HEIGHT, 0));
        Vector3f view = village.plan().firstLook();
        cam.lookAt(new Vector3f(view.x, start.y + EYE_HEIGHT, view.z), Vector3f.UNIT_Y);
        village.effects(viewPort, graphics);
        village.sky(viewPort);
        body = new PlayerBody(assetManager, rootNode);
        ambience();
        flyCam.setMoveSpeed(6);
        flyCam.setDragToRotate(true);
        if (options.screenshot() != null) {
            String file = options.screenshot().getFileName().toString();
            screenshots = new ScreenshotAppState(
                    options.screenshot().getParent() + File.separator, file.substring(0, file.length() - 4));
            screenshots.setIsNumbered(false);
            stateManager.attach(screenshots);
        }
        setDisplayStatView(false);
        clock = new BitmapText(guiFont);
        clock.setLocalTranslation(w / 2f - 120, h - 10, 0);
        guiNode.attachChild(clock);
        BitmapText help = new BitmapText(guiFont);
        help.setSize(guiFont.getCharSet().getRenderedSize() * 0.85f);
        help.setText(HELP);
        help.setLocalTranslation(10, help.getLineHeight() + 6, 0);
        guiNode.attachChild(help);
        hint = new BitmapText(guiFont);
        hint.setText(HINT);
        hint.setLocalTranslation(Math.max(10, (w - hint.getLineWidth()) / 2), h - 40, 0);
        guiNode.attachChild(hint);
        talk = new TalkField(guiNode, w, this::sayToNearest, open -> flyCam.setEnabled(!open));
        look = new LookPanel(guiNode, w, h);
        debug = new DebugPanel(guiNode, w, h, animus, world);
        loading = new LoadingScreen(guiNode, w, h);
        Keys.bind(inputManager, this::onKey);
        if (options.visit() != null) {
            visit = new ScriptedVisit(this, options.visit());
        }
    }

    @Override
    public void simpleUpdate(float tpf) {
        if (!loaded) {
            load();
            return;
        }
        elapsed += tpf;
        village.show(world.clock().phase(), viewPort);
        village.update(tpf);
        if (!options.headless()) {
            Vector3f eye = cam.getLocation();
            Vector3f was = player.getLocalTranslation();
            walked += FastMath.sqrt((eye.x - was.x) * (eye.x - was.x) + (eye.z - was.z) * (eye.z - was.z));
            float ground = village.groundHeight(eye.x, eye.z);
            cam.setLocation(eye.setY(ground + EYE_HEIGHT)); // walking over the ground, not flying
            player.setLocalTranslation(eye.x, ground, eye.z);
            body.follow(cam, walked);
            if (hint.getParent() != null && elapsed > HINT_SECONDS) {
                hint.removeFromParent();
            }
            clock.setText(String.format(
                    Locale.ROOT,
                    "Day %d, %s%s",
                    world.clock().day() + 1,
                    world.clock().phase().id(),
                    weaponDrawn ? "  (your weapon is drawn)" : ""));
            look.update(tpf);
            debug.update(tpf);
        }
        Phase phase = world.clock().phase();
        if (phase != lastPhase) {
            if (phase == Phase.NIGHT && hasEvent("lake_lights")) {
                world.raiseEvent("lake_lights", null); // the spec's night-time event over Mirrormere
                village.event("lake_lights");
            }
            lastPhase = phase;
        }
        if (options.headless() && !asked && world.semanticTriggersReady() && !toSpawn.isEmpty()) {
            asked = true; // the stranger's tour asks someone a question, as a player would
            world.speak(ScriptedVisit.npcOf(world.world()), ScriptedVisit.questionFor(world.world()));
        }
        if (visit != null) {
            visit.update(tpf);
        }
        if (screenshots != null && !screenshotTaken && elapsed >= options.seconds() - 0.5f) {
            screenshotTaken = true; // written at the end of this frame; the demo stops 0.5 s later
            screenshots.takeScreenshot();
        }
        if (!stopping && options.seconds() > 0 && elapsed >= options.seconds()) {
            finish("Stopping after " + options.seconds() + " s.");
        }
    }

    /** One character a frame, so the loading screen moves; then waits for the models. */
    private void load() {
        if (spawned < toSpawn.size()) {
            NpcDefinition npc = toSpawn.get(spawned);
            if (loading != null) {
                loading.show(0.6 * spawned / toSpawn.size(), "Loading " + npc.name() + "...");
            }
            spawned++;
            world.spawnNpcs(rootNode, assetManager).forEach(this::dressed); // spawns whoever is missing
            return;
        }
        if (!animus.modelsReady()) {
            if (loading != null) {
                loading.show(
                        Math.min(0.95, loading.progress() + 0.002), "Loading the sentence encoder and the decoder...");
            }
            return;
        }
        loaded = true;
        if (loading != null) {
            loading.close();
        }
        animus.resetMeasurements(); // the figures from here on are the game's, not the loading's
        if (options.headless()) {
            tour();
        }
        LOG.info("Lanternfall is ready: {} villagers", animus.npcs().size());
    }

    /** A name label over a villager's head, under its speech bubbles. */
    private void dressed(String id, Node body) {
        NpcDefinition npc = world.npc(id).orElseThrow();
        animus.npc(id).setDisplayName(npc.name().split(" (the|of) ")[0].replaceFirst("^(Old|Captain|Sister) ", ""));
        body.addControl(new OnTheGround());
        if (npc.model().asset().isEmpty()) { // the world file gives them no model: a figure stands in
            body.attachChild(village.standIn(world.world().npcs().indexOf(npc)));
        }
        if (options.headless()) {
            return;
        }
        body.setShadowMode(com.jme3.renderer.queue.RenderQueue.ShadowMode.Cast);
        if (graphics == Graphics.LOW) {
            body.attachChild(village.blobShadow());
        }
        BitmapText label = new BitmapText(guiFont);
        label.setSize(0.14f);
        label.setText(npc.name());
        Node holder = new Node("label " + id);
        holder.attachChild(label);
        label.setLocalTranslation(-label.getLineWidth() / 2, 0, 0);
        holder.setLocalTranslation(0, 2.15f, 0); // under the speech bubbles
        holder.addControl(new BillboardControl());
        holder.setShadowMode(com.jme3.renderer.queue.RenderQueue.ShadowMode.Off);
        body.attachChild(holder);
        labels.put(id, label);
    }

    /** Headless, a stranger walks past every villager so that things happen. */
    private void tour() {
        List<Vector3f> stops = new ArrayList<>();
        for (NpcDefinition npc : world.world().npcs()) {
            if (animus.npc(npc.id()) != null) {
                stops.add(
                        animus.npc(npc.id()).getSpatial().getWorldTranslation().add(1.5f, 0, 1.5f));
            }
        }
        if (stops.isEmpty()) {
            return; // a world without people: nothing to visit
        }
        player.setLocalTranslation(stops.get(0).add(3, 0, 0));
        player.addControl(new RouteControl(stops, 4f));
    }

    /**
     * Whether OpenAL finds a sound device. jME's audio renderer fails on a machine without one
     * (a NullPointerException deep in LWJGL), so the game asks first and plays silent if not.
     */
    private static boolean soundDeviceFound() {
        try {
            boolean created = false;
            try {
                ALC.create();
                created = true;
            } catch (IllegalStateException already) {
                // jME's natives loader created it: ask through it
            }
            try {
                long device = ALC10.alcOpenDevice((ByteBuffer) null);
                if (device == 0) {
                    LOG.info("No sound device: the game plays without sound");
                    return false;
                }
                ALC10.alcCloseDevice(device);
                return true;
            } finally {
                if (created) {
                    ALC.destroy(); // jME creates it again for its renderer
                }
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.info("No sound: OpenAL could not be loaded ({})", e.getMessage());
            return false;
        }
    }

    /** A live edit that moved, added or removed places or props lays the village out again. */
    private void relaid(World edited) {
        List<String> layout = layoutOf(edited);
        if (!layout.equals(laidOut)) {
            long start = System.nanoTime();
            village.rebuild(edited);
            laidOut = layout;
            LOG.info(
                    "The village is laid out again for the edited places and props ({} ms)",
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** What the village is built from: places and props, without where in the file they are. */
    static List<String> layoutOf(World w) {
        List<String> layout = new ArrayList<>();
        w.places()
                .forEach(p ->
                        layout.add(p.id() + "|" + p.name() + "|" + p.description() + "|" + p.at() + "|" + p.radius()));
        w.props().forEach(p -> layout.add(p.id() + "|" + p.kind() + "|" + p.place() + "|" + p.at()));
        layout.add(w.name() + "|" + w.description());
        return layout;
    }

    private boolean hasEvent(String id) {
        return world.world().events().stream().anyMatch(e -> e.id().equals(id));
    }

    /**
     * Ambient sound from the test data (birdsong, waves by the water), in a window where an audio
     * device was found; never in the scripted visit or a screenshot run.
     */
    private void ambience() {
        if (audioRenderer == null) {
            return;
        }
        try {
            AudioNode nature = new AudioNode(assetManager, "Sound/Environment/Nature.ogg", AudioData.DataType.Stream);
            nature.setPositional(false);
            nature.setLooping(true);
            nature.setVolume(0.4f);
            rootNode.attachChild(nature);
            nature.play();
            village.plan().shore().ifPresent(s -> {
                AudioNode waves =
                        new AudioNode(assetManager, "Sound/Environment/Ocean Waves.ogg", AudioData.DataType.Buffer);
                waves.setLooping(true);
                waves.setPositional(true);
                waves.setRefDistance(8);
                waves.setMaxDistance(80);
                waves.setLocalTranslation(new Vector3f(s.dx(), 0, s.dz()).multLocal(s.at() + 2));
                rootNode.attachChild(waves);
                waves.play();
            });
        } catch (RuntimeException e) {
            LOG.warn("No ambient sound: {}", e.getMessage());
        }
    }

    /** Keeps a villager's feet on the ground as they walk over the village's hills. */
    private final class OnTheGround extends AbstractControl {
        @Override
        protected void controlUpdate(float tpf) {
            Vector3f at = spatial.getLocalTranslation();
            float ground = village.groundHeight(at.x, at.z);
            if (Math.abs(at.y - ground) > 0.01f) {
                spatial.setLocalTranslation(at.x, ground, at.z);
            }
        }

        @Override
        protected void controlRender(RenderManager rm, ViewPort vp) {}
    }

    void finish(String why) {
        if (stopping) {
            return;
        }
        stopping = true;
        QueueFigures m = animus.queueMetrics();
        LOG.info(
                "{} Queue: {} batches, sizes {}, latency {}; render-thread cost per frame {}",
                why,
                m.batches(),
                m.batchSizes(),
                m.latency(),
                animus.renderThreadCost());
        stop();
    }

    void fail(String why) {
        LOG.error("{}", why);
        failed = true;
        finish("Stopping: the visit failed.");
    }

    private void onPerception(PerceptionUpdate update) {
        lastPercept.put(update.npcId(), update.text());
    }

    /** What villagers do: logged, and shown under their names for a few seconds. */
    private void onAction(NpcAction c) {
        Action a = c.action();
        String shown = null;
        if (a instanceof Action.Say say) {
            LOG.info("{} says \"{}\"", c.npc(), say.line()); // the bubble shows it
        } else if (a instanceof Action.SayGenerated g) {
            shown = "(thinks: " + g.hint() + ")";
        } else if (a instanceof Action.Raise r) {
            shown = "(" + r.event().replace('_', ' ') + ")";
            village.event(r.event());
        } else if (a instanceof Action.Emote e) {
            shown = "(feels " + e.emotion() + ")";
        } else if (a instanceof Action.Flee) {
            shown = "(runs away)";
        } else if (a instanceof Action.Follow f) {
            shown = "(follows " + f.target() + ")";
        } else if (a instanceof Action.WalkTo w) {
            shown = "(walks to " + w.target().replace('_', ' ') + ")";
        }
        if (!(a instanceof Action.Face)) {
            actions.add(c.npc() + " " + c.source());
        }
        BitmapText label = labels.get(c.npc());
        if (shown != null) {
            LOG.info("{}: {}", c.npc(), shown);
            if (label != null) {
                label.setText(world.npc(c.npc()).map(NpcDefinition::name).orElse(c.npc()) + "\n" + shown);
            }
        }
    }

    private void onKey(Keys.Key key) {
        if (talk != null && talk.open() || !loaded) {
            return;
        }
        switch (key) {
            case WEAPON -> {
                weaponDrawn = !weaponDrawn;
                body.weaponDrawn(weaponDrawn);
                world.raiseEvent(weaponDrawn ? "weapon_drawn" : "weapon_sheathed", "player");
            }
            case COIN -> nearestVillager().ifPresent(id -> world.give(id, "player", "coin"));
            case SKIP_TIME -> world.skipTo(world.clock().phase().next());
            case HURT -> {
                hurt = !hurt;
                world.setPlayerHealth(hurt ? 20 : 100);
            }
            case TALK -> nearestVillager().ifPresent(this::talkTo);
            case LOOK -> lookAround();
            case DEBUG -> debug.toggle();
        }
    }

    /** L: what the player sees, described by the decoder, in the look panel. */
    void lookAround() {
        look.thinking();
        world.lookAround(WorldSession.PLAYER)
                .whenComplete((text, error) -> enqueue(() -> {
                    look.show(error == null ? text : "(you cannot make sense of it: " + error.getMessage() + ")");
                }));
    }

    /** Opens the text field to talk to a villager: the words go to them, however others wander. */
    void talkTo(String id) {
        talkingTo = id;
        talk.open(world.npc(id).map(NpcDefinition::name).orElse(id));
    }

    /** The player's words go to the villager the field was opened for, else the nearest. */
    void sayToNearest(String words) {
        Optional.ofNullable(talkingTo).or(this::nearestVillager).ifPresent(id -> {
            LOG.info("You say to {}: \"{}\"", id, words);
            world.speak(id, words);
        });
    }

    Optional<String> nearestVillager() {
        return animus.npcs().stream()
                .min(Comparator.comparingDouble(
                        n -> n.getSpatial().getWorldTranslation().distance(player.getWorldTranslation())))
                .map(n -> n.npcId());
    }

    /** @return the text of the latest reply of an NPC, or null */
    String replyOf(String npcId) {
        for (int i = replies.size() - 1; i >= 0; i--) {
            if (replies.get(i).npcId().equals(npcId)) {
                return replies.get(i).text();
            }
        }
        return null;
    }

    AnimusAppState animus() {
        return animus;
    }

    WorldSession world() {
        return world;
    }

    TalkField talk() {
        return talk;
    }

    LookPanel look() {
        return look;
    }

    DebugPanel debug() {
        return debug;
    }

    VillageScene village() {
        return village;
    }

    /** The visit's last view: night falls, and the player stands where they arrived, looking out. */
    void nightByTheWater() {
        world.skipTo(Phase.NIGHT);
        Vector3f at = village.plan().arrival();
        Vector3f look = village.plan().firstLook();
        cam.setLocation(at.add(0, EYE_HEIGHT, 0));
        cam.lookAt(new Vector3f(look.x, at.y + EYE_HEIGHT, look.z), Vector3f.UNIT_Y);
    }

    ScreenshotAppState screenshotsTo(Path folder, String name) {
        ScreenshotAppState shot = new ScreenshotAppState(folder + File.separator, name);
        shot.setIsNumbered(false);
        stateManager.attach(shot);
        return shot;
    }
}
