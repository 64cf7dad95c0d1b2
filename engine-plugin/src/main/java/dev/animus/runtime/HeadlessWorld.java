package dev.animus.runtime;

import dev.animus.behaviour.NpcCommand;
import dev.animus.dialogue.DialogueService;
import dev.animus.perception.SceneView;
import dev.animus.perception.Sound;
import dev.animus.world.Action;
import dev.animus.world.NpcDefinition;
import dev.animus.world.ScheduleEntry;
import dev.animus.world.Vec3;
import dev.animus.world.World;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A world running without a game, for the command-line tools: the same {@link Models} and
 * {@link WorldRuntime} as the game's, with the NPCs standing where their schedules put them
 * and no player in sight. Frames run while something is awaited, on the caller's thread: the
 * clock follows the wall clock, what is submitted goes out in the frame's batch, and what
 * workers finish comes back through the runtime's inbox, as in the game. So {@code ask} answers
 * exactly as an NPC in the game does: its behaviours, triggers, memories and follow-ups included.
 * Not thread-safe.
 */
public final class HeadlessWorld implements AutoCloseable {
    /** The longest a frame waits for work before it flushes again: requests chained on callbacks need one. */
    private static final long FRAME_MILLIS = 5;

    private final Models models;
    private final WorldRuntime runtime;
    private long lastFrame = System.nanoTime();

    /**
     * An answer as the player meets it.
     *
     * @param npc who answered
     * @param text what it says
     * @param action the action it performs
     * @param emotion the emotion it shows
     * @param facts the facts that went into the decoder's prompt (none for a behaviour's line)
     * @param by {@code "dialogue"}, {@code "fallback"} or the behaviour whose line it is
     * @param latencyMs from the words to the whole answer
     */
    public record Answer(
            String npc, String text, String action, String emotion, List<String> facts, String by, long latencyMs) {}

    /**
     * Starts the models and waits, running frames, until they are loaded and the world's
     * sentences (facts, triggers) are encoded.
     *
     * @param world the world
     * @param setup the models
     * @param settings vocabulary, memory, timeouts
     * @param timeout how long loading may take
     * @throws TimeoutException if it took longer
     * @throws IllegalStateException naming the model and the reason, if a model cannot run
     */
    public HeadlessWorld(World world, Models.Setup setup, WorldRuntime.Settings settings, Duration timeout)
            throws TimeoutException, InterruptedException {
        this(world, setup, settings, timeout, null);
    }

    /** As the public constructor, on a stage of the caller's (tests: a player standing somewhere), or the world file's. */
    HeadlessWorld(World world, Models.Setup setup, WorldRuntime.Settings settings, Duration timeout, Stage stage)
            throws TimeoutException, InterruptedException {
        this.models = new Models(setup);
        this.runtime = new WorldRuntime(models, stage != null ? stage : new WorldFileStage(), world, settings);
        models.start(r -> {}, m -> m);
        // A tool is asked for answers: a model that cannot run is an error, not fallback lines.
        CompletableFuture<?> encoder = models.embed("headless", "Are the models ready?");
        runUntil(encoder::isDone, timeout, "loading the sentence encoder");
        failIfBroken(encoder, "The sentence encoder cannot run");
        DialogueService decoder = models.dialogue();
        if (decoder != null) {
            CompletableFuture<?> loaded = decoder.ready();
            runUntil(loaded::isDone, timeout, "loading the decoder");
            failIfBroken(
                    loaded,
                    "The decoder cannot be loaded ("
                            + setup.decoder().map(Object::toString).orElse("the bundled model") + ")");
        }
        runUntil(runtime::ready, timeout, "encoding the sentences of " + world.source());
    }

    /** Closes everything and says why, if {@code done} failed. */
    private void failIfBroken(CompletableFuture<?> done, String what) {
        if (!done.isCompletedExceptionally()) {
            return;
        }
        Throwable why = done.handle((ok, error) -> error).join();
        while ((why instanceof CompletionException || why instanceof ExecutionException) && why.getCause() != null) {
            why = why.getCause();
        }
        close();
        throw new IllegalStateException(what + ": " + why.getMessage(), why);
    }

    /** A world with the bundled encoder, the given decoder (empty: the bundled one) and default settings. */
    public static HeadlessWorld of(World world, Optional<Path> decoder, DialogueService.Style style)
            throws TimeoutException, InterruptedException {
        return of(world, decoder, style, Models.Setup.DEFAULT.judge());
    }

    /** As {@link #of(World, Optional, DialogueService.Style)}, with the answer judge on or off. */
    public static HeadlessWorld of(World world, Optional<Path> decoder, DialogueService.Style style, boolean judge)
            throws TimeoutException, InterruptedException {
        return new HeadlessWorld(
                world,
                Models.Setup.bundled(decoder, style, judge),
                WorldRuntime.Settings.DEFAULT,
                Duration.ofMinutes(10));
    }

