package dev.animus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.behaviour.NpcCommand;
import dev.animus.dialogue.DialogueService;
import dev.animus.model.prompt.ReplyPlan;
import dev.animus.perception.Sound;
import dev.animus.world.Action;
import dev.animus.world.Vec3;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Vey and Mira at the tavern with the player beside them, the real models: Vey tells Mira what
 * he saw aloud, in his voice, and she reacts with a line of her own; a player who spoke to Mira
 * is answered, and her gossip waits.
 */
class SpokenGossipTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String SAW = "I saw the stranger climb over the north gate at dawn.";

    /** Vey and Mira side by side, the player 3 m away; every command is kept. */
    private static final class Tavern implements Stage {
        final List<NpcCommand> performed = new CopyOnWriteArrayList<>();
        /** The game time of each command performed. */
        final List<Double> at = new CopyOnWriteArrayList<>();

        java.util.function.DoubleSupplier clock = () -> 0;

        @Override
        public Map<String, Vec3> positions() {
            return Map.of("vey", new Vec3(0, 0, 0), "mira", new Vec3(1, 0, 0), "player", new Vec3(3, 0, 0));
        }

        @Override
        public void hear(Sound sound) {}

        @Override
        public List<String> percepts(String npcId) {
            return List.of();
        }

        @Override
        public void perform(NpcCommand command) {
            performed.add(command);
            at.add(clock.getAsDouble());
        }

        List<String> said(String npc) {
            return performed.stream()
                    .filter(c -> c.npc().equals(npc) && c.source().equals(WorldRuntime.GOSSIP))
                    .filter(c -> c.action() instanceof Action.Say)
                    .map(c -> ((Action.Say) c.action()).line())
                    .toList();
        }
    }

    private static HeadlessWorld tavern(Tavern stage) throws Exception {
        Path file = Path.of("../assets/Worlds/lanternfall.world");
        World lanternfall = new WorldParser().parse(file.toString(), Files.readString(file));
        HeadlessWorld world = new HeadlessWorld(
                lanternfall,
                Models.Setup.bundled(Optional.empty(), DialogueService.Style.GROUNDED, true),
                WorldRuntime.Settings.DEFAULT,
                WAIT,
                stage);
        world.runtime().seedGossip(3);
        world.runtime().remember("vey", SAW, 0.9f);
        world.runUntil(
                () -> world.runtime().memories("vey").stream()
                        .anyMatch(m -> m.text().equals(SAW)),
                WAIT,
                "Vey to remember");
        return world;
    }

    /** Runs frames, a game second further each, until {@code done}: meetings come sooner than by the wall clock. */
    private static void runGameTimeUntil(HeadlessWorld world, java.util.function.BooleanSupplier done, String what)
            throws Exception {
        world.runUntil(
                () -> {
                    if (!done.getAsBoolean()) {
                        world.advance(1, 1);
                    }
                    return done.getAsBoolean();
                },
                WAIT,
                what);
    }

    @Test
    void veyTellsMiraAloudInHisVoiceAndSheReacts() throws Exception {
        Tavern stage = new Tavern();
        try (HeadlessWorld world = tavern(stage)) {
            runGameTimeUntil(world, () -> !stage.said("mira").isEmpty(), "Vey to tell Mira and Mira to react");
            String vey = stage.said("vey").get(0);
            assertTrue(vey.endsWith("I saw the stranger climb over the north gate at dawn."), vey);
            // His world file gives him openers of his own: the decoder chooses among those.
            List<String> his =
                    world.runtime().world().npc("vey").orElseThrow().lines().openers();
            assertTrue(
                    his.stream().anyMatch(vey::startsWith), "an opener in his voice: " + vey + ", not one of " + his);
            assertTrue(
                    ReplyPlan.REACTIONS.contains(stage.said("mira").get(0)),
                    stage.said("mira").toString());
            assertTrue(
                    stage.performed.stream()
                            .anyMatch(c -> c.npc().equals("mira") && c.action().equals(new Action.Face("vey"))),
                    "they turn to each other");
        }
    }

    @Test
    void thePlayerComesFirst() throws Exception {
        Tavern stage = new Tavern();
        try (HeadlessWorld world = tavern(stage)) {
            stage.clock = () -> world.runtime().clock().seconds();
            double spoke = world.runtime().clock().seconds();
            HeadlessWorld.Answer a = world.ask("mira", "How much is a room?", WAIT);
            assertTrue(a.text().contains("5 silver"), a.toString());
            runGameTimeUntil(
                    world,
                    () -> world.runtime().memories("mira").stream().anyMatch(m -> m.heard()),
                    "Vey to tell Mira");
            double heard = world.runtime().memories("mira").stream()
                    .filter(m -> m.heard())
                    .findFirst()
                    .orElseThrow()
                    .time();
            double playerFirstUntil = spoke + SpokenGossip.PLAYER_FIRST_SECONDS;
            assertTrue(heard < playerFirstUntil, "Vey told her while she talked with the player: " + heard);
            // The talk is said aloud from the frame it happens in (the two turn to each other at once).
            for (int i = 0; i < stage.performed.size(); i++) {
                NpcCommand c = stage.performed.get(i);
                assertTrue(
                        !c.source().equals(WorldRuntime.GOSSIP) || stage.at.get(i) >= playerFirstUntil,
                        "Mira, talking with the player, keeps her gossip for later, and so does Vey with her: " + c);
            }
        }
    }

    @Test
    void aTalkTakesTurnsOneFromEachSideAtATime() {
        dev.animus.memory.Memory m =
                new dev.animus.memory.Memory("x", 0, 0.5f, dev.animus.model.encoder.Embedding.of(new float[] {1}));
        List<dev.animus.gossip.Gossip.Telling> talk = List.of(
                new dev.animus.gossip.Gossip.Telling("vey", "mira", m, m),
                new dev.animus.gossip.Gossip.Telling("vey", "mira", m, m),
                new dev.animus.gossip.Gossip.Telling("mira", "vey", m, m));
        assertEquals(
                List.of(talk.get(0), talk.get(2), talk.get(1)),
                SpokenGossip.inTurn(talk),
                "Vey, then Mira, then Vey again: no one says two things while the other waits");
    }
}
