package dev.animus.demo.play;

import com.jme3.app.FlyCamAppState;
import com.jme3.app.SimpleApplication;
import com.jme3.app.state.ScreenshotAppState;
import com.jme3.font.BitmapText;
import com.jme3.material.Material;
import com.jme3.math.ColorRGBA;
import com.jme3.math.FastMath;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.control.BillboardControl;
import com.jme3.scene.shape.Box;
import com.jme3.scene.shape.Cylinder;
import com.jme3.scene.shape.Quad;
import com.jme3.system.AppSettings;
import com.jme3.system.JmeContext;
import dev.animus.api.AnimusConfig;
import dev.animus.api.DialogueListener;
import dev.animus.api.DialogueReply;
import dev.animus.behaviour.Action;
import dev.animus.behaviour.NpcCommand;
import dev.animus.jme.WorldSession;
import dev.animus.world.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.animus.api.PerceptionUpdate;
import dev.animus.inference.QueueMetrics;
import dev.animus.jme.AnimusAppState;
import dev.animus.model.encoder.Embedding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Lanternfall at this stage of Animus: the village's six NPCs walk their routes, each one's
 * brain encodes what it sees around it, and the demo reads that as the closest labelled
 * situation ("alone", "with company", ...). Windowed, each villager shows its reading above
 * its head; headless, the readings go to the log, with the queue's figures at the end.
 */
public final class LanternfallDemo extends SimpleApplication {
    private static final Logger LOG = LoggerFactory.getLogger(LanternfallDemo.class);
    /** The demo's world, in the asset root (assets/ in the repository). */
    static final String WORLD = "Worlds/lanternfall.world";

    private final PlayOptions options;
    private final AnimusAppState animus = new AnimusAppState(AnimusConfig.builder().build());
    private final Map<String, Villager> villagers = new HashMap<>();
    private final Map<String, BitmapText> labels = new HashMap<>();
    private final Map<String, String> lastReading = new HashMap<>();
    private final List<String> actions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<DialogueReply> replies = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Typing typing;
    private boolean asked;
    private final Map<String, Float> speechShownFor = new HashMap<>();
    private final Node player = new Node("player");
    private WorldSession world;
    private boolean weaponDrawn;
    private Phase lastPhase;
    private SituationReader reader;
    private boolean situationsRequested;
    private BitmapText hud;
    private float elapsed;
    private float sinceHud;
    private boolean stopping;
    private ScreenshotAppState screenshots;
    private boolean screenshotTaken;
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private volatile Report report;
    private volatile boolean failed;

    private LanternfallDemo(PlayOptions options) {
        // Headless needs no camera control; a window gets WASD and mouse-look.
        super(options.headless() ? new com.jme3.app.state.AppState[0]
                : new com.jme3.app.state.AppState[] {new FlyCamAppState()});
        this.options = options;
    }

