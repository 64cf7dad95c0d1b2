package dev.animus.demo.play;

import com.jme3.app.FlyCamAppState;
import com.jme3.app.SimpleApplication;
import com.jme3.app.state.AppState;
import com.jme3.app.state.ScreenshotAppState;
import com.jme3.font.BitmapText;
import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
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
import dev.animus.api.WorldSession;
import dev.animus.world.Action;
import dev.animus.world.NpcDefinition;
import dev.animus.world.Phase;
import java.io.File;
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
    private List<NpcDefinition> toSpawn;
    private int spawned;
    private boolean loaded;
    private LoadingScreen loading;
    private TalkField talk;
    private LookPanel look;
    private DebugPanel debug;
    private ScriptedVisit visit;
    private BitmapText clock;
    private boolean asked;
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
        LanternfallDemo app = start(new PlayOptions(true, seconds, null, null));
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
        settings.setAudioRenderer(null);
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
        world = animus.loadWorld(WORLD);
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
        Path onDisk = Path.of("assets", WORLD);
        if (Files.isRegularFile(onDisk)) {
            world.watch(onDisk, 250);
            LOG.info("Edit {} while the demo runs: valid changes go live, broken ones are reported", onDisk);
        }
        village = new VillageScene(assetManager);
        village.build(world.world(), rootNode);
        toSpawn = world.world().npcs();
        player.setLocalTranslation(0, 0, 12);
        if (!options.headless()) {
            windowed();
        }
    }

    private void windowed() {
        int w = settings.getWidth();
        int h = settings.getHeight();
        cam.setLocation(new Vector3f(0, EYE_HEIGHT, 12));
        cam.lookAt(new Vector3f(0, EYE_HEIGHT, 0), Vector3f.UNIT_Y);
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
            cam.setLocation(eye.setY(EYE_HEIGHT)); // walking, not flying
            player.setLocalTranslation(eye.x, 0, eye.z);
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
            if (phase == Phase.NIGHT) {
                world.raiseEvent("lake_lights", null); // the spec's night-time event over Mirrormere
            }
            lastPhase = phase;
        }
        if (options.headless() && !asked && world.semanticTriggersReady()) {
            asked = true; // the stranger's tour asks the smith a question, as a player would
            world.speak("brann", "How much is an iron sword?");
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
        if (options.headless()) {
            return;
        }
        BitmapText label = new BitmapText(guiFont);
        label.setSize(0.14f);
        label.setText(npc.name());
        Node holder = new Node("label " + id);
        holder.attachChild(label);
        label.setLocalTranslation(-label.getLineWidth() / 2, 0, 0);
        holder.setLocalTranslation(0, 2.15f, 0); // under the speech bubbles
        holder.addControl(new BillboardControl());
        body.attachChild(holder);
        labels.put(id, label);
    }

    /** Headless, a stranger walks past every villager so that things happen. */
    private void tour() {
        List<Vector3f> stops = new ArrayList<>();
        for (String id : List.of("brann", "vey", "mira", "aldine", "hollis", "pip")) {
            if (animus.npc(id) != null) {
                stops.add(animus.npc(id).getSpatial().getWorldTranslation().add(1.5f, 0, 1.5f));
            }
        }
        player.setLocalTranslation(stops.get(0).add(3, 0, 0));
        player.addControl(new RouteControl(stops, 4f));
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
                world.raiseEvent(weaponDrawn ? "weapon_drawn" : "weapon_sheathed", "player");
            }
            case COIN -> nearestVillager().ifPresent(id -> world.give(id, "player", "coin"));
            case SKIP_TIME -> world.skipTo(world.clock().phase().next());
            case HURT -> {
                hurt = !hurt;
                world.setPlayerHealth(hurt ? 20 : 100);
            }
            case TALK ->
                nearestVillager()
                        .ifPresent(id ->
                                talk.open(world.npc(id).map(NpcDefinition::name).orElse(id)));
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

    /** The player's words go to the villager nearest to them. */
    void sayToNearest(String words) {
        nearestVillager().ifPresent(id -> {
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

    ScreenshotAppState screenshotsTo(Path folder, String name) {
        ScreenshotAppState shot = new ScreenshotAppState(folder + File.separator, name);
        shot.setIsNumbered(false);
        stateManager.attach(shot);
        return shot;
    }
}
