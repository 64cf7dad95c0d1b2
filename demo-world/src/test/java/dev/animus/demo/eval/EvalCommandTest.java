package dev.animus.demo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.animus.model.llama.DecoderFiles;
import dev.animus.world.NpcDefinition;
import dev.animus.world.World;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The held-out evaluation: its set is well formed, the strict matcher and the counts on
 * hand-made replies, and the harness end to end on a few questions of one world with the
 * bundled model. The full evaluation is {@code mvn -Peval package}, not a test.
 */
class EvalCommandTest {
    private static EvalSet set;

    @BeforeAll
    static void load() throws Exception {
        set = EvalSet.load(EvalSet.defaultFolder());
    }

    // ---- the set -------------------------------------------------------------------------

    @Test
    void theSetHasSixWorldsOfTwoToFourNpcsAndEnoughQuestions() {
        assertTrue(set.worlds().size() >= 6, set.worlds().keySet().toString());
        for (World w : set.worlds().values()) {
            assertTrue(
                    w.npcs().size() >= 2 && w.npcs().size() <= 4,
                    w.id() + ": " + w.npcs().size() + " NPCs");
            for (NpcDefinition npc : w.npcs()) {
                assertTrue(
                        npc.facts().size() >= 3 && npc.facts().size() <= 8,
                        npc.id() + ": " + npc.facts().size());
            }
            assertFalse(w.id().equals("lanternfall"), "Lanternfall is a check of its own, not part of this set");
        }
        long answerable =
                set.questions().stream().filter(EvalSet.Question::answerable).count();
        assertTrue(answerable >= 150, answerable + " answerable");
        assertTrue(set.questions().size() - answerable >= 50, (set.questions().size() - answerable) + " unanswerable");
        Map<String, Long> perWorld =
                set.questions().stream().collect(Collectors.groupingBy(EvalSet.Question::world, Collectors.counting()));
        assertEquals(set.worlds().keySet(), perWorld.keySet(), "every world is asked about");
    }

