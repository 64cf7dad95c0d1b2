package dev.animus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.dialogue.DialogueService;
import dev.animus.gossip.Gossip;
import dev.animus.memory.Memory;
import dev.animus.world.NpcDefinition;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lanternfall run headless, faster than real time, with the real models: what Vey saw reaches
 * the others as they meet by their schedules, told in Vey's words with who told it; Pip's secret
 * stays Pip's; asked for news, an NPC tells what it heard; a save keeps where memories came
 * from; and a player who speaks to an NPC while it gossips is answered.
 */
class GossipInTheWorldTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String SAW = "I saw the stranger climb over the north gate at dawn.";
    private static HeadlessWorld world;
    private static double day;

    @BeforeAll
    static void start() throws Exception {
        Path file = Path.of("../assets/Worlds/lanternfall.world");
        World lanternfall = new WorldParser().parse(file.toString(), Files.readString(file));
        day = lanternfall.dayLengthSeconds();
        world = HeadlessWorld.of(lanternfall, Optional.empty(), DialogueService.Style.GROUNDED);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @BeforeEach
    void afresh() throws Exception {
        world.runtime().forget();
        world.runUntil(() -> !world.runtime().memories("pip").isEmpty(), WAIT, "the world file's memories");
        world.runtime().clock().setSeconds(day / 4); // day 0, "day": the world file's start
        world.runtime().seedGossip(1);
    }

    private static void veySaw() throws Exception {
        WorldRuntime runtime = world.runtime();
        runtime.remember("vey", SAW, 0.9f);
        world.runUntil(
                () -> runtime.memories("vey").stream().anyMatch(m -> m.text().equals(SAW)), WAIT, "Vey to remember");
    }

    private static List<String> knowing() {
        List<String> who = new ArrayList<>();
        for (NpcDefinition npc : world.runtime().world().npcs()) {
            if (world.runtime().memories(npc.id()).stream()
                    .anyMatch(m -> m.heard() && m.hearsay().witnessId().equals("vey"))) {
                who.add(npc.id());
            }
        }
        return who;
    }

    @Test
    void whatVeySawSpreadsInVeysWordsAndPipsSecretStaysPips() throws Exception {
        assertTrue(
                world.runtime().memories("pip").stream()
                        .anyMatch(m -> m.secret() && m.text().contains("loose stone")),
                "the world file's secret memory is Pip's from the start");
        veySaw();
        world.advance(2 * day, 1);
        List<String> knowing = knowing();
        assertTrue(knowing.contains("mira"), "Mira and Vey sup at the tavern at dusk: " + knowing);
        assertTrue(knowing.size() >= 3, "the news reached " + knowing);
        for (NpcDefinition npc : world.runtime().world().npcs()) {
            for (Memory m : world.runtime().memories(npc.id())) {
                if (m.heard()) {
                    assertEquals(
                            "Captain Vey saw the stranger climb over the north gate at dawn.",
                            m.hearsay().content());
                    assertTrue(m.text().startsWith(m.hearsay().fromName() + " told me: "), m.text());
                }
                if (!npc.id().equals("pip")) {
                    assertTrue(!m.text().contains("loose stone"), npc.id() + " was told Pip's secret: " + m.text());
                }
            }
        }
    }

    @Test
    void askedForNewsAnNpcTellsWhatItHeardAndFromWhom() throws Exception {
        veySaw();
        world.advance(day / 2, 1); // through the evening at the tavern
        assertTrue(knowing().contains("mira"), knowing().toString());
        HeadlessWorld.Answer a = world.ask("mira", "Heard anything interesting lately?", WAIT);
        assertEquals("dialogue", a.by(), a.toString());
        assertTrue(a.text().contains("Captain Vey told me") && a.text().contains("north gate"), a.toString());
        HeadlessWorld.Answer aldine = world.ask("aldine", "Any news?", WAIT);
        assertTrue(!aldine.text().contains("north gate"), "Aldine was not told yet: " + aldine);
    }

    @Test
    void aSaveKeepsWhoToldWhat(@TempDir Path dir) throws Exception {
        veySaw();
        world.advance(day / 2, 1);
        List<Memory> before = world.runtime().memories("mira");
        Path file = dir.resolve("lanternfall.save.db");
        CompletableFutureWait.until(world, world.runtime().save(file));
        world.runtime().forget();
        CompletableFutureWait.until(world, world.runtime().load(file));
        assertEquals(before, world.runtime().memories("mira"));
        assertTrue(world.runtime().memories("mira").stream().anyMatch(Memory::heard));
    }

    @Test
    void aPlayerWhoSpeaksToAnNpcInTheMiddleOfItsTalkIsAnswered() throws Exception {
        veySaw();
        AtomicReference<String> interrupted = new AtomicReference<>();
        WorldEvents listener = new WorldEvents() {
            @Override
            public void gossiped(Gossip.Telling t) {
                if (interrupted.get() == null && (t.from().equals("mira") || t.to().equals("mira"))) {
                    interrupted.set(t.toString());
                }
            }
        };
        world.runtime().addListener(listener);
        try {
            world.runUntil(
                    () -> {
                        if (interrupted.get() == null) {
                            world.advance(1, 1);
                        }
                        return interrupted.get() != null;
                    },
                    WAIT,
                    "Mira to talk with someone");
        } finally {
            world.runtime().removeListener(listener);
        }
        HeadlessWorld.Answer a = world.ask("mira", "How much is a room?", WAIT);
        assertEquals("dialogue", a.by(), a.toString());
        assertTrue(a.text().contains("5 silver"), a.toString());
    }

    /** Runs frames until a future of the runtime completes. */
    private static final class CompletableFutureWait {
        static void until(HeadlessWorld world, java.util.concurrent.CompletableFuture<?> f) throws Exception {
            world.runUntil(f::isDone, WAIT, "a save or a load");
            f.join();
        }
    }
}
