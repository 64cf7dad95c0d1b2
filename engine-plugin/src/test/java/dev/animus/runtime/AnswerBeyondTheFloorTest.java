package dev.animus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.dialogue.DialogueService;
import dev.animus.memory.FactIndex;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A question whose answering fact retrieval ranks below its relevance floor ("where did you
 * train?", "He learned the trade from his uncle in Valdmark."): the answer judge, finding no
 * answer among the prompt's facts, reads the facts retrieval ranked next and states the one it
 * is very sure of; a question none of them answers is still declined.
 */
class AnswerBeyondTheFloorTest {
    private static final Duration ANSWER = Duration.ofMinutes(2);
    private static final String TRAINED = "He learned the trade from his uncle in Valdmark.";
    private static HeadlessWorld world;

    @BeforeAll
    static void start() throws Exception {
        Path file = Path.of("src/test/resources/Worlds/beyond.world");
        World beyond = new WorldParser().parse(file.toString(), Files.readString(file));
        world = HeadlessWorld.of(beyond, Optional.empty(), DialogueService.Style.GROUNDED);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void aFactBelowTheFloorThatAnswersIsStated() throws Exception {
        CompletableFuture<List<FactIndex.Scored>> asked =
                world.runtime().relevantFacts("brann", "where did you train?", 5);
        world.runUntil(asked::isDone, ANSWER, "ranking the facts"); // the encoder runs in a frame's batch
        List<FactIndex.Scored> ranked = asked.join();
        FactIndex.Scored trained = ranked.stream()
                .filter(s -> s.fact().equals(TRAINED))
                .findFirst()
                .orElseThrow();
        assertTrue(
                trained.score() < DialogueService.MIN_RELEVANCE,
                "retrieval alone would leave it out of the prompt: " + ranked);
        HeadlessWorld.Answer a = world.ask("brann", "where did you train?", ANSWER);
        assertEquals("dialogue", a.by(), a.toString());
        assertTrue(a.text().contains("Valdmark"), a.toString());
        assertEquals(TRAINED, a.facts().get(0), a.toString());
    }

    @Test
    void aQuestionNoFactAnswersIsStillDeclined() throws Exception {
        HeadlessWorld.Answer a = world.ask("brann", "how old are you?", ANSWER);
        assertEquals("dialogue", a.by(), a.toString());
        for (String number : List.of("40", "25")) {
            assertFalse(a.text().contains(number), a.toString());
        }
        assertFalse(a.text().contains("Valdmark") || a.text().contains("Elsa"), a.toString());
    }
}
