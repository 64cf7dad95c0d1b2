package dev.animus.api;

import com.jme3.asset.AssetManager;
import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import dev.animus.behaviour.BehaviourEngine;
import dev.animus.behaviour.NpcCommand;
import dev.animus.behaviour.NpcMind;
import dev.animus.behaviour.SemanticMatcher;
import dev.animus.behaviour.Stimulus;
import dev.animus.behaviour.Surroundings;
import dev.animus.dialogue.DialogueService;
import dev.animus.dialogue.Knowledge;
import dev.animus.memory.FactIndex;
import dev.animus.memory.Importance;
import dev.animus.memory.Memory;
import dev.animus.memory.SaveFileException;
import dev.animus.memory.WorldSave;
import dev.animus.model.encoder.Embedding;
import dev.animus.model.prompt.PromptFormat;
import dev.animus.perception.Percept;
import dev.animus.perception.PerceptText;
import dev.animus.perception.SceneView;
import dev.animus.perception.Sound;
import dev.animus.world.Action;
import dev.animus.world.NpcDefinition;
import dev.animus.world.Phase;
import dev.animus.world.Place;
import dev.animus.world.ScheduleEntry;
import dev.animus.world.Vec3;
import dev.animus.world.Vocabulary;
import dev.animus.world.World;
import dev.animus.world.WorldClock;
import dev.animus.world.WorldFileWatcher;
import dev.animus.world.WorldParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A world running in the game: its clock, its NPCs' behaviours, and what the game tells it
 * (the player's position and health, events, words, gifts, percepts). Get one from
 * {@link AnimusAppState#loadWorld}. NPC definitions bind to the NPC brains of the same id.
 *
 * <p>Render thread only, except where a method says otherwise. Work on other threads
 * (encoding, reloading) comes back through an inbox drained each frame.
 */
public final class WorldSession {
    private static final Logger LOG = LoggerFactory.getLogger(WorldSession.class);
    /** The player's id, as world files and {@link #lookAround} name them: {@code "player"}. */
    public static final String PLAYER = Surroundings.PLAYER;

    private final AnimusAppState animus;
    private final BehaviourEngine engine;
    private final WorldClock clock;
    private final List<Stimulus> pending = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final List<NpcActionListener> actionListeners = new CopyOnWriteArrayList<>();
    private final List<WorldListener> worldListeners = new CopyOnWriteArrayList<>();
    /**
     * The running world and its NPCs by id (looked up on every think, so not a scan of the
     * list). Swapped whole by a reload on the render thread; volatile, so the methods any thread
     * may call ({@link #remember}, {@link #reportPercept}, {@link #relevantFacts}) see a whole world.
     */
    private volatile Running running;

    private record Running(World world, Map<String, NpcDefinition> byId) {
        Running(World world) {
            this(world, Map.copyOf(world.npcsById()));
        }
    }

    private final NpcMemories memories;
    private final Conversations conversations;
    private final SaveWriter saves = new SaveWriter();
    private final Map<String, Embedding> triggerEmbeddings = new ConcurrentHashMap<>();
    /** Each NPC's facts, encoded for retrieval; replaced whole when the world reloads. */
    private volatile Map<String, CompletableFuture<FactIndex>> factIndexes = Map.of();

    private volatile List<Embedding> anchors;
    private Spatial player;
    private boolean playerArmed;
    private float playerHealth = 100;
    private WorldFileWatcher watcher;
    /** Trigger sentences are encoded on the first frame: the plugin's queue may not exist before. */
    private boolean triggersRequested;

    WorldSession(AnimusAppState animus, World world) {
        this.animus = animus;
        this.engine = new BehaviourEngine(world);
        this.clock = new WorldClock(world.dayLengthSeconds(), world.startPhase());
        pending.add(new Stimulus.PhaseStarted(clock.phase()));
        this.running = new Running(world);
        this.memories = new NpcMemories(animus.config().memoryCapacity());
        memories.fit(world);
        this.conversations = new Conversations(this, animus, memories);
    }

    /** @return the world now running. Any thread. */
    public World world() {
        return running.world();
    }

    /**
     * Gives every NPC of the world that has no spatial yet a body: a node named after it,
     * standing where its schedule puts it now, carrying its world-file character model (scaled
     * to 1.8 m, migrated when the file says {@code migrate: true}), attached under
     * {@code parent} and marked as that NPC. For games that let the world file place their
     * characters; a game with its own spatials calls {@code AnimusAppState.addNpc} instead.
     * A model that fails to load is logged with its world-file line and the NPC has no model.
     * Render thread.
     *
     * @param parent where the bodies go (usually the root node)
     * @param assets the game's asset manager (Ogre .mesh.xml models need jme3-plugins)
     * @return the new bodies by NPC id, in world-file order
     */
    public Map<String, Node> spawnNpcs(Node parent, AssetManager assets) {
        Map<String, Node> bodies = new LinkedHashMap<>();
        List<NpcDefinition> npcs = world().npcs();
        for (int i = 0; i < npcs.size(); i++) {
            NpcDefinition npc = npcs.get(i);
            if (animus.npc(npc.id()) != null) {
                continue;
            }
            Node body = NpcSpawner.body(world(), npc, i, clock.phase(), assets);
            parent.attachChild(body);
            animus.addNpc(body, npc.id());
            bodies.put(npc.id(), body);
            NpcMind mind = mind(npc.id());
            if (mind != null && mind.activity() != null) { // its character starts on its scheduled activity
                animate(new NpcCommand(npc.id(), "schedule", new Action.Animate(mind.activity()), null));
            }
            List<Vector3f> route = scheduledRoute(npc.id());
            if (route.size() > 1 && animus.config().locomotion()) { // and on its patrol, if it has one
                NpcLocomotion.of(body).patrol(route);
            }
        }
        return bodies;
    }

    /**
     * Describes what someone perceives where they stand now, in a few sentences by the decoder:
     * the NPCs around and what they are doing, the props and the places in sight, the time of
     * day. Sentences naming anything not in view are dropped ({@link SceneView#faithful}).
     * Render thread; the description is asked for and completes on the queue's callback thread,
     * so this never waits on the decoder, even one still loading.
     *
     * @param who {@link #PLAYER} or an NPC id
     * @return the description; fails when dialogue is off or the model fails
     * @throws IllegalArgumentException if there is no such NPC, or no player is set
     */
    public CompletableFuture<String> lookAround(String who) {
        Vec3 at = positionOf(who);
        if (at == null) {
            throw new IllegalArgumentException(
                    who.equals(PLAYER)
                            ? "No player is set: call setPlayer first"
                            : "No NPC '" + who + "' with a spatial in the scene");
        }
        Map<String, Vec3> others = new HashMap<>(positions());
        others.remove(who);
        Map<String, String> activities = new HashMap<>();
        for (String id : others.keySet()) {
            NpcBrainControl brain = animus.npc(id);
            NpcLocomotion legs = brain == null ? null : brain.getSpatial().getControl(NpcLocomotion.class);
            NpcMind mind = mind(id);
            activities.put(
                    id,
                    legs != null && legs.walking()
                            ? "walk"
                            : mind != null && mind.activity() != null ? mind.activity() : "idle");
        }
        SceneView view = SceneView.around(world(), at, clock.phase(), others, activities);
        DialogueService service = animus.dialogue();
        if (service == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "Scene descriptions need the decoder, and dialogue is off (AnimusConfig.dialogue)"));
        }
        World now = world();
        // Tokenised and submitted on the queue's callback thread: the render thread only looks.
        return CompletableFuture.supplyAsync(() -> service.describe(view.prompt(), who), animus.callbacks())
                .thenCompose(description -> description)
                .thenApply(text -> {
                    String kept = view.faithful(now, text);
                    if (!kept.equals(text)) {
                        LOG.debug("Dropped what is not in view from \"{}\": \"{}\"", text, kept);
                    }
                    return kept;
                });
    }

    /** @return the in-game clock */
    public WorldClock clock() {
        return clock;
    }

    /**
     * @param npcId an NPC id of the world
     * @return its behaviour state (variables, emotion, activity), or null
     */
    public NpcMind mind(String npcId) {
        return engine.mind(npcId);
    }

    /** @return whether semantic triggers can fire yet (their sentences have been encoded) */
    public boolean semanticTriggersReady() {
        return anchors != null;
    }

    /** @param spatial the player's spatial, for proximity triggers and NPCs' sight (null: no player) */
    public void setPlayer(Spatial spatial) {
        this.player = spatial;
    }

    /** @return the player's spatial, or null */
    public Spatial player() {
        return player;
    }

    /** @return whether the player holds a drawn weapon (from the weapon_drawn and weapon_sheathed events) */
    public boolean playerArmed() {
        return playerArmed;
    }

    /**
     * The player shouts: every NPC within three times its hearing range hears it (walls do not
     * stop sound), and it becomes a percept of each at its next think.
     *
     * @param text the words (not null)
     */
    public void shout(String text) {
        Vec3 at = positionOf(PLAYER);
        if (at == null) {
            throw new IllegalStateException("setPlayer() first: a shout needs a place to come from");
        }
        animus.hear(new Sound(
                PLAYER,
                "the stranger shouts: \"" + PromptFormat.utterance(text) + "\"",
                (float) at.x(),
                (float) at.y(),
                (float) at.z(),
                Sound.SHOUT,
                null,
                false));
    }

    /** A discrete percept of an NPC, encoded: its behaviours react, and what stands out is remembered. */
    void noticed(String npcId, Percept percept, Embedding embedding) {
        if (npc(npcId).isEmpty()) {
            return;
        }
        String subject = percept.subject().equals(PLAYER) ? PLAYER : percept.subject();
        pending.add(new Stimulus.Perceived(npcId, subject, percept.text(), embedding));
        if (percept.salience() >= MEMORABLE) {
            String text = percept.text().substring(0, 1).toUpperCase(Locale.ROOT)
                    + percept.text().substring(1);
            memories.add(npcId, new Memory("I noticed: " + text, clock.seconds(), percept.salience(), embedding));
        }
    }

    /** Percepts at least this salient are remembered (a threat nearby is; someone walking past is not). */
    static final float MEMORABLE = 0.6f;

    /** @param percent the player's health (0 to 100) */
    public void setPlayerHealth(float percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("player health must be in [0, 100], got " + percent);
        }
        this.playerHealth = percent;
    }

    /** @param listener called for every NPC action, in order (not null) */
    public void addActionListener(NpcActionListener listener) {
        actionListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @param listener called when the world file is reloaded or a reload fails (not null) */
    public void addWorldListener(WorldListener listener) {
        worldListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * @param listener hears NPCs think and answer: replies to the player and lines of
     *     {@code say_generated} actions (not null)
     */
    public void addDialogueListener(DialogueListener listener) {
        conversations.addListener(listener);
    }

    /**
     * Something happened in the world, for example {@code raiseEvent("weapon_drawn", "player")}.
     *
     * @param event a built-in or declared event id (not null)
     * @param actor who did it: "player", an NPC id, or null
     * @throws IllegalArgumentException if the world does not know the event
     */
    public void raiseEvent(String event, String actor) {
        boolean known = Vocabulary.CORE.builtInEvents().contains(event)
                || world().events().stream().anyMatch(e -> e.id().equals(event));
        if (!known) {
            throw new IllegalArgumentException("Unknown event '" + event + "' for world " + world().source()
                    + "; built-in: " + Vocabulary.CORE_EVENTS + ", declared: "
                    + world().events().stream().map(e -> e.id()).toList());
        }
        Vec3 where = actor == null ? null : positionOf(actor);
        pending.add(new Stimulus.EventHappened(event, actor, where));
        if (PLAYER.equals(actor) && (event.equals("weapon_drawn") || event.equals("weapon_sheathed"))) {
            playerArmed = event.equals("weapon_drawn");
        }
        animus.hear(eventSound(event, actor, where));
        if (event.equals("weapon_drawn") && PLAYER.equals(actor) && where != null) {
            for (Map.Entry<String, Vec3> npc : positions().entrySet()) {
                if (!npc.getKey().equals(PLAYER)
                        && npc(npc.getKey()).isPresent()
                        && distance(npc.getValue(), where) <= WITNESS_METRES) {
                    remember(npc.getKey(), STRANGER + " drew a weapon near me.", 0.8f);
                }
            }
        }
    }

    /** How an event sounds to those who hear it: noisy where it has a place, heard by all where it has none. */
    private Sound eventSound(String event, String actor, Vec3 where) {
        String who = actor == null
                ? ""
                : actor.equals(PLAYER)
                        ? "the stranger "
                        : npc(actor).map(n -> n.name() + " ").orElse(actor + " ");
        String text = switch (event) {
            case "weapon_drawn" -> who + "draws a weapon";
            case "weapon_sheathed" -> who + "sheathes a weapon";
            case "item_dropped" -> who + "drops something";
            case "item_given" -> who + "gives something away";
            case "coin_given" -> who + "hands over a coin";
            default ->
                world().events().stream()
                        .filter(e -> e.id().equals(event))
                        .map(e -> e.description())
                        .findFirst()
                        .orElse(event.replace('_', ' '));
        };
        boolean threat = event.equals("weapon_drawn");
        return where == null
                ? new Sound(event, text.strip(), 0, 0, 0, Float.POSITIVE_INFINITY, null, threat)
                : new Sound(
                        event,
                        text.strip(),
                        (float) where.x(),
                        (float) where.y(),
                        (float) where.z(),
                        Sound.NOISE,
                        null,
                        threat);
    }

    /** How near an NPC must be to remember what the player does. */
    static final float WITNESS_METRES = 10;

    private static double distance(Vec3 a, Vec3 b) {
        double dx = a.x() - b.x();
        double dy = a.y() - b.y();
        double dz = a.z() - b.z();
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /**
     * The player says something to an NPC: its spoken-to behaviours fire at once, its
     * semantic triggers once the words are encoded, and, unless one of those behaviours
     * already answers with a line, the decoder writes its reply (heard by the
     * {@link #addDialogueListener dialogue listeners}, and performed as {@code Animate},
     * {@code Emote} and {@code Say} commands from the source {@code "dialogue"}).
     *
     * @param npcId the NPC spoken to (not null)
     * @param text the words (not null)
     */
    public void speak(String npcId, String text) {
        requireNpc(npcId);
        perform(new NpcCommand(npcId, "spoken_to", new Action.Face(PLAYER), PLAYER)); // turns to whoever speaks
        pending.add(new Stimulus.SpokenTo(npcId, PLAYER, text));
        Vec3 at = positionOf(PLAYER);
        if (at != null) { // the others nearby overhear; the one spoken to gets the words directly
            animus.hear(new Sound(
                    PLAYER,
                    "the stranger says: \"" + PromptFormat.utterance(text) + "\"",
                    (float) at.x(),
                    (float) at.y(),
                    (float) at.z(),
                    Sound.SPEECH,
                    npcId,
                    false));
        }
        Conversations.Waiting reply = conversations.wait(npcId, text);
        encodeFor(
                npcId,
                PLAYER,
                text,
                embedding -> {
                    reply.understood = true; // its semantic triggers run this frame
                    memories.importance().thenAccept(rater -> {
                        Importance.Judged judged = rater.judge(STRANGER, text, embedding);
                        remember(npcId, judged.text(), judged.importance());
                    });
                },
                () -> reply.understood = true);
    }

    /** How NPCs' memories name the player. */
    static final String STRANGER = Importance.STRANGER;

    /**
     * An NPC remembers something: it goes into its memory stream, is saved with the world, and
     * comes to mind when later words are about it. Any thread.
     *
     * @param npcId who remembers (not null)
     * @param text what, from its point of view ("The stranger gave me a coin.")
     * @param importance how much it matters, 0 to 1
     * @throws IllegalArgumentException if the world has no such NPC, or importance is out of range
     */
    public void remember(String npcId, String text, float importance) {
        requireNpc(npcId);
        if (!(importance >= 0 && importance <= 1)) {
            throw new IllegalArgumentException("importance must be in [0, 1], got " + importance);
        }
        animus.embed(npcId, text).whenComplete((embedding, error) -> {
            if (error == null) {
                inbox.add(() -> memories.add(npcId, new Memory(text, clock.seconds(), importance, embedding)));
            } else if (!cancelled(error)) {
                LOG.warn("'{}' could not remember \"{}\": {}", npcId, text, error.getMessage());
            }
        });
    }

    /**
     * After the models failed an NPC's reply (a decoder that broke, stalled or took longer than
     * {@link AnimusConfig#replyTimeoutSeconds()}), it answers with its fallback
     * lines for a while before it asks them again: 2 s after one failure, doubling with each
     * failure in a row up to a minute, and no wait again after a reply that worked.
     *
     * @param npcId an NPC of the world
     * @return seconds before its words go to the models again, 0 if they would now
     */
    public double replyBackoffSeconds(String npcId) {
        requireNpc(npcId);
        return conversations.backoffSeconds(npcId);
    }

    /**
     * @param npcId an NPC of the world
     * @return its memories, oldest first (a copy)
     */
    public List<Memory> memories(String npcId) {
        requireNpc(npcId);
        return memories.of(npcId).snapshot();
    }

    /**
     * Someone gives an NPC something.
     *
     * @param npcId who receives (not null)
     * @param giver "player" or an NPC id
     * @param item "coin" or an item id
     */
    public void give(String npcId, String giver, String item) {
        requireNpc(npcId);
        pending.add(new Stimulus.Given(npcId, giver, item));
        String who = giver.equals(PLAYER)
                ? STRANGER
                : npc(giver).map(NpcDefinition::name).orElse(giver);
        remember(npcId, who + " gave me " + (item.equals("coin") ? "a coin" : item.replace('_', ' ')) + ".", 0.6f);
        pending.add(new Stimulus.EventHappened(
                item.equals("coin") ? "coin_given" : "item_given", giver, positionOf(giver)));
    }

    /**
     * The game reports something an NPC perceives ("the stranger raises a fist at Pip"). It
     * is rewritten from the NPC's point of view, encoded, and matched against the NPC's
     * semantic triggers. Any thread.
     *
     * @param npcId who perceives (not null)
     * @param text what, in a sentence (not null)
     * @param subject who it is about ("player", an NPC id), or null
     */
    public void reportPercept(String npcId, String text, String subject) {
        NpcDefinition npc = requireNpc(npcId);
        String seen = PerceptText.asSeenBy(
                text, List.of(npc.id(), npc.name(), npc.name().split(" ")[0]));
        encodeFor(npcId, subject, seen);
    }

    /**
     * Jumps to the start of the next occurrence of a part of the day; its behaviours fire.
     *
     * @param phase the part of the day (not null)
     */
    public void skipTo(Phase phase) {
        pending.add(new Stimulus.PhaseStarted(clock.skipTo(phase)));
    }

    /**
     * Reloads the world whenever this file changes on disk (hot reload). A valid edit is
     * swapped in on the render thread, keeping the state of NPCs and behaviours that remain;
     * a broken one leaves the running world as it is and is reported to the world listeners
     * and the log.
     *
     * @param file the world file on disk (not null, exists)
     * @param pollMillis how often to look for changes (10 to 60000; 250 is a good default)
     */
    public void watch(Path file, long pollMillis) {
        stopWatching();
        watcher = new WorldFileWatcher(
                file,
                world().source(),
                new WorldParser(animus.config().vocabulary()),
                pollMillis,
                outcome -> inbox.add(() -> applyReload(outcome)));
        LOG.info("Watching {} for changes to {}", file, world().source());
    }

    /** Stops watching the world file. */
    public void stopWatching() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }

    /** Runs one frame: the clock, what arrived from other threads, and the behaviours. */
    void update(float tpf) {
        if (!triggersRequested) {
            triggersRequested = true;
            prepareSemanticTriggers();
            prepareFactIndexes();
        }
        for (Runnable r; (r = inbox.poll()) != null; ) {
            r.run();
        }
        Phase started = clock.advance(tpf);
        if (started != null) {
            pending.add(new Stimulus.PhaseStarted(started));
        }
        List<Stimulus> stimuli = new ArrayList<>(pending);
        pending.clear();
        List<NpcCommand> commands = engine.update(
                clock.seconds(), clock.day(), clock.phase(), new Surroundings(positions(), playerHealth), stimuli);
        commands.forEach(this::perform);
        conversations.afterBehaviours(commands);
    }

    /** Actions and emotions play on the NPC's character, if it has an AnimComposer. */
    private void animate(NpcCommand c) {
        boolean animates = c.action() instanceof Action.Animate || c.action() instanceof Action.Emote;
        NpcBrainControl brain = animates ? animus.npc(c.npc()) : null;
        NpcDefinition npc = brain == null || brain.getSpatial() == null
                ? null
                : npc(c.npc()).orElse(null);
        NpcAnimator animator = npc == null
                ? null
                : NpcAnimator.of(
                        brain.getSpatial(),
                        npc.id(),
                        npc.model(),
                        animus.config().clips());
        if (animator == null) {
            return;
        }
        if (c.action() instanceof Action.Animate a) {
            if (c.source().equals("schedule")) {
                animator.setActivity(a.action());
            } else {
                animator.perform(a.action());
            }
        } else if (c.action() instanceof Action.Emote e) {
            animator.show(e.emotion());
        }
    }

    /** walk_to and face, on the NPC's spatial, unless the game moves NPCs itself. */
    private void move(NpcCommand c) {
        if (!animus.config().locomotion()
                || !(c.action() instanceof Action.WalkTo || c.action() instanceof Action.Face)) {
            return;
        }
        NpcBrainControl brain = animus.npc(c.npc());
        if (brain == null || brain.getSpatial() == null) {
            return;
        }
        NpcLocomotion legs = NpcLocomotion.of(brain.getSpatial());
        if (c.action() instanceof Action.WalkTo w) {
            List<Vector3f> route = c.source().equals("schedule") ? scheduledRoute(c.npc()) : List.of();
            Vector3f goal = whereIs(w.target(), c.them());
            if (route.size() > 1) { // a schedule entry with several places: a patrol
                legs.patrol(route);
            } else if (goal != null) {
                legs.walkTo(goal);
            }
        } else if (c.action() instanceof Action.Face f) {
            String who = f.target().equals("them") ? c.them() : f.target();
            legs.face(() -> whereIs(who, null));
        }
    }

    /** The places of an NPC's schedule entry now, in world space (empty when it has no entry). */
    private List<Vector3f> scheduledRoute(String npcId) {
        ScheduleEntry entry = npc(npcId).map(n -> n.scheduleAt(clock.phase())).orElse(null);
        List<Vector3f> points = new ArrayList<>();
        if (entry != null) {
            for (String place : entry.route()) {
                Vector3f at = whereIs(place, null);
                if (at != null) {
                    points.add(at);
                }
            }
        }
        return points;
    }

    /** Where a place, the player, an NPC or "them" is now (world space), or null. */
    private Vector3f whereIs(String target, String them) {
        String who = "them".equals(target) ? them : target;
        if (who == null) {
            return null;
        }
        Vec3 at = positionOf(who);
        if (at == null) {
            at = world().places().stream()
                    .filter(p -> p.id().equals(who))
                    .map(Place::at)
                    .findFirst()
                    .orElse(null);
        }
        return at == null ? null : new Vector3f((float) at.x(), (float) at.y(), (float) at.z());
    }

    /** Runs on the render thread at the start of the next frame. Any thread. */
    void later(Runnable work) {
        inbox.add(work);
    }

    void perform(NpcCommand c) {
        LOG.debug("{} does {} ({}, them={})", c.npc(), c.action(), c.source(), c.them());
        animate(c);
        move(c);
        if (c.action() instanceof Action.Game g) {
            GameAction action = animus.config().gameActions().get(g.name());
            try {
                action.perform(c.npc(), g.argument(), c.them());
            } catch (RuntimeException e) {
                LOG.error("The game action '{}' of '{}' failed (argument \"{}\")", g.name(), c.npc(), g.argument(), e);
            }
        }
        for (NpcActionListener l : actionListeners) {
            try {
                l.onAction(c);
            } catch (RuntimeException e) {
                LOG.error("An NpcActionListener failed on {}", c, e);
            }
        }
    }

    /** An NPC's own encoded percept, from its brain. */
    void perceived(PerceptionUpdate update) {
        pending.add(new Stimulus.Perceived(update.npcId(), null, update.text(), update.embedding()));
    }

    /** Stops watching the file and takes no more saves; saves asked for are still written. Never waits. */
    void close() {
        stopWatching();
        saves.close();
    }

    /** For tests in this package: the save thread. */
    SaveWriter saves() {
        return saves;
    }

    /** @return the default save file of this world: {@code <save folder>/<world id>.save.db} */
    public Path defaultSaveFile() {
        return animus.config().saveFolder().resolve(world().id() + ".save.db");
    }

    /**
     * Saves the world's clock and every NPC's variables and memories. What is saved is taken
     * now, on the render thread; the file is written on a background thread, in one
     * transaction, so the game does not wait and a crash never leaves half a save.
     *
     * @param file the save file (an SQLite database; created if missing)
     * @return completes once the save is on disk, or exceptionally with a
     *     {@link SaveFileException} saying what went wrong
     */
    public CompletableFuture<Path> save(Path file) {
        Map<String, Map<String, Object>> variables = new HashMap<>();
        for (NpcDefinition npc : world().npcs()) {
            NpcMind mind = engine.mind(npc.id());
            if (mind != null) {
                variables.put(npc.id(), mind.variables());
            }
        }
        return saves.write(file, new WorldSave(world().id(), clock.seconds(), variables, memories.snapshot()));
    }

    /**
     * Loads a save of this world: its clock, variables and memories replace the running ones
     * on the render thread (NPCs the world no longer has are skipped). The file is read on a
     * background thread.
     *
     * @param file a file written by {@link #save}
     * @return completes once the save is applied, or exceptionally with a
     *     {@link SaveFileException} naming the file and what to do
     */
    public CompletableFuture<WorldSave> load(Path file) {
        String worldId = world().id();
        CompletableFuture<WorldSave> applied = new CompletableFuture<>();
        saves.read(file, worldId).whenComplete((save, error) -> {
            if (error != null) {
                applied.completeExceptionally(error);
                return;
            }
            inbox.add(() -> {
                clock.setSeconds(save.clockSeconds());
                for (NpcDefinition npc : world().npcs()) {
                    engine.restoreVariables(npc.id(), save.variables().getOrDefault(npc.id(), Map.of()));
                }
                memories.restore(save.memories());
                LOG.info(
                        "Loaded {} from {}: day {}, {}",
                        worldId,
                        file,
                        clock.day() + 1,
                        clock.phase().id());
                applied.complete(save);
            });
        });
        return applied;
    }

    private void applyReload(WorldFileWatcher.Outcome outcome) {
        if (outcome.world() == null) {
            LOG.error(
                    "The edit of {} cannot be used; the running world goes on:\n  {}",
                    world().source(),
                    String.join(
                            "\n  ",
                            outcome.problems().stream().map(Object::toString).toList()));
            worldListeners.forEach(l -> l.onWorldReloadFailed(outcome.problems()));
            return;
        }
        engine.replaceWorld(outcome.world());
        running = new Running(outcome.world());
        memories.fit(outcome.world());
        for (NpcDefinition npc : outcome.world().npcs()) { // new clip mappings apply at once
            NpcBrainControl brain = animus.npc(npc.id());
            NpcAnimator animator = brain == null || brain.getSpatial() == null
                    ? null
                    : brain.getSpatial().getControl(NpcAnimator.class);
            if (animator != null) {
                animator.remap(npc.model());
            }
        }
        prepareSemanticTriggers();
        prepareFactIndexes();
        LOG.info(
                "Reloaded {}: {} NPCs",
                outcome.world().source(),
                outcome.world().npcs().size());
        worldListeners.forEach(l -> l.onWorldReloaded(outcome.world()));
    }

    /**
     * The facts of an NPC most relevant to a text (what the player said, what the NPC perceives):
     * what goes into its prompt. Any thread; completes on the queue's callback thread.
     *
     * @param npcId the NPC (not null)
     * @param text the query (not null)
     * @param k how many facts at most (&ge;1)
     * @return the facts, best first, with their similarity
     * @throws IllegalArgumentException if the world has no such NPC
     */
    public CompletableFuture<List<FactIndex.Scored>> relevantFacts(String npcId, String text, int k) {
        requireNpc(npcId);
        return factIndex(npcId).thenCombine(animus.embed(npcId, text), (facts, query) -> facts.top(query, k, 0));
    }

    CompletableFuture<FactIndex> factIndex(String npcId) {
        CompletableFuture<FactIndex> index = factIndexes.get(npcId);
        if (index == null) { // asked before the first frame: index this NPC now
            prepareFactIndexes();
            index = factIndexes.get(npcId);
        }
        return index;
    }

    /** Encodes every NPC's facts through the plugin's queue, for {@link #relevantFacts}. */
    private void prepareFactIndexes() {
        Map<String, CompletableFuture<FactIndex>> indexes = new HashMap<>();
        World world = world();
        for (NpcDefinition npc : world.npcs()) {
            Knowledge known = Knowledge.of(world, npc);
            List<CompletableFuture<Embedding>> parts =
                    known.facts().stream().map(f -> animus.embed(npc.id(), f)).toList();
            indexes.put(
                    npc.id(),
                    CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                            .thenApply(v -> new FactIndex(
                                    known.facts(),
                                    parts.stream().map(CompletableFuture::join).toList(),
                                    known.bias())));
        }
        factIndexes = Map.copyOf(indexes);
    }

    /** Encodes trigger sentences and anchors through the plugin's queue, then installs the matcher. */
    private void prepareSemanticTriggers() {
        List<String> missing = engine.semanticTriggerTexts().stream()
                .filter(t -> !triggerEmbeddings.containsKey(t))
                .toList();
        List<CompletableFuture<Void>> work = new ArrayList<>();
        for (String text : missing) {
            work.add(animus.embed("world", text).thenAccept(e -> triggerEmbeddings.put(text, e)));
        }
        memories.prepareImportance(animus);
        if (anchors == null) {
            List<CompletableFuture<Embedding>> a = SemanticMatcher.ANCHORS.stream()
                    .map(t -> animus.embed("world", t))
                    .toList();
            work.add(CompletableFuture.allOf(a.toArray(CompletableFuture[]::new))
                    .thenRun(() ->
                            anchors = a.stream().map(CompletableFuture::join).toList()));
        }
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            if (error != null) {
                if (!cancelled(error)) {
                    LOG.error(
                            "Semantic triggers of {} cannot fire: their sentences could not be encoded ({})",
                            world().source(),
                            error.getMessage());
                }
                return;
            }
            inbox.add(() -> engine.setSemanticMatcher(new SemanticMatcher(Map.copyOf(triggerEmbeddings), anchors)));
        });
    }

    private void encodeFor(String npcId, String subject, String text) {
        encodeFor(npcId, subject, text, embedding -> {}, () -> {});
    }

    /**
     * Encodes a percept; on the render thread it becomes a stimulus, then {@code andThen} runs
     * (or {@code orElse}, on the render thread, if it could not be encoded).
     */
    private void encodeFor(String npcId, String subject, String text, Consumer<Embedding> andThen, Runnable orElse) {
        animus.embed(npcId, text).whenComplete((embedding, error) -> {
            if (error != null) {
                if (!cancelled(error)) {
                    LOG.warn("Could not encode what '{}' perceived: {}", npcId, error.getMessage());
                }
                inbox.add(orElse);
            } else {
                inbox.add(() -> {
                    pending.add(new Stimulus.Perceived(npcId, subject, text, embedding));
                    andThen.accept(embedding);
                });
            }
        });
    }

    /** A cancelled request means the plugin is shutting down: nothing to report. */
    static boolean cancelled(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return t instanceof CancellationException;
    }

    /** @return the running world's NPC of that id. Any thread. */
    public Optional<NpcDefinition> npc(String npcId) {
        return Optional.ofNullable(running.byId().get(npcId));
    }

    /** Any thread: reads one snapshot of the running world. */
    NpcDefinition requireNpc(String npcId) {
        Running now = running;
        NpcDefinition npc = now.byId().get(npcId);
        if (npc == null) {
            throw new IllegalArgumentException("Unknown NPC '" + npcId + "' in world "
                    + now.world().source() + "; NPCs: " + now.byId().keySet());
        }
        return npc;
    }

    private Map<String, Vec3> positions() {
        Map<String, Vec3> map = new HashMap<>();
        if (player != null) {
            map.put(PLAYER, vec(player.getWorldTranslation()));
        }
        for (NpcBrainControl npc : animus.npcs()) {
            if (npc.getSpatial() != null && npc.getSpatial().getParent() != null) {
                map.put(npc.npcId(), vec(npc.getSpatial().getWorldTranslation()));
            }
        }
        return map;
    }

    private Vec3 positionOf(String who) {
        if (who == null) {
            return null;
        }
        if (who.equals(PLAYER)) {
            return player == null ? null : vec(player.getWorldTranslation());
        }
        NpcBrainControl npc = animus.npc(who);
        return npc == null || npc.getSpatial() == null
                ? null
                : vec(npc.getSpatial().getWorldTranslation());
    }

    private static Vec3 vec(Vector3f v) {
        return new Vec3(v.x, v.y, v.z);
    }
}
