package dev.animus.api;

import com.jme3.asset.AssetManager;
import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import dev.animus.behaviour.NpcCommand;
import dev.animus.behaviour.NpcMind;
import dev.animus.gossip.Gossip;
import dev.animus.memory.SaveFileException;
import dev.animus.model.encoder.Embedding;
import dev.animus.perception.Percept;
import dev.animus.perception.SceneView;
import dev.animus.perception.Sound;
import dev.animus.runtime.Models;
import dev.animus.runtime.Reply;
import dev.animus.runtime.SaveWriter;
import dev.animus.runtime.Stage;
import dev.animus.runtime.WorldEvents;
import dev.animus.runtime.WorldRuntime;
import dev.animus.scene.NpcAnimator;
import dev.animus.scene.NpcLocomotion;
import dev.animus.scene.NpcSpawner;
import dev.animus.world.Action;
import dev.animus.world.NpcDefinition;
import dev.animus.world.Phase;
import dev.animus.world.Place;
import dev.animus.world.ScheduleEntry;
import dev.animus.world.Vec3;
import dev.animus.world.World;
import dev.animus.world.WorldClock;
import dev.animus.world.WorldProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A world running in the game: its clock, its NPCs' behaviours, and what the game tells it
 * (the player's position and health, events, words, gifts, percepts). Get one from
 * {@link AnimusAppState#loadWorld}. NPC definitions bind to the NPC brains of the same id.
 *
 * <p>The world itself runs in the engine-free {@link WorldRuntime} that the command-line tools
 * run too; this session stands it on the scene graph: NPCs' positions are their spatials',
 * their actions play on their characters, and sounds reach their brains' senses.
 *
 * <p>Render thread only, except where a method says otherwise. Work on other threads
 * (encoding, reloading) comes back through an inbox drained each frame.
 */
public final class WorldSession {
    private static final Logger LOG = LoggerFactory.getLogger(WorldSession.class);
    /** The player's id, as world files and {@link #lookAround} name them: {@code "player"}. */
    public static final String PLAYER = WorldRuntime.PLAYER;

    private final AnimusAppState animus;
    private final WorldRuntime runtime;
    /** The game's clip mapper as the animators take it; one object, so animators see it unchanged. */
    private final NpcAnimator.Clips clips;

    private Spatial player;

    WorldSession(AnimusAppState animus, Models models, World world) {
        this.animus = animus;
        AnimusConfig config = animus.config();
        this.clips = config.clips()::clipFor;
        this.runtime = new WorldRuntime(
                models,
                new SceneStage(),
                world,
                new WorldRuntime.Settings(config.vocabulary(), config.memoryCapacity(), config.replyTimeoutSeconds()));
    }

    /** @return the world now running. Any thread. */
    public World world() {
        return runtime.world();
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
            Node body = NpcSpawner.body(world(), npc, i, clock().phase(), assets);
            parent.attachChild(body);
            animus.addNpc(body, npc.id());
            bodies.put(npc.id(), body);
            NpcMind mind = runtime.mind(npc.id());
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
        return runtime.lookAround(who);
    }

    /** @return the in-game time now (a reading: call again for a later one) */
    public WorldTime clock() {
        WorldClock clock = runtime.clock();
        return new WorldTime(clock.seconds(), clock.day(), clock.phase());
    }

    /**
     * @param npcId an NPC id of the world
     * @return its behaviour state now (variables, emotion, activity), or null for no such NPC
     */
    public NpcState state(String npcId) {
        return Values.state(runtime.mind(npcId));
    }

    /** @return whether semantic triggers can fire yet (their sentences have been encoded) */
    public boolean semanticTriggersReady() {
        return runtime.semanticTriggersReady();
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
        return runtime.playerArmed();
    }

    /**
     * The player shouts: every NPC within three times its hearing range hears it (walls do not
     * stop sound), and it becomes a percept of each at its next think.
     *
     * @param text the words (not null)
     */
    public void shout(String text) {
        runtime.shout(text);
    }

    /** @param percent the player's health (0 to 100) */
    public void setPlayerHealth(float percent) {
        runtime.setPlayerHealth(percent);
    }

    /** @param listener called for every NPC action, in order (not null) */
    public void addActionListener(NpcActionListener listener) {
        Objects.requireNonNull(listener, "listener");
        runtime.addListener(new WorldEvents() {
            @Override
            public void acted(NpcCommand command) {
                listener.onAction(Values.action(command));
            }
        });
    }

    /** @param listener called when the world file is reloaded or a reload fails (not null) */
    public void addWorldListener(WorldListener listener) {
        Objects.requireNonNull(listener, "listener");
        runtime.addListener(new WorldEvents() {
            @Override
            public void reloaded(World world) {
                listener.onWorldReloaded(world);
            }

            @Override
            public void reloadFailed(List<WorldProblem> problems) {
                listener.onWorldReloadFailed(problems);
            }
        });
    }

    /** @param listener hears NPCs tell each other what they remember (not null) */
    public void addGossipListener(GossipListener listener) {
        Objects.requireNonNull(listener, "listener");
        runtime.addListener(new WorldEvents() {
            @Override
            public void gossiped(Gossip.Telling t) {
                listener.onGossip(t.from(), t.to(), Values.memory(t.heard()));
            }
        });
    }

    /**
     * @param listener hears NPCs think and answer: replies to the player and lines of
     *     {@code say_generated} actions (not null)
     */
    public void addDialogueListener(DialogueListener listener) {
        Objects.requireNonNull(listener, "listener");
        runtime.addListener(new WorldEvents() {
            @Override
            public void thinking(String npcId, String words) {
                listener.onThinking(npcId, words);
            }

            @Override
            public void partialReply(String npcId, String soFar) {
                listener.onPartialReply(npcId, soFar);
            }

            @Override
            public void replied(Reply r) {
                listener.onReply(new DialogueReply(
                        r.npcId(),
                        r.prompt(),
                        r.text(),
                        r.action(),
                        r.emotion(),
                        r.facts(),
                        r.latencyMs(),
                        r.fallback()));
            }
        });
    }

    /**
     * Something happened in the world, for example {@code raiseEvent("weapon_drawn", "player")}.
     *
     * @param event a built-in or declared event id (not null)
     * @param actor who did it: "player", an NPC id, or null
     * @throws IllegalArgumentException if the world does not know the event
     */
    public void raiseEvent(String event, String actor) {
        runtime.raiseEvent(event, actor);
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
        runtime.speak(npcId, text);
    }

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
        runtime.remember(npcId, text, importance);
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
        return runtime.replyBackoffSeconds(npcId);
    }

    /**
     * @param npcId an NPC of the world
     * @return its memories, oldest first (a copy)
     */
    public List<NpcMemory> memories(String npcId) {
        return Values.memories(runtime.memories(npcId));
    }

    /**
     * Someone gives an NPC something.
     *
     * @param npcId who receives (not null)
     * @param giver "player" or an NPC id
     * @param item "coin" or an item id
     */
    public void give(String npcId, String giver, String item) {
        runtime.give(npcId, giver, item);
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
        runtime.reportPercept(npcId, text, subject);
    }

    /**
     * Jumps to the start of the next occurrence of a part of the day; its behaviours fire.
     *
     * @param phase the part of the day (not null)
     */
    public void skipTo(Phase phase) {
        runtime.skipTo(phase);
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
        runtime.watch(file, pollMillis);
    }

    /** Stops watching the world file. */
    public void stopWatching() {
        runtime.stopWatching();
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
        return runtime.save(file);
    }

    /**
     * Loads a save of this world: its clock, variables and memories replace the running ones
     * on the render thread (NPCs the world no longer has are skipped). The file is read on a
     * background thread.
     *
     * @param file a file written by {@link #save}
     * @return completes with the file once the save is applied, or exceptionally with a
     *     {@link SaveFileException} naming the file and what to do
     */
    public CompletableFuture<Path> load(Path file) {
        return runtime.load(file).thenApply(save -> file);
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
    public CompletableFuture<List<RelevantFact>> relevantFacts(String npcId, String text, int k) {
        return runtime.relevantFacts(npcId, text, k).thenApply(Values::facts);
    }

    /** @return the running world's NPC of that id. Any thread. */
    public Optional<NpcDefinition> npc(String npcId) {
        return runtime.npc(npcId);
    }

    /** A discrete percept of an NPC, encoded: its behaviours react, and what stands out is remembered. */
    void noticed(String npcId, Percept percept, Embedding embedding) {
        runtime.noticed(npcId, percept, embedding);
    }

    /** An NPC's own encoded percept, from its brain. */
    void perceived(PerceptionUpdate update) {
        runtime.perceived(update.npcId(), update.text(), update.embedding());
    }

    /** Runs one frame: the clock, what arrived from other threads, and the behaviours. */
    void update(float tpf) {
        runtime.update(tpf);
    }

    /** Stops watching the file and takes no more saves; saves asked for are still written. Never waits. */
    void close() {
        runtime.close();
    }

    /** For tests in this package: the save thread. */
    SaveWriter saves() {
        return runtime.saves();
    }

    /** For tests in this package: the engine-free world under the scene. */
    WorldRuntime runtime() {
        return runtime;
    }

    /** Actions and emotions play on the NPC's character, if it has an AnimComposer. */
    private void animate(NpcCommand c) {
        boolean animates = c.action() instanceof Action.Animate || c.action() instanceof Action.Emote;
        NpcBrainControl brain = animates ? animus.npc(c.npc()) : null;
        NpcDefinition npc = brain == null || brain.getSpatial() == null
                ? null
                : npc(c.npc()).orElse(null);
        NpcAnimator animator = npc == null ? null : NpcAnimator.of(brain.getSpatial(), npc.id(), npc.model(), clips);
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

    /** The game's own actions a behaviour calls. */
    private void playGameAction(NpcCommand c) {
        if (c.action() instanceof Action.Game g) {
            GameAction action = animus.config().gameActions().get(g.name());
            try {
                action.perform(c.npc(), g.argument(), c.them());
            } catch (RuntimeException e) {
                LOG.error("The game action '{}' of '{}' failed (argument \"{}\")", g.name(), c.npc(), g.argument(), e);
            }
        }
    }

    /** The places of an NPC's schedule entry now, in world space (empty when it has no entry). */
    private List<Vector3f> scheduledRoute(String npcId) {
        ScheduleEntry entry = npc(npcId).map(n -> n.scheduleAt(clock().phase())).orElse(null);
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

    /** The world on the scene graph: positions are spatials', bodies are characters, sounds reach brains. */
    private final class SceneStage implements Stage {
        @Override
        public Map<String, Vec3> positions() {
            // Sized for everyone at once: grown from 16, a crowd's map was rehashed four times a frame.
            Map<String, Vec3> map = new HashMap<>((int) ((animus.npcs().size() + 1) / 0.75f) + 1);
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

        @Override
        public Vec3 position(String who) {
            return positionOf(who);
        }

        @Override
        public String motion(String npcId) {
            NpcBrainControl brain = animus.npc(npcId);
            NpcLocomotion legs = brain == null ? null : brain.getSpatial().getControl(NpcLocomotion.class);
            return legs != null && legs.walking() ? "walk" : null;
        }

        @Override
        public void hear(Sound sound) {
            animus.hear(sound);
        }

        @Override
        public List<String> percepts(String npcId) {
            NpcBrainControl brain = animus.npc(npcId);
            PerceptionUpdate latest = brain == null ? null : brain.latestPerception();
            return latest == null ? List.of() : List.of(latest.text());
        }

        @Override
        public void perform(NpcCommand c) {
            animate(c);
            move(c);
            playGameAction(c);
        }

        @Override
        public void reloaded(World world) {
            for (NpcDefinition npc : world.npcs()) { // new clip mappings apply at once
                NpcBrainControl brain = animus.npc(npc.id());
                NpcAnimator animator = brain == null || brain.getSpatial() == null
                        ? null
                        : brain.getSpatial().getControl(NpcAnimator.class);
                if (animator != null) {
                    animator.remap(npc.model());
                }
            }
        }
    }
}
