package dev.animus.jme;

import com.jme3.math.Vector3f;
import com.jme3.scene.Spatial;
import dev.animus.api.DialogueListener;
import dev.animus.api.DialogueReply;
import dev.animus.api.NpcActionListener;
import dev.animus.api.PerceptionUpdate;
import dev.animus.api.WorldListener;
import dev.animus.behaviour.Action;
import dev.animus.behaviour.BehaviourEngine;
import dev.animus.behaviour.NpcCommand;
import dev.animus.behaviour.NpcMind;
import dev.animus.behaviour.SemanticMatcher;
import dev.animus.behaviour.Stimulus;
import dev.animus.behaviour.Surroundings;
import dev.animus.dialogue.DialogueService;
import dev.animus.memory.FactIndex;
import dev.animus.model.encoder.Embedding;
import dev.animus.perception.PerceptText;
import dev.animus.world.NpcDefinition;
import dev.animus.world.Phase;
import dev.animus.world.Vec3;
import dev.animus.world.World;
import dev.animus.world.WorldClock;
import dev.animus.world.WorldFileWatcher;
import dev.animus.world.WorldParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private static final String PLAYER = Surroundings.PLAYER;

    private final AnimusAppState animus;
    private final BehaviourEngine engine;
    private final WorldClock clock;
    private final List<Stimulus> pending = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final List<NpcActionListener> actionListeners = new CopyOnWriteArrayList<>();
    private final List<WorldListener> worldListeners = new CopyOnWriteArrayList<>();
    private final List<DialogueListener> dialogueListeners = new CopyOnWriteArrayList<>();
    private int fallbackTurn;
    private final Map<String, Embedding> triggerEmbeddings = new ConcurrentHashMap<>();
    /** Each NPC's facts, encoded for retrieval; replaced whole when the world reloads. */
    private volatile Map<String, CompletableFuture<FactIndex>> factIndexes = Map.of();
    private volatile List<Embedding> anchors;
    private Spatial player;
    private float playerHealth = 100;
    private WorldFileWatcher watcher;
    /** Trigger sentences are encoded on the first frame: the plugin's queue may not exist before. */
    private boolean triggersRequested;

    WorldSession(AnimusAppState animus, World world) {
        this.animus = animus;
        this.engine = new BehaviourEngine(world);
        this.clock = new WorldClock(world.dayLengthSeconds(), world.startPhase());
        pending.add(new Stimulus.PhaseStarted(clock.phase()));
    }

    /** @return the world now running */
    public World world() {
        return engine.world();
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

    /** @param spatial the player's spatial, for proximity triggers (null: no player) */
    public void setPlayer(Spatial spatial) {
        this.player = spatial;
    }

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
        dialogueListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Something happened in the world, for example {@code raiseEvent("weapon_drawn", "player")}.
     *
     * @param event a built-in or declared event id (not null)
     * @param actor who did it: "player", an NPC id, or null
     * @throws IllegalArgumentException if the world does not know the event
     */
    public void raiseEvent(String event, String actor) {
        boolean known = dev.animus.world.Vocabulary.CORE.builtInEvents().contains(event)
                || world().events().stream().anyMatch(e -> e.id().equals(event));
        if (!known) {
            throw new IllegalArgumentException("Unknown event '" + event + "' for world " + world().source()
                    + "; built-in: " + dev.animus.world.Vocabulary.CORE_EVENTS + ", declared: "
                    + world().events().stream().map(e -> e.id()).toList());
        }
        pending.add(new Stimulus.EventHappened(event, actor, actor == null ? null : positionOf(actor)));
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
        pending.add(new Stimulus.SpokenTo(npcId, PLAYER, text));
        encodeFor(npcId, PLAYER, text);
        pendingReplies.add(new PendingReply(npcId, text));
    }

    /** Words the NPC answers after this frame's behaviours, unless a behaviour spoke for it. */
    private record PendingReply(String npcId, String words) {
    }

    private final List<PendingReply> pendingReplies = new ArrayList<>();

    /**
     * Has an NPC answer with the decoder: facts retrieved for the words, then the reply,
     * streamed. With dialogue off, or when the model fails, the NPC says a fallback line.
     */
    private void answer(String npcId, String words) {
        NpcDefinition npc = requireNpc(npcId);
        dialogueListeners.forEach(l -> l.onThinking(npcId, words));
        DialogueService service = animus.dialogue();
        if (service == null) {
            deliver(fallback(npc, words));
            return;
        }
        List<String> percepts = percepts(npcId);
        relevantFacts(npcId, words, DialogueService.FACTS)
                .thenCompose(scored -> service.ask(npc, words, DialogueService.relevant(scored), percepts,
                        soFar -> inbox.add(() -> dialogueListeners.forEach(l -> l.onPartialReply(npcId, soFar)))))
                .whenComplete((reply, error) -> {
                    if (error != null && cancelled(error)) {
                        return;
                    }
                    if (error != null) {
                        LOG.warn("'{}' could not answer with the decoder; it says a fallback line: {}", npcId,
                                error.getMessage());
                    }
                    inbox.add(() -> deliver(error == null ? reply : fallback(npc, words)));
                });
    }

    private DialogueReply fallback(NpcDefinition npc, String words) {
        List<String> lines = npc.fallbackLines();
        String line = lines.isEmpty() ? "..." : lines.get(fallbackTurn++ % lines.size());
        return new DialogueReply(npc.id(), words, line, DialogueService.restingAction(npc),
                DialogueService.restingEmotion(npc), List.of(), 0, true);
    }

    /** Render thread: the reply reaches the listeners and is performed like a behaviour's actions. */
    private void deliver(DialogueReply reply) {
        if (world().npc(reply.npcId()).isEmpty()) {
            return; // the NPC was removed by a reload while it thought
        }
        for (DialogueListener l : dialogueListeners) {
            try {
                l.onReply(reply);
            } catch (RuntimeException e) {
                LOG.error("A DialogueListener failed on the reply of '{}'", reply.npcId(), e);
            }
        }
        List<NpcCommand> commands = new ArrayList<>();
        if (!reply.fallback()) {
            commands.add(new NpcCommand(reply.npcId(), "dialogue", new Action.Animate(reply.action()), PLAYER));
            commands.add(new NpcCommand(reply.npcId(), "dialogue", new Action.Emote(reply.emotion()), PLAYER));
        }
        commands.add(new NpcCommand(reply.npcId(), "dialogue", new Action.Say(reply.text()), PLAYER));
        commands.forEach(this::perform);
    }

    /** What an NPC perceives now, for its prompt: its brain's latest percept, if it has one. */
    private List<String> percepts(String npcId) {
        NpcBrainControl brain = animus.npc(npcId);
        PerceptionUpdate latest = brain == null ? null : brain.latestPerception();
        return latest == null ? List.of() : List.of(latest.text());
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
        pending.add(new Stimulus.EventHappened(item.equals("coin") ? "coin_given" : "item_given", giver,
                positionOf(giver)));
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
        String seen = PerceptText.asSeenBy(text, List.of(npc.id(), npc.name(), npc.name().split(" ")[0]));
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
        watcher = new WorldFileWatcher(file, world().source(), new WorldParser(), pollMillis,
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
        for (Runnable r; (r = inbox.poll()) != null;) {
            r.run();
        }
        Phase started = clock.advance(tpf);
        if (started != null) {
            pending.add(new Stimulus.PhaseStarted(started));
        }
        List<Stimulus> stimuli = new ArrayList<>(pending);
        pending.clear();
        List<NpcCommand> commands = engine.update(clock.seconds(), clock.day(), clock.phase(),
                new Surroundings(positions(), playerHealth), stimuli);
        for (NpcCommand c : commands) {
            perform(c);
            if (c.action() instanceof Action.SayGenerated generated) {
                answer(c.npc(), generated.hint());
            }
        }
        for (PendingReply p : pendingReplies) {
            // A spoken-to behaviour that says a line (or has one generated) is the answer.
            boolean answered = commands.stream().anyMatch(c -> c.npc().equals(p.npcId())
                    && (c.action() instanceof Action.Say || c.action() instanceof Action.SayGenerated));
            if (!answered && world().npc(p.npcId()).isPresent()) {
                answer(p.npcId(), p.words());
            }
        }
        pendingReplies.clear();
    }

    private void perform(NpcCommand c) {
        LOG.debug("{} does {} ({}, them={})", c.npc(), c.action(), c.source(), c.them());
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

    void close() {
        stopWatching();
    }

    private void applyReload(WorldFileWatcher.Outcome outcome) {
        if (outcome.world() == null) {
            LOG.error("The edit of {} cannot be used; the running world goes on:\n  {}", world().source(),
                    String.join("\n  ", outcome.problems().stream().map(Object::toString).toList()));
            worldListeners.forEach(l -> l.onWorldReloadFailed(outcome.problems()));
            return;
        }
        engine.replaceWorld(outcome.world());
        prepareSemanticTriggers();
        prepareFactIndexes();
        LOG.info("Reloaded {}: {} NPCs", outcome.world().source(), outcome.world().npcs().size());
        worldListeners.forEach(l -> l.onWorldReloaded(outcome.world()));
    }

    /**
     * The facts of an NPC most relevant to a text (what the player said, what the NPC perceives):
     * what goes into its prompt. Any thread; completes on an inference worker.
     *
     * @param npcId the NPC (not null)
     * @param text the query (not null)
     * @param k how many facts at most (&ge;1)
     * @return the facts, best first, with their similarity
     * @throws IllegalArgumentException if the world has no such NPC
     */
    public CompletableFuture<List<FactIndex.Scored>> relevantFacts(String npcId, String text, int k) {
        requireNpc(npcId);
        CompletableFuture<FactIndex> index = factIndexes.get(npcId);
        if (index == null) { // asked before the first frame: index this NPC now
            prepareFactIndexes();
            index = factIndexes.get(npcId);
        }
        return index.thenCombine(animus.embed(npcId, text), (facts, query) -> facts.top(query, k, 0));
    }

    /** Encodes every NPC's facts through the plugin's queue, for {@link #relevantFacts}. */
    private void prepareFactIndexes() {
        Map<String, CompletableFuture<FactIndex>> indexes = new HashMap<>();
        for (NpcDefinition npc : world().npcs()) {
            List<CompletableFuture<Embedding>> parts = npc.facts().stream().map(f -> animus.embed(npc.id(), f)).toList();
            indexes.put(npc.id(), CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                    .thenApply(v -> new FactIndex(npc.facts(), parts.stream().map(CompletableFuture::join).toList())));
        }
        factIndexes = Map.copyOf(indexes);
    }

    /** Encodes trigger sentences and anchors through the plugin's queue, then installs the matcher. */
    private void prepareSemanticTriggers() {
        List<String> missing = engine.semanticTriggerTexts().stream()
                .filter(t -> !triggerEmbeddings.containsKey(t)).toList();
        List<CompletableFuture<Void>> work = new ArrayList<>();
        for (String text : missing) {
            work.add(animus.embed("world", text).thenAccept(e -> triggerEmbeddings.put(text, e)));
        }
        if (anchors == null) {
            List<CompletableFuture<Embedding>> a = SemanticMatcher.ANCHORS.stream()
                    .map(t -> animus.embed("world", t)).toList();
            work.add(CompletableFuture.allOf(a.toArray(CompletableFuture[]::new))
                    .thenRun(() -> anchors = a.stream().map(CompletableFuture::join).toList()));
        }
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            if (error != null) {
                if (!cancelled(error)) {
                    LOG.error("Semantic triggers of {} cannot fire: their sentences could not be encoded ({})",
                            world().source(), error.getMessage());
                }
                return;
            }
            inbox.add(() -> engine.setSemanticMatcher(new SemanticMatcher(Map.copyOf(triggerEmbeddings), anchors)));
        });
    }

    private void encodeFor(String npcId, String subject, String text) {
        animus.embed(npcId, text).whenComplete((embedding, error) -> {
            if (error != null) {
                if (!cancelled(error)) {
                    LOG.warn("Could not encode what '{}' perceived: {}", npcId, error.getMessage());
                }
            } else {
                inbox.add(() -> pending.add(new Stimulus.Perceived(npcId, subject, text, embedding)));
            }
        });
    }

    /** A cancelled request means the plugin is shutting down: nothing to report. */
    private static boolean cancelled(Throwable error) {
        Throwable t = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return t instanceof java.util.concurrent.CancellationException;
    }

    private NpcDefinition requireNpc(String npcId) {
        return world().npc(npcId).orElseThrow(() -> new IllegalArgumentException("Unknown NPC '" + npcId
                + "' in world " + world().source() + "; NPCs: " + world().npcsById().keySet()));
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
        return npc == null || npc.getSpatial() == null ? null : vec(npc.getSpatial().getWorldTranslation());
    }

    private static Vec3 vec(Vector3f v) {
        return new Vec3(v.x, v.y, v.z);
    }
}