    /**
     * Starts the demo and returns once it has stopped or its window has closed.
     *
     * @param options how to run (not null)
     * @return false if the demo stopped because of an error (logged)
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean run(PlayOptions options) throws InterruptedException {
        LanternfallDemo app = start(options);
        app.stopped.await();
        return !app.failed;
    }

    /**
     * Runs the demo headless for a while and reports what the villagers perceived.
     *
     * @param seconds how long to run (&gt;0)
     * @return the report, once the demo has stopped
     * @throws InterruptedException if interrupted while waiting
     */
    public static Report runHeadless(float seconds) throws InterruptedException {
        LanternfallDemo app = start(new PlayOptions(true, seconds, null));
        if (!app.stopped.await((long) seconds + 180, java.util.concurrent.TimeUnit.SECONDS)) {
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
     * @param readings each villager's last reading (id to situation label)
     * @param actions "npc behaviour" for every action the villagers performed
     * @param replies what villagers answered with the decoder (or fallback lines)
     * @param metrics the queue's figures at the end
     */
    public record Report(Map<String, String> readings, List<String> actions, List<DialogueReply> replies,
            QueueMetrics metrics) {
    }

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
            LOG.info("Lanternfall runs headless for {} s (no display, or --headless). On a desktop,"
                    + " the same command opens a window.", options.seconds());
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
        report = new Report(Map.copyOf(lastReading), List.copyOf(actions), List.copyOf(replies), animus.queueMetrics());
        super.destroy();
        stopped.countDown();
    }

    @Override
    public void simpleInitApp() {
        stateManager.attach(animus);
        animus.addListener(this::onPerception);
        world = animus.loadWorld(WORLD);
        world.setPlayer(player);
        world.addActionListener(this::onAction);
        // Speech shows in the plugin's Lemur bubbles; the demo logs the replies.
        world.addDialogueListener(new DialogueListener() {
            @Override
            public void onReply(DialogueReply reply) {
                replies.add(reply);
                LOG.info("{} answers \"{}\" [{}, {}] in {} ms{}, from the facts {}", reply.npcId(), reply.text(),
                        reply.action(), reply.emotion(), reply.latencyMs(), reply.fallback() ? " (fallback line)" : "",
                        reply.facts());
            }
        });
        rootNode.attachChild(player);
        Path onDisk = Path.of("assets", WORLD);
        if (Files.isRegularFile(onDisk)) {
            world.watch(onDisk, 250);
            LOG.info("Edit {} while the demo runs: valid changes go live, broken ones are reported", onDisk);
        }
        boolean windowed = !options.headless();
        if (windowed) {
            buildGround();
            cam.setLocation(new Vector3f(0, 30, 34));
            cam.lookAt(new Vector3f(0, 0, -4), Vector3f.UNIT_Y);
            flyCam.setMoveSpeed(20);
            flyCam.setDragToRotate(true);
            if (options.screenshot() != null) {
                String file = options.screenshot().getFileName().toString();
                screenshots = new ScreenshotAppState(options.screenshot().getParent() + java.io.File.separator,
                        file.substring(0, file.length() - 4));
                screenshots.setIsNumbered(false);
                stateManager.attach(screenshots);
            }
            hud = new BitmapText(guiFont);
            hud.setLocalTranslation(10, settings.getHeight() - 10, 0);
            guiNode.attachChild(hud);
            BitmapText help = new BitmapText(guiFont);
            help.setText("WASD + drag: move   Enter: talk to the nearest villager   F: draw/sheathe weapon"
                    + "   G: give a coin   T: skip to the next part of the day   H: get hurt / heal");
            help.setLocalTranslation(10, help.getLineHeight() + 6, 0);
            guiNode.attachChild(help);
            Keys.bind(inputManager, this::onKey);
            typing = new Typing(guiFont, guiNode, settings.getHeight(), this::sayToNearest, active -> {
                flyCam.setEnabled(!active); // WASD types letters while the player writes
            });
            inputManager.addRawInputListener(typing);
        } else {
            // Headless, a stranger walks a tour of the village so that things happen.
            player.addControl(new RouteControl(List.of(new Vector3f(0, 0, 12), new Vector3f(15, 0, 1),
                    new Vector3f(3, 0, -15), new Vector3f(0, 0, -31), new Vector3f(-15, 0, 1)), 4f));
            player.setLocalTranslation(0, 0, 14);
        }
        for (Villager v : Villager.LANTERNFALL) {
            villagers.put(v.id(), v);
            Node body = new Node(v.name());
            body.setLocalTranslation(v.route().get(0));
            body.addControl(new RouteControl(v.route(), 1.4f));
            rootNode.attachChild(body);
            animus.addNpc(body, v.id()).setDisplayName(v.shortName());
            if (windowed) {
                Geometry g = new Geometry(v.id(), new Box(0.4f, 0.9f, 0.4f));
                g.setMaterial(unshaded(v.colour()));
                g.setLocalTranslation(0, 0.9f, 0);
                body.attachChild(g);
                BitmapText label = new BitmapText(guiFont);
                label.setSize(0.8f);
                label.setText(v.name());
                Node holder = new Node("label " + v.id());
                holder.attachChild(label);
                label.setLocalTranslation(-label.getLineWidth() / 2, 0, 0);
                holder.setLocalTranslation(0, 2.1f, 0); // under the speech bubbles, which start at 2.4
                holder.addControl(new BillboardControl());
                body.attachChild(holder);
                labels.put(v.id(), label);
            }
        }
    }

    @Override
    public void simpleUpdate(float tpf) {
        elapsed += tpf;
        if (!options.headless()) {
            player.setLocalTranslation(cam.getLocation().x, 0, cam.getLocation().z);
        }
        fadeSpeech(tpf);
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
        if (!situationsRequested && animus.isInitialized()) {
            situationsRequested = true;
            requestSituations();
        }
        sinceHud += tpf;
        if (hud != null && sinceHud > 0.5f) {
            sinceHud = 0;
            hud.setText(statusLine());
        }
        if (screenshots != null && !screenshotTaken && elapsed >= options.seconds() - 0.5f) {
            screenshotTaken = true; // written at the end of this frame; the demo stops 0.5 s later
            screenshots.takeScreenshot();
        }
        if (!stopping && options.seconds() > 0 && elapsed >= options.seconds()) {
            stopping = true;
            LOG.info("Stopping after {} s. {}", options.seconds(), statusLine());
            QueueMetrics m = animus.queueMetrics();
            LOG.info("Queue: {} batches, sizes {}, latency {}; render-thread cost per frame {}",
                    m.batches(), m.batchSizes(), m.latency(), animus.renderThreadCost());
            stop();
        }
    }

    /** Encodes the situation sentences through the plugin's own queue, off the render thread. */
    private void requestSituations() {
        List<CompletableFuture<Embedding>> futures = new ArrayList<>();
        for (String s : SituationReader.SITUATIONS) {
            futures.add(animus.embed("lanternfall-demo", s));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.error("The situations could not be encoded: {}", error.getMessage());
                return;
            }
            List<Embedding> embeddings = futures.stream().map(CompletableFuture::join).toList();
            enqueue(() -> reader = new SituationReader(embeddings)); // back to the render thread
        });
    }

    private void onPerception(PerceptionUpdate update) {
        if (reader == null) {
            return;
        }
        SituationReader.Reading reading = reader.read(update.embedding());
        if (!reading.label().equals(lastReading.put(update.npcId(), reading.label()))) {
            Villager v = villagers.get(update.npcId());
            LOG.info("{} perceives \"{}\" -> {} ({}; encoded in {} ms)", v.name(), update.text(),
                    reading.label(), String.format(Locale.ROOT, "%.2f", reading.similarity()),
                    Math.round(update.latencyMs()));
            BitmapText label = labels.get(update.npcId());
            if (label != null) {
                label.setText(v.name() + "\n" + reading.label());
            }
        }
    }

    private String statusLine() {
        QueueMetrics m = animus.queueMetrics();
        String time = String.format(Locale.ROOT, "Day %d, %s%s. ", world.clock().day() + 1, world.clock().phase().id(),
                weaponDrawn ? ", your weapon is drawn" : "");
        if (m == null || !animus.modelsReady()) {
            return time + "Animus: loading the sentence encoder...";
        }
        return time + String.format(Locale.ROOT, "Animus: %d percepts encoded in %d batches (mean %.1f),"
                + " latency p50 %.0f ms, queued %d", m.completed(), m.batches(),
                m.meanBatchSize(), m.latency().p50Ms(), m.queued());
    }

    /** What villagers do: logged, and shown above their heads for a few seconds. */
    private void onAction(NpcCommand c) {
        Villager v = villagers.get(c.npc());
        String name = v == null ? c.npc() : v.shortName();
        Action a = c.action();
        String shown = null;
        if (a instanceof Action.Say say) {
            LOG.info("{} says \"{}\"", name, say.line()); // the bubble shows it
            actions.add(c.npc() + " " + c.source());
            return;
        } else if (a instanceof Action.SayGenerated g) {
            shown = "... (thinks: " + g.hint() + ")";
        } else if (a instanceof Action.Raise r) {
            shown = "(" + r.event().replace('_', ' ') + ")";
        } else if (a instanceof Action.Emote e) {
            shown = "(feels " + e.emotion() + ")";
        } else if (a instanceof Action.Flee) {
            shown = "(runs away)";
        } else if (a instanceof Action.Follow f) {
            shown = "(follows " + f.target() + ")";
        }
        if (shown == null) {
            return;
        }
        String line = name + ": " + shown;
        actions.add(c.npc() + " " + c.source());
        LOG.info("{}", line);
        BitmapText label = labels.get(c.npc());
        if (label != null) {
            label.setText(v.name() + "\n" + shown);
            speechShownFor.put(c.npc(), 5f);
        }
    }

    private void fadeSpeech(float tpf) {
        speechShownFor.replaceAll((id, left) -> left - tpf);
        speechShownFor.entrySet().removeIf(e -> {
            if (e.getValue() > 0) {
                return false;
            }
            labels.get(e.getKey()).setText(villagers.get(e.getKey()).name() + "\n" + lastReading.getOrDefault(e.getKey(), ""));
            return true;
        });
    }

    private void onKey(Keys.Key key) {
        if (typing != null && typing.active()) {
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
        }
    }

    private boolean hurt;

    /** The player's words go to the villager nearest to them. */
    private void sayToNearest(String words) {
        nearestVillager().ifPresent(id -> {
            LOG.info("You say to {}: \"{}\"", id, words);
            world.speak(id, words);
        });
    }

    private java.util.Optional<String> nearestVillager() {
        return animus.npcs().stream().min(java.util.Comparator.comparingDouble(
                n -> n.getSpatial().getWorldTranslation().distance(player.getWorldTranslation())))
                .map(n -> n.npcId());
    }

    private void buildGround() {
        viewPort.setBackgroundColor(new ColorRGBA(0.55f, 0.7f, 0.85f, 1));
        Geometry ground = new Geometry("ground", new Quad(100, 100));
        ground.setMaterial(unshaded(new ColorRGBA(0.35f, 0.5f, 0.25f, 1)));
        ground.setLocalRotation(new Quaternion().fromAngleAxis(-FastMath.HALF_PI, Vector3f.UNIT_X));
        ground.setLocalTranslation(-50, 0, 50);
        rootNode.attachChild(ground);
        Geometry lake = new Geometry("Mirrormere", new Quad(100, 30));
        lake.setMaterial(unshaded(new ColorRGBA(0.2f, 0.35f, 0.6f, 1)));
        lake.setLocalRotation(new Quaternion().fromAngleAxis(-FastMath.HALF_PI, Vector3f.UNIT_X));
        lake.setLocalTranslation(-50, 0.02f, 50);
        rootNode.attachChild(lake);
        place("well", new Cylinder(8, 16, 1.2f, 1f, true), new Vector3f(0, 0.5f, 0), ColorRGBA.Gray);
        place("forge", new Box(3, 2, 3), new Vector3f(21, 2, 0), ColorRGBA.DarkGray);
        place("Drowned Lantern tavern", new Box(5, 3, 3), new Vector3f(0, 3, -21), ColorRGBA.Brown);
        place("pier", new Box(1.5f, 0.2f, 6), new Vector3f(0, 0.2f, 26), ColorRGBA.Brown);
        place("chapel", new Box(3, 4, 4), new Vector3f(-22, 4, 0), ColorRGBA.LightGray);
        place("north gate", new Box(4, 3, 0.5f), new Vector3f(0, 3, -39), ColorRGBA.DarkGray);
        place("old mill", new Box(3, 3, 3), new Vector3f(-18, 3, -32), ColorRGBA.Brown);
    }

    private void place(String name, com.jme3.scene.Mesh mesh, Vector3f at, ColorRGBA colour) {
        Geometry g = new Geometry(name, mesh);
        if (mesh instanceof Cylinder) {
            g.setLocalRotation(new Quaternion().fromAngleAxis(FastMath.HALF_PI, Vector3f.UNIT_X));
        }
        g.setMaterial(unshaded(colour));
        g.setLocalTranslation(at);
        rootNode.attachChild(g);
    }

    private Material unshaded(ColorRGBA colour) {
        Material m = new Material(assetManager, "Common/MatDefs/Misc/Unshaded.j3md");
        m.setColor("Color", colour);
        return m;
    }
}
