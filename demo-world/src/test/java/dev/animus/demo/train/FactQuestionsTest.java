package dev.animus.demo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.demo.eval.Scoring;
import dev.animus.demo.train.FactQuestions.Phrasing;
import dev.animus.world.NpcDefinition;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Questions built from a fact's own words: what they are about, their two families, the key a reply must state. */
class FactQuestionsTest {
    @Test
    void aFactIsAskedAboutItsSubjectItsNamesAndWhatFollowsItsVerb() {
        assertEquals(
                List.of("visitor badges", "badges", "front desk"),
                FactQuestions.topics("Visitor badges are handed out at the front desk until 6 pm.", "Dolores Vance"));
        assertEquals(
                List.of("the chief executive", "the executive", "Harriet Lindqvist"),
                FactQuestions.topics(
                                "The chief executive, Harriet Lindqvist, only comes in on Fridays.", "Dolores Vance")
                        .subList(0, 3));
        // The NPC itself is no topic: "She keeps" is asked about what she keeps.
        assertEquals(
                "jar of peppermints",
                FactQuestions.topics("She keeps a jar of peppermints for anyone who says please.", "Dolores Vance")
                        .get(0));
        assertEquals(
                "new server",
                FactQuestions.topics("Sanjay has been asking for a new server.", "Sanjay Pillai")
                        .get(0));
    }

    @Test
    void aSubjectIsAlsoAskedAsPlayersShortenIt() {
        assertEquals(List.of("a sword"), FactQuestions.shorter("an iron sword"));
        assertEquals(List.of("the lift"), FactQuestions.shorter("the lift to the fourteenth floor"));
        assertEquals(
                List.of("the parking garage", "the garage"),
                FactQuestions.shorter("the parking garage under the building"));
        assertEquals(List.of(), FactQuestions.shorter("Harriet Lindqvist"));
        assertTrue(
                FactQuestions.topics("An iron sword costs 40 silver.", "Brann").contains("a sword"));
    }

    @Test
    void questionsAreTypedByWhatTheFactHolds() {
        List<String> price = FactQuestions.questions(
                "The parking garage under the building charges 12 dollars for a full day.",
                "Dolores",
                Phrasing.TRAIN,
                true);
        assertTrue(price.contains("How much is the parking garage under the building?"), price.toString());
        List<String> time =
                FactQuestions.questions("The backups run every night at 2 am.", "Sanjay", Phrasing.TRAIN, true);
        assertTrue(time.contains("When is the backups?"), time.toString());
        List<String> own = FactQuestions.questions("Her team must close 30 contracts.", "Priya", Phrasing.TRAIN, true);
        assertTrue(own.contains("What about your team?"), "asked of its owner, her team is yours: " + own);
        List<String> theirs =
                FactQuestions.questions("Her team must close 30 contracts.", "Priya", Phrasing.TRAIN, false);
        assertTrue(theirs.contains("What about her team?"), theirs.toString());
    }

    @Test
    void theKeyIsEveryNumberAndNameOrElseTheLongestWords() {
        String key = FactQuestions.key("Mr. Okafor from accounts is on leave until the 9th of March.", "Dolores");
        assertEquals("9;Okafor;March", key);
        assertTrue(Scoring.matches("Hm. Mr. Okafor is away until the 9th of March.", key));
        assertFalse(Scoring.matches("Hm. Mr. Okafor is away until the 19th of March.", key), "a whole number");
        assertEquals(
                "peppermints;please",
                FactQuestions.key("She keeps a jar of peppermints for anyone who says please.", "Dolores"));
    }

    @Test
    void theTwoFamiliesShareNoQuestionInAnyEvaluationWorld() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("src/main/resources/eval/worlds"))) {
            files = s.filter(p -> p.toString().endsWith(".world")).sorted().toList();
        }
        assertEquals(7, files.size());
        int facts = 0;
        for (Path file : files) {
            World world = new WorldParser().parse(file.toString(), Files.readString(file));
            for (NpcDefinition npc : world.npcs()) {
                for (String fact : npc.facts()) {
                    facts++;
                    Set<String> train = new HashSet<>(FactQuestions.questions(fact, npc.name(), Phrasing.TRAIN, true));
                    List<String> held = FactQuestions.questions(fact, npc.name(), Phrasing.HELD_OUT, true);
                    assertFalse(train.isEmpty() || held.isEmpty(), "every fact is asked about: " + fact);
                    assertTrue(held.stream().noneMatch(train::contains), fact + ": " + held + " / " + train);
                    assertFalse(FactQuestions.key(fact, npc.name()).isBlank(), fact);
                }
            }
        }
        assertTrue(facts > 100, "the seven worlds hold " + facts + " facts");
    }
}
