package dev.animus.api;

import com.jme3.app.Application;
import com.jme3.app.SimpleApplication;
import com.jme3.app.state.AppStateManager;
import com.jme3.app.state.BaseAppState;
import com.jme3.asset.AssetInfo;
import com.jme3.asset.AssetKey;
import com.jme3.asset.AssetNotFoundException;
import com.jme3.bounding.BoundingSphere;
import com.jme3.math.Vector3f;
import com.jme3.renderer.Camera;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import dev.animus.inference.BatchModel;
import dev.animus.inference.EncoderBatchModel;
import dev.animus.inference.InferenceQueue;
import dev.animus.inference.InferenceRequest;
import dev.animus.inference.InferenceResult;
import dev.animus.inference.LatencyWindow;
import dev.animus.inference.Priority;
import dev.animus.inference.RequestKind;
import dev.animus.inference.ResultStatus;
import dev.animus.model.encoder.Embedding;
import dev.animus.model.runtime.DeviceSelector;
import dev.animus.perception.Percept;
import dev.animus.perception.Sound;
import dev.animus.perception.ThinkBudget;
import dev.animus.runtime.Models;
import dev.animus.runtime.WorldRuntime;
import dev.animus.scene.NpcGrid;
import dev.animus.scene.Occluders;
import dev.animus.scene.SceneSenses;
import dev.animus.scene.SpeechBubbles;
import dev.animus.scene.WorldLoader;
import dev.animus.world.NpcDefinition;
import dev.animus.world.Senses;
import dev.animus.world.World;
import dev.animus.world.WorldFileException;
import dev.animus.world.WorldParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Animus plugin: attach one to a game, give NPC spatials a {@link NpcBrainControl}
 * (or tag them with user data), and their percepts are encoded in batches off the render
 * thread.
 *
 * <h2>One frame</h2>
 * <ol>
 * <li>{@link #update}: apply up to {@link AnimusConfig#resultsPerFrame()} results that
 *     workers finished since the last frame, notify listeners, cancel the requests of NPCs
 *     that left the scene, and bind newly tagged spatials.
 * <li>The controls' {@code controlUpdate}: each NPC that is due senses and submits.
 * <li>{@link #postRender}: flush the frame, so all its requests become one batch per model.
 * </ol>
 * None of these waits on inference: a frame without a result shows the last state.
 *
 * <p>Models are loaded by the inference workers once the state is attached, never on the
 * render thread. Render thread only, except where a method says otherwise.
 */
public class AnimusAppState extends BaseAppState {
    private static final Logger LOG = LoggerFactory.getLogger(AnimusAppState.class);

    private final AnimusConfig config;
    private final Map<String, NpcBrainControl> npcs = new LinkedHashMap<>();
    private final Collection<NpcBrainControl> npcView = Collections.unmodifiableCollection(npcs.values());
    private final ConcurrentLinkedQueue<InferenceResult> finished = new ConcurrentLinkedQueue<>();
    private final List<NpcListener> listeners = new CopyOnWriteArrayList<>();
    private final LatencyWindow renderCost = new LatencyWindow(4096);
    private final SceneSenses<NpcBrainControl> senses = new SceneSenses<>(new SceneSenses.Npcs<>() {
        @Override
        public Spatial spatial(NpcBrainControl npc) {
            return npc.getSpatial();
        }

        @Override
        public String id(NpcBrainControl npc) {
            return npc.npcId();
        }

        @Override
        public String name(NpcBrainControl npc) {
            return npc.displayName();
        }
    });

    /** The encoder and decoder behind one queue; started in {@link #initialize}. Thread-safe. */
    private final Models models;

    private SpeechBubbles bubbles;
    private Application application;
    private WorldSession session;
    private Node sceneRoot;
    private Node occluders;
    private final NpcGrid<NpcBrainControl> grid = new NpcGrid<>(NpcBrainControl::getSpatial);
    /** Spreads bursts of thoughts over frames. */
    private final ThinkBudget thinkBudget = new ThinkBudget();

    private volatile CompletableFuture<Void> stopped = CompletableFuture.completedFuture(null);

    private final Map<NpcBrainControl, Integer> registrationOrder = new WeakHashMap<>();
    private int registrations;
    private final Occluders occluderParts = new Occluders(NpcBrainControl.class);
    /** Reused by the AI level of detail's is-it-on-screen test (render thread). */
    private final BoundingSphere lodSphere = new BoundingSphere(1.5f, new Vector3f());

    private long frame;
    private long frameCostNanos;
    private float sinceScan = Float.MAX_VALUE;
    private long dropped;

    /** A plugin with the default configuration. */
    public AnimusAppState() {
        this(AnimusConfig.builder().build());
    }

    /** @param config how to run (not null) */
    public AnimusAppState(AnimusConfig config) {
        super("Animus");
        this.config = Objects.requireNonNull(config, "config");
        this.models = new Models(config.models());
    }

    /** @return the configuration */
    public AnimusConfig config() {
        return config;
    }

    /**
     * Sets the node scanned for spatials tagged as NPCs. Defaults to the root node of a
     * {@link SimpleApplication}.
     *
     * @param root the node (may be null to scan nothing)
     */
    public void setSceneRoot(Node root) {
        this.sceneRoot = root;
    }

    /**
     * Sets what can hide things from NPCs: line-of-sight rays are tested against it. Defaults
     * to the scene root. A game with a node of static level geometry (walls, buildings, terrain)
     * passes it here, so rays skip characters, effects and everything else that moves. NPCs'
     * own bodies never block sight in either case.
     *
     * @param occluders the node, or null for the scene root
     */
    public void setOccluders(Node occluders) {
        this.occluders = occluders;
    }

    /**
     * Gives a spatial a brain: adds one, or binds the unbound brain it carries (a clone's, or one
     * loaded from a {@code .j3o}: see {@link NpcBrainControl}) to this id.
     *
     * @param spatial the NPC's spatial (not null; without a brain, or with an unbound one)
     * @param npcId its id (unique)
     * @return the spatial's brain, bound to the id; the one it has if that is bound to this id already
     * @throws IllegalArgumentException if the id is blank or used by another NPC, or the spatial's
     *     brain is bound to another id
     */
    public NpcBrainControl addNpc(Spatial spatial, String npcId) {
        NpcBrainControl existing = spatial.getControl(NpcBrainControl.class);
        if (existing != null && existing.isBound()) {
            if (existing.isBoundTo(this) && existing.npcId().equals(npcId)) {
                return existing;
            }
            throw new IllegalArgumentException(spatial + " already has the brain of NPC '" + existing.npcId()
                    + "'; remove it first (spatial.removeControl(NpcBrainControl.class))");
        }
        NpcBrainControl old = npcId == null ? null : npcs.get(npcId);
        if (old != null) { // before the control is added, so a refused spatial is left as it was
            throw new IllegalArgumentException(
                    "NPC id '" + npcId + "' is already used by " + old.getSpatial() + "; give each NPC its own id");
        }
        if (existing != null) {
            existing.bind(this, npcId);
            return existing;
        }
        NpcBrainControl control = new NpcBrainControl(this, npcId);
        spatial.addControl(control);
        return control;
    }

    /** @param listener called on the render thread for every new percept (not null) */
    public void addListener(NpcListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @param listener a listener added before */
    public void removeListener(NpcListener listener) {
        listeners.remove(listener);
    }

    /** @return the NPCs' brains, in the order they were added (unmodifiable live view) */
    public Collection<NpcBrainControl> npcs() {
        return npcView;
    }

    /**
     * @param npcId an NPC id
     * @return its brain, or null
     */
    public NpcBrainControl npc(String npcId) {
        return npcs.get(npcId);
    }

    /** @return the frame number: how many frames the plugin has flushed */
    public long frame() {
        return frame;
    }

    /**
     * The queue's figures. Any thread.
     *
     * @return a snapshot, or null before the state is initialised
     */
    public QueueFigures queueMetrics() {
        return Values.figures(models.metrics());
    }

    /**
     * Time the plugin spent on the render thread per frame (its update, the controls and
     * the flush), over the last 4096 frames. Any thread.
     *
     * @return the summary
     */
    public Latency renderThreadCost() {
        return Values.latency(renderCost.summary());
    }

    /** Starts {@link #renderThreadCost()} afresh, for example after loading. Any thread. */
    public void resetRenderThreadCost() {
        renderCost.clear();
    }

    /**
     * Starts every measurement afresh (render-thread cost, queue latency and batch time), for
     * example once models have loaded, so the figures show the steady state. Any thread.
     */
    public void resetMeasurements() {
        renderCost.clear();
        models.clearLatencies();
    }

    /** @return whether the workers have loaded (or failed to load) every model. Any thread. */
    public boolean modelsReady() {
        return models.ready();
    }

    /** @return tokens the decoder has written so far (0 with dialogue off); for tokens/s readouts. Any thread. */
    public long tokensGenerated() {
        return models.tokensGenerated();
    }

    /** @return the device each inference engine chose ("PyTorch" to "cpu()"), once models have loaded. Any thread. */
    public Map<String, String> devices() {
        return DeviceSelector.chosen();
    }

    /** @return results that arrived for NPCs no longer known, and were dropped */
    public long droppedResults() {
        return dropped;
    }

    @Override
    public void stateAttached(AppStateManager stateManager) {
        super.stateAttached(stateManager);
        application = stateManager.getApplication();
        WorldLoader.register(application.getAssetManager(), config.vocabulary());
    }

    /**
     * Loads a world file through the AssetManager and starts running it: its clock, and the
     * behaviours of its NPCs, bound to the NPC brains of the same ids. May be called as soon
     * as the state is attached. Replaces a world already running.
     *
     * @param assetKey for example {@code "Worlds/lanternfall.world"} (not null)
     * @return the running world
     * @throws WorldFileException listing every problem of the file
     * @throws AssetNotFoundException if no asset root holds the file
     * @throws IllegalStateException if the state is not attached
     */
    public WorldSession loadWorld(String assetKey) {
        if (application == null) {
            throw new IllegalStateException("Attach the AnimusAppState before loading a world");
        }
        // Parsed here, not through loadAsset: the AssetManager would hand back a cached World, and
        // this state's own vocabulary (its game's actions) is what the file is checked against.
        AssetInfo info = application.getAssetManager().locateAsset(new AssetKey<>(assetKey));
        if (info == null) {
            throw new AssetNotFoundException("World file '" + assetKey + "' is not in any asset"
                    + " root. Check the path, or register the folder that holds it:"
                    + " assetManager.registerLocator(\"path/to/assets\", FileLocator.class)");
        }
        try (InputStream in = info.openStream()) {
            return useWorld(new WorldParser(config.vocabulary()).parse(assetKey, WorldLoader.read(assetKey, in)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the world file '" + assetKey + "': " + e.getMessage(), e);
        }
    }

    /**
     * Starts running a world parsed elsewhere. Replaces a world already running.
     *
     * @param world the world (not null)
     * @return the running world
     * @throws IllegalStateException if the state is not attached
     */
    public WorldSession useWorld(World world) {
        if (application == null) {
            throw new IllegalStateException("Attach the AnimusAppState before using a world");
        }
        if (session != null) {
            session.close();
        }
        session = new WorldSession(this, models, Objects.requireNonNull(world, "world"));
        if (config.speechBubbles()) {
            if (bubbles == null) {
                bubbles = new SpeechBubbles(this::bodyOf, drawer(config.bubbles()));
                application.getStateManager().attach(bubbles);
            }
            session.runtime().addListener(bubbles);
        }
        LOG.info(
                "World '{}' from {}: {} places, {} NPCs",
                world.name(),
                world.source(),
                world.places().size(),
                world.npcs().size());
        return session;
    }

    /** The name of a speech bubble's node, a child of its NPC's spatial. */
    public static final String BUBBLE_NODE = SpeechBubbles.NODE_NAME;

    /**
     * @param npcId an NPC
     * @return the text its speech bubble shows now, or null if it shows none (or bubbles are off)
     */
    public String bubbleText(String npcId) {
        return bubbles == null ? null : bubbles.textOf(npcId);
    }

    private Spatial bodyOf(String npcId) {
        NpcBrainControl brain = npcs.get(npcId);
        return brain == null ? null : brain.getSpatial();
    }

    /** The game's bubble drawing as the scene draws bubbles; null for the plugin's own. */
    private static SpeechBubbles.Drawer drawer(BubbleDrawer game) {
        if (game == null) {
            return null;
        }
        return npcId -> {
            BubbleDrawer.Bubble drawn = game.create(npcId);
            return new SpeechBubbles.View() {
                @Override
                public Spatial spatial() {
                    return drawn.spatial();
                }

                @Override
                public void setText(String text) {
                    drawn.setText(text);
                }

                @Override
                public void setAlpha(float alpha) {
                    drawn.setAlpha(alpha);
                }

                @Override
                public Vector3f size() {
                    return drawn.size();
                }
            };
        };
    }

    /** @return the running world, or null */
    public WorldSession world() {
        return session;
    }

    /** Fault injection for the plugin's own tests: wraps the encoder before the queue gets it. */
    UnaryOperator<BatchModel<?, ?>> faults = m -> m;

    @Override
    protected void initialize(Application app) {
        if (sceneRoot == null && app instanceof SimpleApplication simple) {
            sceneRoot = simple.getRootNode();
        }
        models.start(this::onFinished, faults);
        LOG.info(
                "Animus attached: {} worker(s), batches of up to {}, device {}, dialogue {}",
                config.queue().workers(),
                config.queue().maxBatchSize(),
                config.device(),
                config.dialogue() ? config.decoder().map(Object::toString).orElse("by the bundled model") : "off");
    }

    /**
     * Stops the plugin without waiting: requests still waiting end cancelled, and the workers
     * finish their batches, close their sessions and the models on a background thread, so
     * detaching the state never holds up a frame.
     */
    @Override
    protected void cleanup(Application app) {
        if (session != null) {
            session.close();
        }
        stopped = models.shutdown();
        finished.clear();
    }

    /**
     * After the state is detached, the workers stop and the models close on a background
     * thread, without holding up a frame; this says when that is done (a game that loads
     * another plugin at once does not need to wait for it). Any thread.
     *
     * @return completes once the workers of the last detach have stopped and the models are
     *     closed; already complete while nothing is stopping
     */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    @Override
    protected void onEnable() {}

    @Override
    protected void onDisable() {
        // A disabled plugin thinks nothing: drop what waits, so it is not applied later.
        for (NpcBrainControl npc : npcs.values()) {
            models.cancelOwner(npc.npcId());
            npc.forgetSubmitted();
        }
    }

    @Override
    public void update(float tpf) {
        long start = System.nanoTime();
        sinceScan += tpf;
        if (sinceScan >= config.scanIntervalSeconds()) {
            sinceScan = 0;
            bindTaggedSpatials();
        }
        thinkBudget.nextFrame();
        cancelDormant();
        applyFinished();
        grid.rebuild(npcView);
        Node blocking = occluders != null ? occluders : sceneRoot;
        if (config.lineOfSight() && blocking != null) { // NPCs never block sight: leave their bodies out once a frame
            occluderParts.refresh(blocking);
        } else {
            occluderParts.clear();
        }
        if (session != null) {
            session.update(tpf);
        }
        frameCostNanos += System.nanoTime() - start;
    }

    @Override
    public void postRender() {
        if (!isEnabled()) {
            return;
        }
        long start = System.nanoTime();
        frame = models.flush();
        frameCostNanos += System.nanoTime() - start;
        renderCost.record(frameCostNanos);
        frameCostNanos = 0;
    }

    /**
     * Encodes a text with the plugin's sentence encoder, in the batch of the current frame.
     * Any thread; the future completes on the queue's callback thread (never a worker, never the
     * render thread), so hand what it yields back to the render thread (for example with
     * {@code app.enqueue}) before touching the scene.
     *
     * @param owner who asks, for cancellation and logs (not null)
     * @param text the text (not null)
     * @return the embedding; or a future failed with a {@link CancellationException}
     *     if the request was cancelled (the plugin is shutting down), or with an
     *     {@link IllegalStateException} saying why it ended without one
     * Asked before the state is initialised (in {@code simpleInitApp}), the text is encoded as
     * soon as the queue exists, on the first frame.
     */
    public CompletableFuture<Embedding> embed(String owner, String text) {
        return models.embed(owner, text);
    }

    /** The queue, for tests in this package; null before initialisation. */
    InferenceQueue queue() {
        return models.queue();
    }

    /** Whether controls may submit now. */
    boolean isRunning() {
        return isInitialized() && isEnabled();
    }

    void addRenderCost(long nanos) {
        frameCostNanos += nanos;
    }

    long submitPerception(NpcBrainControl npc, String text) {
        return models.submit(InferenceRequest.of(npc.npcId(), RequestKind.PERCEPTION, EncoderBatchModel.NAME, text))
                .id();
    }

    /**
     * Any thread. Only perception results a control must see cross to the render thread:
     * superseded and cancelled ones carry nothing to apply, and at hundreds of NPCs they
     * would crowd out real results under the per-frame cap. Other kinds (embed) are
     * answered through their futures.
     */
    private void onFinished(InferenceResult r) {
        if ((r.kind() == RequestKind.PERCEPTION || r.kind() == RequestKind.PERCEPT)
                && r.status() != ResultStatus.SUPERSEDED
                && r.status() != ResultStatus.CANCELLED) {
            finished.add(r);
        }
    }

    long submitPercept(NpcBrainControl npc, Percept percept) {
        // What stands out (a threat, a shout) must not be shed with the background chatter.
        Priority priority = percept.salience() >= WorldRuntime.MEMORABLE ? Priority.NORMAL : Priority.AMBIENT;
        return models.submit(new InferenceRequest(
                        npc.npcId(), RequestKind.PERCEPT, priority, EncoderBatchModel.NAME, percept.text()))
                .id();
    }

    /** A discrete percept came back encoded: to the world's behaviours and memory, and the listeners. */
    void notifyPercept(NpcBrainControl npc, Percept percept, Embedding embedding, long frame, double latencyMs) {
        if (session != null) {
            session.noticed(npc.npcId(), percept, embedding);
        }
        PerceptionUpdate update = new PerceptionUpdate(npc.npcId(), percept.text(), embedding, frame, latencyMs);
        for (NpcListener l : listeners) {
            try {
                l.onPerception(update);
            } catch (RuntimeException e) {
                LOG.error("An NpcListener failed on the percept of '{}'", update.npcId(), e);
            }
        }
    }

    /** How far around an NPC a {@link PerceptionSensor} is shown the others, unless it says otherwise. */
    public static final float SENSED_METRES = 48;

    /** Whether an NPC whose interval ended thinks this frame ({@link ThinkBudget}). Render thread. */
    boolean mayThink(int framesLate) {
        return thinkBudget.mayThink(framesLate);
    }

    /** A thought granted this frame took so long. Render thread. */
    void thought(long nanos) {
        thinkBudget.spent(nanos);
    }

    /** The NPCs near one (all within {@code metres}, maybe more); reused. Render thread. */
    List<NpcBrainControl> npcsNear(NpcBrainControl npc, float metres) {
        return grid.near(npc.getSpatial().getWorldTranslation(), metres);
    }

    /** What an NPC sees now. Render thread. */
    List<Percept> see(NpcBrainControl npc) {
        WorldSession w = session;
        Senses sees = senses(npc);
        return senses.see(
                npc,
                sees,
                grid.near(npc.getSpatial().getWorldTranslation(), sees.sightMetres()),
                w == null ? null : w.player(),
                w != null && w.playerArmed(),
                config.lineOfSight() ? occluderParts : null);
    }

    /** @return the NPC's senses: from its world-file entry, else the defaults */
    Senses senses(NpcBrainControl npc) {
        WorldSession w = session;
        return w == null
                ? Senses.DEFAULT
                : w.npc(npc.npcId()).map(NpcDefinition::senses).orElse(Senses.DEFAULT);
    }

    /**
     * A sound in the world: every NPC that hears it gets one percept at its next think.
     * Render thread.
     *
     * @param sound what, where and how loud (not null)
     */
    void hear(Sound sound) {
        for (NpcBrainControl npc : npcs.values()) {
            Percept p = senses.hear(npc, senses(npc), sound);
            if (p != null) {
                npc.heard(p);
            }
        }
    }

    /** The AI level of detail: seconds between an NPC's thoughts, from where the player is. */
    float thinkInterval(NpcBrainControl npc) {
        Spatial body = npc.getSpatial();
        WorldSession w = session;
        Spatial player = w == null ? null : w.player();
        Vector3f from = player != null
                ? player.getWorldTranslation()
                : application.getCamera() != null ? application.getCamera().getLocation() : null;
        if (from == null || body == null) {
            return config.thinkRate().midInterval();
        }
        // A body-sized sphere at the NPC, not its world bound: asking for that would make jME
        // rebuild the bound of every NPC that moved, a fresh box each time, before the frame does.
        lodSphere.getCenter().set(body.getWorldTranslation()).addLocal(0, 0.9f, 0);
        boolean visible = application.getCamera() == null
                || application.getCamera().contains(lodSphere) != Camera.FrustumIntersect.Outside;
        return config.thinkRate().interval(from.distance(body.getWorldTranslation()), visible);
    }

    /** @return the NPC's position in registration order, for spreading work over frames */
    int npcIndex(NpcBrainControl npc) {
        return registrationOrder.getOrDefault(npc, 0);
    }

    void notifyPerception(PerceptionUpdate update) {
        if (session != null) {
            session.perceived(update);
        }
        for (NpcListener l : listeners) {
            try {
                l.onPerception(update);
            } catch (RuntimeException e) {
                LOG.error("An NpcListener failed on the percept of '{}'", update.npcId(), e);
            }
        }
    }

    void register(NpcBrainControl npc) {
        NpcBrainControl old = npcs.get(npc.npcId());
        if (old != null && old != npc) {
            throw new IllegalArgumentException("NPC id '" + npc.npcId() + "' is already used by " + old.getSpatial()
                    + "; give each NPC its own id");
        }
        npcs.put(npc.npcId(), npc);
        registrationOrder.put(npc, registrations++);
        occluderParts.invalidate(); // its body no longer hides anything
    }

    void unregister(NpcBrainControl npc) {
        registrationOrder.remove(npc);
        occluderParts.invalidate(); // what was its body may hide things now
        if (npcs.remove(npc.npcId(), npc) && models.started()) {
            models.cancelOwner(npc.npcId());
            npc.forgetSubmitted(); // cancelled results never arrive: a brain added again sends afresh
        }
    }

    /** Applies finished results, at most the configured number per frame; the rest wait. */
    private void applyFinished() {
        for (int i = 0; i < config.resultsPerFrame(); i++) {
            InferenceResult r = finished.poll();
            if (r == null) {
                return;
            }
            NpcBrainControl npc = npcs.get(r.owner());
            if (npc == null) {
                dropped++;
                continue;
            }
            npc.accept(r);
        }
    }

    /**
     * An NPC whose control did not run last frame has left the scene (or was disabled):
     * cancel its perception so no stale result is applied, and let it resend once it returns.
     * What it was asked keeps going: a paused NPC still answers the player.
     */
    private void cancelDormant() {
        for (NpcBrainControl npc : npcs.values()) {
            long seen = npc.updatedFrame();
            if (seen >= 0 && seen < frame - 1 && npc.lastSubmittedId() != 0) {
                if (models.cancelOwner(npc.npcId(), AnimusAppState::perception) > 0) {
                    LOG.debug("NPC '{}' left the scene; its perception requests were cancelled", npc.npcId());
                }
                npc.forgetSubmitted();
            }
        }
    }

    private static boolean perception(RequestKind kind) {
        return kind == RequestKind.PERCEPTION || kind == RequestKind.PERCEPT;
    }

    private void bindTaggedSpatials() {
        if (sceneRoot == null) {
            return;
        }
        // Tagged spatials without a brain, and unbound brains (clones, loaded from a .j3o).
        String key = config.npcUserDataKey();
        List<Spatial> found = new ArrayList<>();
        sceneRoot.depthFirstTraversal(s -> {
            NpcBrainControl brain = s.getControl(NpcBrainControl.class);
            if (brain == null ? s.getUserData(key) != null : !brain.isBound()) {
                found.add(s);
            }
        });
        for (Spatial s : found) {
            NpcBrainControl brain = s.getControl(NpcBrainControl.class);
            Object tag = s.getUserData(key);
            String id = tag != null ? tag.toString() : brain.npcId(); // the tag wins over a saved id
            if (id == null || id.isBlank()) {
                continue; // a clone without a tag: the game binds it (addNpc)
            }
            NpcBrainControl holder = npcs.get(id);
            try {
                if (holder != null) { // never thrown out of the frame: this spatial waits for an id of its own
                    if (brain == null) {
                        brain = new NpcBrainControl();
                        s.addControl(brain);
                    }
                    if (brain.refused(id)) {
                        LOG.error(
                                "{} is {} NPC '{}', which {} already is; it is left unbound (it thinks nothing)"
                                        + " until it has an id of its own: spatial.setUserData(\"{}\", \"new-id\") or"
                                        + " animus.addNpc(spatial, \"new-id\") (a clone keeps its template's tag)",
                                s,
                                tag != null ? "tagged as" : "a saved brain of",
                                id,
                                holder.getSpatial(),
                                key);
                    }
                } else {
                    if (brain == null) {
                        addNpc(s, id);
                    } else {
                        brain.bind(this, id);
                    }
                    LOG.debug("Bound NPC '{}' to spatial {}", id, s.getName());
                }
            } catch (RuntimeException e) {
                LOG.error("Cannot give {} the brain of NPC '{}'", s, id, e);
            }
        }
    }
}
