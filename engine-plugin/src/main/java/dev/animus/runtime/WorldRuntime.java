package dev.animus.runtime;

import dev.animus.behaviour.BehaviourEngine;
import dev.animus.behaviour.NpcCommand;
import dev.animus.behaviour.NpcMind;
import dev.animus.behaviour.SemanticMatcher;
import dev.animus.behaviour.Stimulus;
import dev.animus.behaviour.Surroundings;
import dev.animus.dialogue.DialogueService;
import dev.animus.dialogue.Knowledge;
import dev.animus.gossip.Gossip;
import dev.animus.memory.FactIndex;
import dev.animus.memory.Importance;
import dev.animus.memory.Memory;
import dev.animus.memory.MemoryStream;
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
import dev.animus.world.StartingMemory;
import dev.animus.world.Vec3;
import dev.animus.world.Vocabulary;
import dev.animus.world.World;
import dev.animus.world.WorldClock;
import dev.animus.world.WorldFileWatcher;
import dev.animus.world.WorldParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running world without an engine: its clock, its NPCs' behaviours, memories and
 * conversations, its saves and reloads, and what happens to it (events, words, gifts,
 * percepts). The game's {@code WorldSession} runs one over the scene graph; the command-line
 * tools run one over the world file alone ({@link HeadlessWorld}), so both answer alike.
 *
 * <p>Frame thread (the render thread in a game) only, except where a method says otherwise.
 * Work on other threads (encoding, decoding, reloading) comes back through an inbox drained
 * at the start of each {@link #update}.
 */
public final class WorldRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(WorldRuntime.class);
    /** The player's id, as world files name them. */
    public static final String PLAYER = Surroundings.PLAYER;
    /** How NPCs' memories name the player. */
    static final String STRANGER = Importance.STRANGER;
    /** Percepts at least this salient are remembered (a threat nearby is; someone walking past is not). */
    public static final float MEMORABLE = 0.6f;
    /** How near an NPC must be to remember what the player does. */
    static final float WITNESS_METRES = 10;

    /**
     * What the runtime needs beyond the models.
     *
     * @param vocabulary what world files are checked against when they reload
     * @param memoryCapacity most memories kept per NPC
     * @param replyTimeoutSeconds how long an NPC waits for the decoder before it says a fallback line
     */
    public record Settings(Vocabulary vocabulary, int memoryCapacity, double replyTimeoutSeconds) {
        public Settings {
            Objects.requireNonNull(vocabulary, "vocabulary");
        }

        /** The game's defaults (and so {@code AnimusConfig}'s): the core vocabulary, 256 memories, 30 s. */
        public static final Settings DEFAULT = new Settings(Vocabulary.CORE, MemoryStream.DEFAULT_CAPACITY, 30);
    }

    private final Models models;
    private final Stage stage;
    private final Settings settings;
    private final BehaviourEngine engine;
    private final WorldClock clock;
    private final List<Stimulus> pending = new ArrayList<>();
    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    /**
     * The work {@link #awaitWork} took from the inbox, run first in the next frame. Putting it
     * back in the queue instead would let work another thread added meanwhile overtake it (a
     * reply's pieces shown out of order). Frame thread only.
     */
    private Runnable awaited;

    private final List<WorldEvents> listeners = new CopyOnWriteArrayList<>();
    /**
     * The running world and its NPCs by id. Swapped whole by a reload on the frame thread;
     * volatile, so the methods any thread may call see a whole world.
     */
    private volatile Running running;

    private record Running(World world, Map<String, NpcDefinition> byId) {
        Running(World world) {
            this(world, Map.copyOf(world.npcsById()));
        }
    }

    private final NpcMemories memories;
    private final Gossiping gossiping;
    private final WhatNpcsTell tells = new WhatNpcsTell();
    private final SpokenGossip spokenGossip;
    private final Conversations conversations;
    private final SaveWriter saves = new SaveWriter();
    private final Map<String, Embedding> triggerEmbeddings = new ConcurrentHashMap<>();
    /** Each NPC's facts, encoded for retrieval; replaced whole when the world reloads. */
    private volatile Map<String, CompletableFuture<FactIndex>> factIndexes = Map.of();

    private volatile List<Embedding> anchors;
    private boolean playerArmed;
    private float playerHealth = 100;
    private WorldFileWatcher watcher;
    /** How many times the world forgot everything ({@link #forget}). Frame thread. */
    private volatile long forgotten;
    /** Trigger sentences are encoded on the first frame: the models may not be started before. */
    private boolean triggersRequested;

    /**
     * @param models what the world thinks with (started now or later)
     * @param stage where its NPCs stand
     * @param world the world
     * @param settings vocabulary, memory and timeouts
     */
    public WorldRuntime(Models models, Stage stage, World world, Settings settings) {
        this.models = Objects.requireNonNull(models, "models");
        this.stage = Objects.requireNonNull(stage, "stage");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.engine = new BehaviourEngine(Objects.requireNonNull(world, "world"));
        this.clock = new WorldClock(world.dayLengthSeconds(), world.startPhase());
        pending.add(new Stimulus.PhaseStarted(clock.phase()));
        this.running = new Running(world);
        this.memories = new NpcMemories(settings.memoryCapacity());
        memories.fit(world);
        this.gossiping = new Gossiping(world.id().hashCode());
        this.conversations = new Conversations(this, models, memories);
        this.spokenGossip = new SpokenGossip(this, models);
    }

    /** @return the world now running. Any thread. */
    public World world() {
        return running.world();
    }

    /** @return where its NPCs stand */
    public Stage stage() {
        return stage;
    }

    /** @return its settings */
    public Settings settings() {
        return settings;
    }

    /** @return the in-game clock */
    public WorldClock clock() {
        return clock;
    }

    /** @return an NPC's behaviour state (variables, emotion, activity), or null */
    public NpcMind mind(String npcId) {
        return engine.mind(npcId);
    }

    /** @param listener hears replies, actions and reloads (not null) */
    public void addListener(WorldEvents listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @param listener a listener added before */
    public void removeListener(WorldEvents listener) {
        listeners.remove(listener);
    }

    /** Tells every listener; one that throws is logged and the others still hear. */
    void tell(Consumer<WorldEvents> event, String what) {
        for (WorldEvents l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.error("A listener failed on {}", what, e);
            }
        }
    }

    /** @return whether semantic triggers can fire yet (their sentences have been encoded) */
    public boolean semanticTriggersReady() {
        return anchors != null;
    }

    /**
     * @return whether everything words need is encoded: trigger sentences, every NPC's facts and
     *     the judge of what kind words are. Before that, answers may miss facts. Any thread.
     */
    public boolean ready() {
        return semanticTriggersReady()
                && memories.importance().isDone()
                && !factIndexes.isEmpty()
                && factIndexes.values().stream().allMatch(CompletableFuture::isDone);
    }

    /** @return whether the player holds a drawn weapon (from the weapon_drawn and weapon_sheathed events) */
    public boolean playerArmed() {
        return playerArmed;
    }

    /** @param percent the player's health (0 to 100) */
    public void setPlayerHealth(float percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("player health must be in [0, 100], got " + percent);
        }
        this.playerHealth = percent;
    }

    /**
     * Describes what someone perceives where they stand now, in a few sentences by the decoder;
     * sentences naming anything not in view are dropped ({@link SceneView#faithful}). Never
     * waits; completes on the queue's callback thread.
     *
     * @param who {@link #PLAYER} or an NPC id
     * @throws IllegalArgumentException if they have no place on the stage
     */
    public CompletableFuture<String> lookAround(String who) {
        Vec3 at = stage.position(who);
        if (at == null) {
            throw new IllegalArgumentException(
                    who.equals(PLAYER)
                            ? "No player is set: call setPlayer first"
                            : "No NPC '" + who + "' with a spatial in the scene");
        }
        Map<String, Vec3> others = new HashMap<>(stage.positions());
        others.remove(who);
        Map<String, String> activities = new HashMap<>();
        for (String id : others.keySet()) {
            String motion = stage.motion(id);
            NpcMind mind = mind(id);
            activities.put(
                    id, motion != null ? motion : mind != null && mind.activity() != null ? mind.activity() : "idle");
        }
        SceneView view = SceneView.around(world(), at, clock.phase(), others, activities);
        return describe(view, who).thenApply(Description::kept);
    }

    /**
     * What the decoder wrote about a scene, and what of it is kept.
     *
     * @param written the decoder's text
     * @param kept the text without the sentences that name something not in view
     */
    public record Description(String written, String kept) {}

    /**
     * Has the decoder describe a scene; sentences naming anything not in view are dropped
     * ({@link SceneView#faithful}). Never waits; completes on the queue's callback thread.
     *
     * @param view what is in view
     * @param owner who asks, for cancellation and logs
     * @return the description; fails when dialogue is off or the model fails
     */
    public CompletableFuture<Description> describe(SceneView view, String owner) {
        DialogueService service = models.dialogue();
        if (service == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "Scene descriptions need the decoder, and dialogue is off (AnimusConfig.dialogue)"));
        }
        World now = world();
        // Tokenised and submitted on the queue's callback thread: the frame thread only looks.
        return CompletableFuture.supplyAsync(() -> service.describe(view.prompt(), owner), models.callbacks())
                .thenCompose(description -> description)
                .thenApply(text -> {
                    String kept = view.faithful(now, text);
                    if (!kept.equals(text)) {
                        LOG.debug("Dropped what is not in view from \"{}\": \"{}\"", text, kept);
                    }
                    return new Description(text, kept);
                });
    }

    /** The player shouts: every NPC within three times its hearing range hears it. */
    public void shout(String text) {
        Vec3 at = stage.position(PLAYER);
        if (at == null) {
            throw new IllegalStateException("setPlayer() first: a shout needs a place to come from");
        }
        stage.hear(soundAt(
                PLAYER, "the stranger shouts: \"" + PromptFormat.utterance(text) + "\"", at, Sound.SHOUT, null, false));
    }

    /** A sound from a place. */
    private static Sound soundAt(String source, String text, Vec3 at, float loudness, String to, boolean threat) {
        return new Sound(source, text, (float) at.x(), (float) at.y(), (float) at.z(), loudness, to, threat);
    }

    /** A discrete percept of an NPC, encoded: its behaviours react, and what stands out is remembered. */
    public void noticed(String npcId, Percept percept, Embedding embedding) {
        if (npc(npcId).isEmpty()) {
            return;
        }
        pending.add(new Stimulus.Perceived(npcId, percept.subject(), percept.text(), embedding));
        if (percept.salience() >= MEMORABLE) {
            String text = percept.text().substring(0, 1).toUpperCase(Locale.ROOT)
                    + percept.text().substring(1);
            memories.add(npcId, new Memory("I noticed: " + text, clock.seconds(), percept.salience(), embedding));
        }
    }

    /** An NPC's own encoded perception (what its sensor reads), for its behaviours. */
    public void perceived(String npcId, String text, Embedding embedding) {
        pending.add(new Stimulus.Perceived(npcId, null, text, embedding));
    }

    /**
     * Something happened in the world, for example {@code raiseEvent("weapon_drawn", "player")}.
     *
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
        Vec3 where = actor == null ? null : stage.position(actor);
        pending.add(new Stimulus.EventHappened(event, actor, where));
        if (PLAYER.equals(actor) && (event.equals("weapon_drawn") || event.equals("weapon_sheathed"))) {
            playerArmed = event.equals("weapon_drawn");
        }
        stage.hear(eventSound(event, actor, where));
        if (event.equals("weapon_drawn") && PLAYER.equals(actor) && where != null) {
            for (Map.Entry<String, Vec3> npc : stage.positions().entrySet()) {
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
                : soundAt(event, text.strip(), where, Sound.NOISE, null, threat);
    }

    private static double distance(Vec3 a, Vec3 b) {
        double dx = a.x() - b.x();
        double dy = a.y() - b.y();
        double dz = a.z() - b.z();
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /**
     * The player says something to an NPC: its spoken-to behaviours fire at once, its semantic
     * triggers once the words are encoded, and, unless one of those behaviours answers with a
     * line, the decoder writes its reply ({@link WorldEvents#replied}, performed as
     * {@code Animate}, {@code Emote} and {@code Say} commands from the source {@code "dialogue"}).
     */
    public void speak(String npcId, String text) {
        requireNpc(npcId);
        spokenGossip.playerSpokeTo(npcId, clock.seconds());
        perform(new NpcCommand(npcId, "spoken_to", new Action.Face(PLAYER), PLAYER));
        pending.add(new Stimulus.SpokenTo(npcId, PLAYER, text));
        Vec3 at = stage.position(PLAYER);
        if (at != null) { // the others nearby overhear; the one spoken to gets the words directly
            stage.hear(soundAt(
                    PLAYER,
                    "the stranger says: \"" + PromptFormat.utterance(text) + "\"",
                    at,
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
                    reply.understood(embedding); // its semantic triggers run this frame
                    memories.importance().thenAccept(rater -> {
                        Importance.Judged judged = rater.judge(STRANGER, text, embedding);
                        remember(npcId, judged.text(), judged.importance());
                    });
                },
                () -> reply.understood(null));
    }

    /**
     * An NPC remembers something: it goes into its memory stream, is saved with the world, and
     * comes to mind when later words are about it. Any thread.
     *
     * @throws IllegalArgumentException if the world has no such NPC, or importance is out of range
     */
    public void remember(String npcId, String text, float importance) {
        requireNpc(npcId);
        remember(npcId, text, importance, false);
    }

    private void remember(String npcId, String text, float importance, boolean secret) {
        if (!(importance >= 0 && importance <= 1)) {
            throw new IllegalArgumentException("importance must be in [0, 1], got " + importance);
        }
        long epoch = forgotten;
        models.embed(npcId, text).whenComplete((e, error) -> {
            if (error == null) {
                inbox.add(() -> {
                    if (epoch == forgotten) { // not remembered into a world that forgot since it was asked
                        memories.add(npcId, new Memory(text, clock.seconds(), importance, e, null, secret));
                    }
                });
            } else if (!cancelled(error)) {
                LOG.warn("'{}' could not remember \"{}\": {}", npcId, text, error.getMessage());
            }
        });
    }

    /** @return seconds before an NPC's words go to the models again after failures, 0 if now */
    public double replyBackoffSeconds(String npcId) {
        requireNpc(npcId);
        return conversations.backoffSeconds(npcId);
    }

    /**
     * Which meetings of NPCs become talks is random, seeded by the world's id unless a tool or a
     * test sets another seed here (to measure how news spreads over several runs).
     */
    public void seedGossip(long seed) {
        gossiping.seed(seed);
    }

    /** @return an NPC's memories, oldest first (a copy) */
    public List<Memory> memories(String npcId) {
        requireNpc(npcId);
        return memories.of(npcId).snapshot();
    }

    /**
     * Forgets every conversation and memory: the next words stand alone, as in a world just
     * started (evaluations ask each question afresh).
     */
    public void forget() {
        conversations.forget();
        memories.restore(Map.of());
        forgotten++; // memories still being encoded belong to what is forgotten
        gossiping.reset();
        rememberStartingMemories(world());
    }

    /** What the world file says its NPCs remember when the world starts. */
    private void rememberStartingMemories(World world) {
        for (NpcDefinition npc : world.npcs()) {
            for (StartingMemory m : npc.memories()) {
                remember(npc.id(), m.text(), m.importance(), m.secret());
            }
        }
    }

    /** Someone gives an NPC something ("coin" or an item id). */
    public void give(String npcId, String giver, String item) {
        requireNpc(npcId);
        pending.add(new Stimulus.Given(npcId, giver, item));
        String who = giver.equals(PLAYER)
                ? STRANGER
                : npc(giver).map(NpcDefinition::name).orElse(giver);
        remember(npcId, who + " gave me " + (item.equals("coin") ? "a coin" : item.replace('_', ' ')) + ".", 0.6f);
        pending.add(new Stimulus.EventHappened(
                item.equals("coin") ? "coin_given" : "item_given", giver, stage.position(giver)));
    }

    /**
     * The game reports something an NPC perceives. It is rewritten from the NPC's point of view,
     * encoded, and matched against the NPC's semantic triggers. Any thread.
     */
    public void reportPercept(String npcId, String text, String subject) {
        NpcDefinition npc = requireNpc(npcId);
        String seen = PerceptText.asSeenBy(
                text, List.of(npc.id(), npc.name(), npc.name().split(" ")[0]));
        encodeFor(npcId, subject, seen, embedding -> {}, () -> {});
    }

    /** Jumps to the start of the next occurrence of a part of the day; its behaviours fire. */
    public void skipTo(Phase phase) {
        pending.add(new Stimulus.PhaseStarted(clock.skipTo(phase)));
    }

    /**
     * Reloads the world whenever this file changes on disk: a valid edit is swapped in on the
     * frame thread, keeping the state of NPCs and behaviours that remain; a broken one is
     * reported ({@link WorldEvents#reloadFailed}) and the running world goes on.
     */
    public void watch(Path file, long pollMillis) {
        stopWatching();
        watcher = new WorldFileWatcher(
                file,
                world().source(),
                new WorldParser(settings.vocabulary()),
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

    /** Runs one frame: what arrived from other threads, the clock, and the behaviours. */
    public void update(float tpf) {
        if (!triggersRequested) {
            triggersRequested = true;
            prepareSemanticTriggers();
            prepareFactIndexes();
            tells.prepare(world(), models, inbox::add);
            rememberStartingMemories(world());
        }
        Runnable first = awaited;
        awaited = null;
        if (first != null) {
            first.run();
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
        Map<String, Vec3> positions = stage.positions();
        List<NpcCommand> commands = engine.update(
                clock.seconds(), clock.day(), clock.phase(), new Surroundings(positions, playerHealth), stimuli);
        commands.forEach(this::perform);
        conversations.afterBehaviours(commands);
        List<Gossip.Telling> talk = new ArrayList<>();
        for (Gossip.Telling told :
                gossiping.update(clock.seconds(), tpf, world(), positions, memories, this::gossiper)) {
            if (!talk.isEmpty() && !samePair(talk.get(0), told)) { // a meeting's tellings come together
                talked(talk, positions);
                talk = new ArrayList<>();
            }
            talk.add(told);
        }
        if (!talk.isEmpty()) {
            talked(talk, positions);
        }
    }

    /** An NPC as gossip sees it now: its memories, the facts it may pass on, what it cares to tell. */
    private Gossip.Person gossiper(NpcDefinition npc, double now) {
        return tells.person(npc, memories.of(npc.id()).snapshot(), this::readyFactIndex, now);
    }

    /** An NPC's encoded knowledge if it is ready, else null. */
    private FactIndex readyFactIndex(String npcId) {
        CompletableFuture<FactIndex> index = factIndexes.get(npcId);
        return index != null && index.isDone() && !index.isCompletedExceptionally() ? index.join() : null;
    }

    /** How near the player must be to overhear NPCs talking among themselves. */
    static final float OVERHEAR_METRES = 12;

    /**
     * Two NPCs talked: each listener remembers what it was told, listeners hear of it, and a
     * player near enough hears the talk ({@link SpokenGossip}).
     */
    private void talked(List<Gossip.Telling> talk, Map<String, Vec3> positions) {
        for (Gossip.Telling told : talk) {
            memories.add(told.to(), told.heard());
            LOG.debug(
                    "{} heard from {}: \"{}\"",
                    told.to(),
                    told.from(),
                    told.heard().hearsay().content());
            tell(l -> l.gossiped(told), "gossip");
        }
        Vec3 player = positions.get(PLAYER);
        Vec3 teller = positions.get(talk.get(0).from());
        if (player != null && teller != null && distance(player, teller) <= OVERHEAR_METRES) {
            spokenGossip.say(talk);
        }
    }

    private static boolean samePair(Gossip.Telling a, Gossip.Telling b) {
        return a.from().equals(b.from()) && a.to().equals(b.to()) || a.from().equals(b.to()) && a.to().equals(b.from());
    }

    /** The source of the commands of NPCs talking among themselves. */
    public static final String GOSSIP = "gossip";

    /** Runs on the frame thread at the start of the next frame. Any thread. */
    public void later(Runnable work) {
        inbox.add(work);
    }

    /**
     * Waits until work arrived for the next frame, for a loop without a renderer ({@link
     * HeadlessWorld}); a game never calls it.
     *
     * @return whether work is waiting
     */
    boolean awaitWork(long timeout, TimeUnit unit) throws InterruptedException {
        if (awaited == null) {
            awaited = inbox.poll(timeout, unit);
        }
        return awaited != null || !inbox.isEmpty();
    }

    /** An NPC does something: its body on the stage, then whoever listens. */
    public void perform(NpcCommand c) {
        LOG.debug("{} does {} ({}, them={})", c.npc(), c.action(), c.source(), c.them());
        stage.perform(c);
        tell(l -> l.acted(c), c.toString());
    }

    /** Stops watching the file and takes no more saves; saves asked for are still written. Never waits. */
    public void close() {
        stopWatching();
        saves.close();
    }

    /** For tests: the save thread. */
    public SaveWriter saves() {
        return saves;
    }

    /**
     * Saves the world's clock and every NPC's variables and memories: taken now, written on a
     * background thread in one transaction.
     *
     * @return completes once the save is on disk, or exceptionally with a {@link SaveFileException}
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
     * Loads a save of this world: read on a background thread, applied on the frame thread.
     *
     * @return completes once the save is applied, or exceptionally with a {@link SaveFileException}
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
            tell(l -> l.reloadFailed(outcome.problems()), "a failed reload");
            return;
        }
        engine.replaceWorld(outcome.world());
        running = new Running(outcome.world());
        memories.fit(outcome.world());
        gossiping.reset();
        stage.reloaded(outcome.world());
        prepareSemanticTriggers();
        prepareFactIndexes();
        tells.prepare(outcome.world(), models, inbox::add);
        LOG.info(
                "Reloaded {}: {} NPCs",
                outcome.world().source(),
                outcome.world().npcs().size());
        tell(l -> l.reloaded(outcome.world()), "a reload");
    }

    /**
     * The facts of an NPC most relevant to a text: what goes into its prompt. Any thread;
     * completes on the queue's callback thread.
     *
     * @throws IllegalArgumentException if the world has no such NPC
     */
    public CompletableFuture<List<FactIndex.Scored>> relevantFacts(String npcId, String text, int k) {
        requireNpc(npcId);
        return factIndex(npcId).thenCombine(models.embed(npcId, text), (facts, query) -> facts.top(query, k, 0));
    }

    CompletableFuture<FactIndex> factIndex(String npcId) {
        CompletableFuture<FactIndex> index = factIndexes.get(npcId);
        if (index == null) { // asked before the first frame: index this NPC now
            prepareFactIndexes();
            index = factIndexes.get(npcId);
        }
        return index;
    }

    /** Encodes every NPC's knowledge (its facts and what its world shares), for retrieval. */
    private void prepareFactIndexes() {
        Map<String, CompletableFuture<FactIndex>> indexes = new HashMap<>();
        World world = world();
        for (NpcDefinition npc : world.npcs()) {
            Knowledge known = Knowledge.of(world, npc);
            List<CompletableFuture<Embedding>> parts =
                    known.facts().stream().map(f -> models.embed(npc.id(), f)).toList();
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

    /** Encodes trigger sentences and anchors, then installs the matcher. */
    private void prepareSemanticTriggers() {
        List<String> missing = engine.semanticTriggerTexts().stream()
                .filter(t -> !triggerEmbeddings.containsKey(t))
                .toList();
        List<CompletableFuture<Void>> work = new ArrayList<>();
        for (String text : missing) {
            work.add(models.embed("world", text).thenAccept(e -> triggerEmbeddings.put(text, e)));
        }
        memories.prepareImportance(models);
        if (anchors == null) {
            List<CompletableFuture<Embedding>> a = SemanticMatcher.ANCHORS.stream()
                    .map(t -> models.embed("world", t))
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

    /**
     * Encodes a percept; on the frame thread it becomes a stimulus, then {@code andThen} runs
     * (or {@code orElse}, on the frame thread, if it could not be encoded).
     */
    private void encodeFor(String npcId, String subject, String text, Consumer<Embedding> andThen, Runnable orElse) {
        models.embed(npcId, text).whenComplete((embedding, error) -> {
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
    public static boolean cancelled(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return t instanceof CancellationException;
    }

    /** @return the running world's NPC of that id. Any thread. */
    public Optional<NpcDefinition> npc(String npcId) {
        return Optional.ofNullable(running.byId().get(npcId));
    }

    /** @throws IllegalArgumentException naming the NPCs the world has, if it has no such one. Any thread. */
    public NpcDefinition requireNpc(String npcId) {
        Running now = running;
        NpcDefinition npc = now.byId().get(npcId);
        if (npc == null) {
            throw new IllegalArgumentException("Unknown NPC '" + npcId + "' in world "
                    + now.world().source() + "; NPCs: " + now.byId().keySet());
        }
        return npc;
    }
}
