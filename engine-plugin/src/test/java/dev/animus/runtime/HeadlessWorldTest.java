package dev.animus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.dialogue.DialogueService;
import dev.animus.memory.Memory;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime the command-line tools share with the game, without a game: the real encoder and
 * the bundled decoder answer an NPC's words from its facts, a behaviour's line answers as it
 * does for a player, the words become a memory, and a world that forgets starts afresh.
 */
class HeadlessWorldTest {
    private static final Duration ANSWER = Duration.ofMinutes(2);
    private static HeadlessWorld world;

    @BeforeAll
    static void start() throws Exception {
        Path file = Path.of("src/test/resources/Worlds/talk.world");
        World talk = new WorldParser().parse(file.toString(), Files.readString(file));
        world = HeadlessWorld.of(talk, Optional.empty(), DialogueService.Style.GROUNDED);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void workFromAnotherThreadRunsInTheOrderItCame() throws Exception {
        // A reply's pieces come back this way; the bubble must see them in order even when one
        // arrives while the loop is waiting for the first.
        List<Integer> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        int pieces = 3000;
        Thread producer = new Thread(() -> {
            for (int i = 0; i < pieces; i++) {
                int n = i;
                world.runtime().later(() -> ran.add(n));
                if (i % 7 == 0) {
                    Thread.onSpinWait();
                    Thread.yield();
                }
            }
        });
        producer.start();
        world.runUntil(() -> ran.size() == pieces, ANSWER, "the pieces");
        producer.join();
        for (int i = 0; i < pieces; i++) {
            assertEquals(i, ran.get(i), "piece " + i + " ran in its place");
        }
    }

    @Test
    void theDecoderAnswersFromTheNpcsFacts() throws Exception {
        world.runtime().forget();
        HeadlessWorld.Answer a = world.ask("brann", "What does an iron sword cost?", ANSWER);
        assertEquals("dialogue", a.by(), a.toString());
        assertEquals("An iron sword costs 40 silver.", a.facts().get(0), a.toString());
        assertTrue(a.text().contains("40 silver"), a.toString());
        assertTrue(List.of("idle", "talk", "nod", "work").contains(a.action()), a.toString());
        assertTrue(List.of("neutral", "proud", "angry").contains(a.emotion()), a.toString());
    }

    @Test
    void aFactAboutTheSameThingThatDoesNotAnswerIsNotStated() throws Exception {
        world.runtime().forget();
        // "An axe costs 25 silver." is about the axe, but does not say who made it: the answer
        // judge declines, where similarity alone states the price.
        HeadlessWorld.Answer a = world.ask("brann", "Who made the axe?", ANSWER);
        assertEquals("dialogue", a.by(), a.toString());
        assertEquals("An axe costs 25 silver.", a.facts().get(0), "retrieval found it: " + a);
        assertFalse(a.text().contains("25 silver"), a.toString());
        HeadlessWorld.Answer b = world.ask("brann", "How much for an axe?", ANSWER);
        assertTrue(b.text().contains("25 silver"), b.toString());
    }

    @Test
    void aBehavioursLineAnswersAsItDoesForAPlayer() throws Exception {
        world.runtime().forget();
        HeadlessWorld.Answer a = world.ask("guard", "Hello there.", ANSWER);
        assertEquals("halt", a.by(), a.toString());
        assertEquals("Move along, citizen.", a.text());
        assertEquals(List.of(), a.facts(), "the decoder stayed out of it");
    }

    @Test
    void theWordsAreRememberedUntilTheWorldForgets() throws Exception {
        world.runtime().forget();
        world.ask("brann", "Do you sell shields?", ANSWER);
        world.runUntil(() -> !world.runtime().memories("brann").isEmpty(), ANSWER, "Brann to remember the question");
        List<Memory> remembered = world.runtime().memories("brann");
        assertTrue(remembered.get(0).text().contains("shields"), remembered.toString());
        world.runtime().forget();
        assertEquals(List.of(), world.runtime().memories("brann"));
    }

    @Test
    void aDecoderThatCannotLoadIsAnErrorNamingItNotFallbackLines(@TempDir Path empty) throws Exception {
        World talk = world.runtime().world();
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> HeadlessWorld.of(talk, Optional.of(empty), DialogueService.Style.GROUNDED));
        assertTrue(e.getMessage().startsWith("The decoder cannot be loaded (" + empty + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
    }

    @Test
    void anUnknownNpcIsNamedWithTheOnesTheWorldHas() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> world.ask("gandalf", "hi", ANSWER));
        assertTrue(
                e.getMessage().contains("Unknown NPC 'gandalf'")
                        && e.getMessage().contains("brann"),
                e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