    @Test
    void aQuestionThatStatesItsOwnAnswerOrANonFactIsRefused(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("worlds"));
        Path source = EvalSet.defaultFolder().resolve("worlds/night_express.world");
        Files.copy(source, dir.resolve("worlds/night_express.world"));
        Files.writeString(
                dir.resolve("questions.tsv"),
                String.join(
                        "\n",
                        "world\tnpc\tkind\tquestion\tfact\ttokens",
                        "night_express\tanatoly\tanswer\tis the borscht 7 euros?\tA bowl of borscht is 7 euros.\t7",
                        "night_express\tanatoly\tanswer\thow much is soup\tSoup is free.\tfree",
                        "night_express\tanatoly\tanswer\thow much is soup\tA bowl of borscht is 7 euros.\t8",
                        "night_express\tnobody\tunknown\tanything?\t-\t-"),
                StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvalSet.load(dir));
        assertTrue(e.getMessage().contains("4 problem(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("already states 7"), e.getMessage());
        assertTrue(e.getMessage().contains("is not one of anatoly's facts"), e.getMessage());
        assertTrue(e.getMessage().contains("does not match its tokens [8]"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown NPC 'nobody'"), e.getMessage());
    }

    // ---- the strict matcher --------------------------------------------------------------

    @Test
    void aNumberMatchesOnlyAsAWholeNumberInDigitsOrWords() {
        assertTrue(Scoring.matches("An iron sword costs 40 silver.", "40"));
        assertFalse(Scoring.matches("An iron sword costs 140 silver.", "40"));
        assertFalse(Scoring.matches("That's 400 silver.", "40"));
        assertFalse(Scoring.matches("4 or 0, who knows.", "40"));
        assertTrue(Scoring.matches("Forty silver, friend.", "40"));
        assertTrue(Scoring.matches("Forty-five euros.", "45"));
        assertFalse(Scoring.matches("Forty-five euros.", "40"));
        assertFalse(Scoring.matches("Forty-five euros.", "5"));
        assertTrue(Scoring.matches("It was the fourth floor.", "4"));
        assertTrue(Scoring.matches("On the 4th floor.", "4"));
        assertTrue(Scoring.matches("At 6:40 in the morning.", "6;40"));
        assertFalse(Scoring.matches("At 6 in the morning.", "6;40"));
        assertTrue(Scoring.matches("Over two thousand of them.", "2000"));
        assertTrue(Scoring.matches("Over 2,000 of them.", "2000"));
        assertTrue(Scoring.matches("Three million over budget!", "3;million"));
        assertTrue(Scoring.matches("It is 310 million this year.", "310"));
        assertTrue(Scoring.matches("Two hundred and five.", "205"));
        assertTrue(Scoring.matches("Eleven days.", "eleven|11"));
        assertFalse(Scoring.matches("Between five and six weeks.", "11"));
        assertTrue(Scoring.matches("My second term.", "second|2"));
        assertTrue(Scoring.matches("A dozen, more or less.", "12"));
        assertFalse(Scoring.matches("There are 11 carriages.", "1"));
    }

    @Test
    void aNameOrWordMatchesOnlyAsAWholeWord() {
        assertTrue(Scoring.matches("Piet Hoorn, the Dutchman.", "Piet|Hoorn"));
        assertTrue(Scoring.matches("That's Piet's job.", "Piet"));
        assertFalse(Scoring.matches("Pieter does that.", "Piet"));
        assertTrue(Scoring.matches("a FOX lives there", "fox"));
        assertFalse(Scoring.matches("foxes live there", "fox"));
        assertFalse(Scoring.matches("foxglove grows there", "fox"));
        assertTrue(Scoring.matches("He's a bean-counter.", "bean counter"));
        assertTrue(Scoring.matches("Up in the crow's nest!", "crow's nest|crows nest"));
        assertFalse(Scoring.matches("It's under the boots.", "boot"));
        assertTrue(Scoring.matches("Smoking is forbidden here.", "forbidden|not allowed"));
        assertTrue(Scoring.matches("No, that's not allowed.", "forbidden|not allowed"));
        assertFalse(Scoring.matches("We stop at the border.", "border;20"), "every group is required");
        assertEquals(List.of("20"), Scoring.missing("We stop at the border.", "border;20"));
    }

    @Test
    void dontKnowIsTheModelsIgnoranceLinesOrAFallbackLine() {
        List<String> fallback = List.of("Tickets, please.");
        assertTrue(Scoring.saysDontKnow("I don't remember that... my memory isn't what it was.", fallback));
        assertTrue(Scoring.saysDontKnow("Dunno. Ask someone else!", fallback));
        assertTrue(Scoring.saysDontKnow("That is not known to me.", fallback));
        assertTrue(Scoring.saysDontKnow("No idea, love, sorry.", fallback));
        assertTrue(Scoring.saysDontKnow("Can't say.", fallback));
        assertTrue(Scoring.saysDontKnow("tickets please", fallback));
        assertTrue(Scoring.saysDontKnow("  ", fallback));
        assertFalse(Scoring.saysDontKnow("I don't the red comet are forbidden.", fallback));
        assertFalse(Scoring.saysDontKnow("Tickets, please. The train has 11 carriages.", fallback));
        assertFalse(Scoring.saysDontKnow("I know the way, and I can say it.", fallback));
    }

    @Test
    void inventedNumbersAreThoseNoSourceStates() {
        List<String> sources = List.of(
                "Anatoly the waiter",
                "A bowl of borscht is 7 euros.",
                "He has worked here since 1998.",
                "how much is a beer");
        assertEquals(List.of(63L), Scoring.inventedNumbers("A beer? 63 silver.", sources));
        assertEquals(List.of(), Scoring.inventedNumbers("Seven euros, since 1998.", sources));
        assertEquals(List.of(70L), Scoring.inventedNumbers("Seventy euros.", sources), "a number is not its digits");
        assertEquals(
                List.of(),
                Scoring.inventedNumbers("No one at first, then a second one.", sources),
                "a lone one, first or second is no number here");
        assertEquals(List.of(21L), Scoring.inventedNumbers("Twenty-one euros.", sources));
    }

    @Test
    void inventedNamesAreCapitalisedWordsNoSourceHasAndThatStartNoSentence() {
        List<String> sources = List.of(
                "Conductor Mirela Popescu",
                "A precise conductor.",
                "The train reaches Vilnius at 6:40.",
                "when do we arrive");
        assertEquals(List.of("Vilsazius"), Scoring.inventedNames("We reach Vilsazius soon.", sources));
        assertEquals(
                List.of(), Scoring.inventedNames("Vilsazius is where we go.", sources), "a sentence start is no name");
        assertEquals(List.of(), Scoring.inventedNames("Hm. Vilsazius? \"Riga\" maybe.", sources));
        assertEquals(List.of(), Scoring.inventedNames("I'm Popescu and I know Vilnius, Mirela says.", sources));
        assertEquals(
                List.of(),
                Scoring.inventedNames("Ask Dr. Popescu, at the Train desk.", sources),
                "titles are no names, and a word the sources have in lower case is none either");
        assertEquals(
                List.of("Riga", "McAllister"),
                Scoring.inventedNames("We stop at Riga and McAllister's farm.", sources));
    }

    // ---- scoring replies -----------------------------------------------------------------

    private static EvalSet.Question question(String world, String npc, String words) {
        return set.questions().stream()
                .filter(q -> q.world().equals(world)
                        && q.npc().equals(npc)
                        && q.question().equals(words))
                .findFirst()
                .orElseThrow();
    }

    private static NpcDefinition npc(String world, String id) {
        return set.worlds().get(world).npc(id).orElseThrow();
    }

    @Test
    void repliesAreCountedStrictly() {
        EvalSet.Question borscht = question("night_express", "anatoly", "how much is the beet soup");
        NpcDefinition anatoly = npc("night_express", "anatoly");
        List<String> inPrompt = List.of(borscht.fact());

        EvalCommand.Result right =
                EvalCommand.score(borscht, anatoly, new EvalCommand.Reply("Seven euros, the finest!", inPrompt, 1));
        assertEquals("right", right.outcome());
        assertFalse(right.invented());

        EvalCommand.Result wrongNumber =
                EvalCommand.score(borscht, anatoly, new EvalCommand.Reply("It is 17 euros.", inPrompt, 1));
        assertEquals("wrong", wrongNumber.outcome());
        assertEquals(List.of(17L), wrongNumber.inventedNumbers());
        assertEquals(List.of("7"), wrongNumber.missing());

        EvalCommand.Result dkWithFact = EvalCommand.score(
                borscht,
                anatoly,
                new EvalCommand.Reply("I don't remember that... my memory isn't what it was.", inPrompt, 1));
        assertEquals("dont_know_fact_in_prompt", dkWithFact.outcome());
        assertTrue(dkWithFact.factInPrompt() && dkWithFact.factFirst());

        EvalCommand.Result dkWithout = EvalCommand.score(
                borscht,
                anatoly,
                new EvalCommand.Reply(
                        "No idea, mister.", List.of("He has worked on this train since 1998.", borscht.fact()), 1));
        assertEquals("dont_know_fact_in_prompt", dkWithout.outcome());
        assertTrue(dkWithout.factInPrompt());
        assertFalse(dkWithout.factFirst());
        EvalCommand.Result notRetrieved =
                EvalCommand.score(borscht, anatoly, new EvalCommand.Reply("No idea, mister.", List.of(), 1));
        assertEquals("dont_know_fact_not_in_prompt", notRetrieved.outcome());

        EvalSet.Question beer = question("night_express", "anatoly", "how much is a beer?");
        EvalCommand.Result dk =
                EvalCommand.score(beer, anatoly, new EvalCommand.Reply("Dunno. Ask someone else!", List.of(), 1));
        assertEquals("dont_know", dk.outcome());
        EvalCommand.Result answered =
                EvalCommand.score(beer, anatoly, new EvalCommand.Reply("A beer? 74 silver.", List.of(), 1));
        assertEquals("answered", answered.outcome());
        assertEquals(List.of(74L), answered.inventedNumbers());

        String table = EvalCommand.table(List.of(right, wrongNumber, dkWithFact, notRetrieved, dk, answered));
        assertTrue(table.contains("night_express"), table);
        assertTrue(table.contains(" 25.0% (1/4)   (target >= 85%)"), table);
        assertTrue(table.contains("\"don't know\" on unanswerable          50.0% (1/2)"), table);
    }

    // ---- the harness end to end ----------------------------------------------------------

    @Test
    void theHarnessAsksThroughTheAskPathAndWritesAJsonLinePerQuestion(@TempDir Path dir) throws Exception {
        // A stand-in NPC that recites its best fact: the pipeline's counting, not the model, is checked.
        List<EvalCommand.Result> recited = EvalCommand.run(
                set,
                List.of("night_express"),
                100,
                (w, npc) -> new EvalCommand.Asker() {
                    @Override
                    public EvalCommand.Reply ask(String q) {
                        EvalSet.Question question = set.questions().stream()
                                .filter(x ->
                                        x.npc().equals(npc.id()) && x.question().equals(q))
                                .findFirst()
                                .orElseThrow();
                        return question.answerable()
                                ? new EvalCommand.Reply(question.fact(), List.of(question.fact()), 1)
                                : new EvalCommand.Reply(npc.fallbackLines().get(0), List.of(), 1);
                    }

                    @Override
                    public void close() {}
                },
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(
                set.questions().stream()
                        .filter(q -> q.world().equals("night_express"))
                        .count(),
                recited.size());
        assertTrue(
                recited.stream().allMatch(r -> r.kind().equals("answer") ? r.right() && r.factFirst() : r.dontKnow()),
                "reciting the fact is right; a fallback line is \"don't know\"");
        assertTrue(recited.stream().noneMatch(EvalCommand.Result::invented));
        Path saved = dir.resolve("recited.jsonl");
        EvalCommand.write(recited, saved);
        assertEquals(recited, EvalCommand.rescore(set, saved), "a saved run scores the same again");

        // The bundled model, through the game's runtime as the ask command runs it (HeadlessWorld), on three questions.
        if (!DecoderFiles.bundledPresent()) {
            return;
        }
        Path out = dir.resolve("results.jsonl");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = EvalCommand.run(
                List.of("--world", "night_express", "--limit", "3", "--out", out.toString()),
                new PrintStream(printed, true, StandardCharsets.UTF_8),
                System.err);
        assertEquals(0, code);
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(3, lines.size(), String.join("\n", lines));
        for (String line : lines) {
            JsonObject json = JsonParser.parseString(line).getAsJsonObject();
            assertEquals("night_express", json.get("world").getAsString());
            assertNotNull(json.get("reply").getAsString());
            assertTrue(json.getAsJsonArray("facts_in_prompt").size() <= 3, line);
            assertTrue(json.has("outcome") && json.has("invented_numbers") && json.has("invented_names"), line);
        }
        String table = printed.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("overall") && table.contains("right fact"), table);
    }
}