    /** @return the running world */
    public WorldRuntime runtime() {
        return runtime;
    }

    /**
     * The player says something to an NPC; frames run until it answers: with a behaviour's line,
     * the decoder's reply or a fallback line.
     *
     * @throws IllegalArgumentException if the world has no such NPC
     * @throws TimeoutException if no answer came within {@code timeout}
     */
    public Answer ask(String npcId, String words, Duration timeout) throws TimeoutException, InterruptedException {
        NpcDefinition npc = runtime.requireNpc(npcId);
        long start = System.nanoTime();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        WorldEvents listener = new WorldEvents() {
            private String action = DialogueService.restingAction(npc);
            private String emotion = DialogueService.restingEmotion(npc);

            @Override
            public void replied(Reply r) {
                if (r.npcId().equals(npcId)) {
                    answer.complete(new Answer(
                            npcId,
                            r.text(),
                            r.action(),
                            r.emotion(),
                            r.facts(),
                            r.fallback() ? "fallback" : "dialogue",
                            elapsedMs(start)));
                }
            }

            @Override
            public void acted(NpcCommand c) {
                if (!c.npc().equals(npcId)
                        || c.source().equals("dialogue")
                        || c.source().equals(WorldRuntime.GOSSIP)) {
                    return; // the decoder's reply is heard whole, above
                }
                if (c.action() instanceof Action.Animate a) {
                    action = a.action();
                } else if (c.action() instanceof Action.Emote e) {
                    emotion = e.emotion();
                } else if (c.action() instanceof Action.Say s) { // a behaviour answered with its line
                    answer.complete(
                            new Answer(npcId, s.line(), action, emotion, List.of(), c.source(), elapsedMs(start)));
                }
            }
        };
        runtime.addListener(listener);
        try {
            runtime.speak(npcId, words);
            runUntil(answer::isDone, timeout, "the answer of '" + npcId + "' to \"" + words + "\"");
            return answer.join();
        } finally {
            runtime.removeListener(listener);
        }
    }

    /** Runs frames until {@code done} holds. */
    public void runUntil(BooleanSupplier done, Duration timeout, String what)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            frame();
            if (done.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Gave up on " + what + " after " + timeout.toSeconds() + " s");
            }
            runtime.awaitWork(FRAME_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Runs the world for a stretch of game time in fixed steps, as fast as the machine goes
     * rather than with the wall clock: days pass in seconds ({@code simulate}). Work the models
     * finish comes back between steps, as in any frame.
     *
     * @param gameSeconds how long (at least 0)
     * @param stepSeconds game seconds per frame (more than 0)
     */
    public void advance(double gameSeconds, double stepSeconds) {
        if (!(gameSeconds >= 0) || !(stepSeconds > 0)) {
            throw new IllegalArgumentException(
                    "advance needs gameSeconds >= 0 and stepSeconds > 0, got " + gameSeconds + ", " + stepSeconds);
        }
        double end = runtime.clock().seconds() + gameSeconds;
        while (runtime.clock().seconds() < end) {
            runtime.update((float) Math.min(stepSeconds, end - runtime.clock().seconds()));
            models.flush();
        }
        lastFrame = System.nanoTime();
    }

    /** One frame: the runtime, then the flush that makes what it submitted a batch. */
    private void frame() {
        long now = System.nanoTime();
        runtime.update((now - lastFrame) / 1e9f);
        lastFrame = now;
        models.flush();
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void close() {
        runtime.close();
        models.shutdown().join(); // a tool exits next: the models are closed first
    }

    /**
     * The NPCs stand where their schedules put them, one on a route at each of its places in
     * turn, an equal share of the part of the day at each; no player, nobody hears.
     */
    private final class WorldFileStage implements Stage {
        @Override
        public Map<String, Vec3> positions() {
            Map<String, Vec3> at = new HashMap<>();
            World world = runtime.world();
            for (NpcDefinition npc : world.npcs()) {
                ScheduleEntry e = npc.scheduleAt(runtime.clock().phase());
                if (e != null && e.route().size() > 1) {
                    double share = world.dayLengthSeconds() / 4.0 / e.route().size();
                    String place = e.route()
                            .get((int) (runtime.clock().seconds() / share)
                                    % e.route().size());
                    world.place(place).ifPresent(p -> at.put(npc.id(), p.at()));
                } else {
                    SceneView.whereAt(world, npc, runtime.clock().phase()).ifPresent(p -> at.put(npc.id(), p));
                }
            }
            return at;
        }

        @Override
        public void hear(Sound sound) {}

        @Override
        public List<String> percepts(String npcId) {
            return List.of();
        }

        @Override
        public void perform(NpcCommand command) {}
    }
}
