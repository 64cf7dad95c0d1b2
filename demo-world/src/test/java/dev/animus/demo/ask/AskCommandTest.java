package dev.animus.demo.ask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.animus.demo.eval.Scoring;
import dev.animus.dialogue.DialogueService;
import dev.animus.runtime.HeadlessWorld;
import dev.animus.world.NpcDefinition;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ask and talk with the bundled decoder on Lanternfall. */
class AskCommandTest {
    private static final Path LANTERNFALL = Path.of("../assets/Worlds/lanternfall.world");
    private static HeadlessWorld lanternfall;
    private static World world;

    @BeforeAll
    static void start() throws Exception {
        world = new WorldParser().parse(LANTERNFALL.toString(), Files.readString(LANTERNFALL));
        lanternfall = HeadlessWorld.of(world, Optional.empty(), DialogueService.Style.GROUNDED);
    }

    @AfterAll
    static void stop() {
        lanternfall.close();
    }

    private static HeadlessWorld.Answer ask(String npcId, String words) throws Exception {
        return lanternfall.ask(npcId, words, AskCommand.ANSWER_TIMEOUT);
    }

    @Test
    void askPrintsOneJsonLineWithAllowedTagsAndTheFactsUsed() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = AskCommand.run(
                List.of("--world", LANTERNFALL.toString(), "brann", "What would a blade cost me?"),
                false,
                null,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertEquals(0, code);
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(1, lines.length, "one JSON line");
        JsonObject json = JsonParser.parseString(lines[0]).getAsJsonObject();
        assertEquals("brann", json.get("npc").getAsString());
        assertTrue(
                world.npc("brann")
                        .orElseThrow()
                        .actions()
                        .contains(json.get("action").getAsString()),
                lines[0]);
        assertTrue(
                world.npc("brann")
                        .orElseThrow()
                        .emotions()
                        .contains(json.get("emotion").getAsString()),
                lines[0]);
        assertTrue(json.get("facts").toString().contains("An iron sword costs 40 silver."), lines[0]);
        assertFalse(json.get("reply").getAsString().isBlank(), lines[0]);
        assertTrue(json.get("latency_ms").getAsLong() > 0);
    }

    @Test
    void hugeOrBinaryWordsGetAnAnswerNotACrash() throws Exception {
        HeadlessWorld.Answer huge = ask("brann", "How much is a sword? ".repeat(600));
        assertFalse(huge.action().isEmpty());
        HeadlessWorld.Answer binary =
                ask("brann", new String(new byte[] {0, 1, 2, (byte) 0xff, 27, 65}, StandardCharsets.UTF_8));
        assertFalse(binary.action().isEmpty());
    }

    @Test
    void talkAnswersLineByLineUntilQuit() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = AskCommand.run(
                List.of("--world", LANTERNFALL.toString(), "mira"),
                true,
                new BufferedReader(new StringReader("How much for a room?\n\n/quit\nnever read\n")),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertEquals(0, code);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Talking to Mira the innkeeper."), text);
        assertEquals(1, text.split("Mira the innkeeper \\[").length - 1, "one answer: " + text);
    }

    @Test
    void aBrokenWorldOrAnUnknownNpcSaysWhatIsWrong(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.world"), "animus: 1\nworld: {id: t}\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(
                1,
                AskCommand.run(
                        List.of("--world", bad.toString(), "pip", "hi"),
                        false,
                        null,
                        System.out,
                        new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("bad.world:2:8: 'world' is missing 'name'"),
                err.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ask("gandalf", "hi"));
        assertTrue(
                e.getMessage().contains("Unknown NPC 'gandalf'")
                        && e.getMessage().contains("brann"),
                e.getMessage());
    }

    /** Questions about Lanternfall's facts worded unlike the world file: {npc, question, what a right answer contains}. */
    static List<String[]> paraphrases() throws Exception {
        return rows("lanternfall-paraphrases.tsv");
    }

    /** A question file's rows, its comments and blank lines left out, split at tabs. */
    private static List<String[]> rows(String file) throws Exception {
        return Files.readAllLines(Path.of("src/test/resources/ask", file)).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t"))
                .toList();
    }

    /**
     * The acceptance measurement of issue 4: an answer is right when it states the fact's value,
     * checked strictly ({@link Scoring}: "40" is not stated by "140 silver").
     * Every question must get an answer with tags the NPC allows, and the rate must stay at or
     * above {@link #RIGHT_AT_LEAST} (see the README for the measured rate).
     */
    @Test
    void paraphrasedQuestionsAboutLanternfallAreAnsweredAndTheRightFactRateIsMeasured() throws Exception {
        List<String[]> questions = paraphrases();
        int right = 0;
        List<String> answers = new ArrayList<>();
        for (String[] q : questions) {
            lanternfall.runtime().forget(); // each paraphrase stands alone, as in the held-out evaluation
            HeadlessWorld.Answer a = ask(q[0], q[1]);
            NpcDefinition npc = world.npc(q[0]).orElseThrow();
            assertTrue(npc.actions().contains(a.action()) && npc.emotions().contains(a.emotion()), a.toString());
            assertFalse(a.text().isBlank(), a.toString());
            boolean ok = Scoring.matches(a.text(), q[2]); // whole words, whole numbers
            right += ok ? 1 : 0;
            answers.add((ok ? "RIGHT " : "wrong ") + q[0] + ": " + q[1] + " -> " + a.text() + " (" + a.by() + ")");
        }
        System.getLogger("test")
                .log(
                        System.Logger.Level.INFO,
                        "right fact " + right + "/" + questions.size() + "\n" + String.join("\n", answers));
        assertTrue(
                right >= RIGHT_AT_LEAST,
                "right fact " + right + "/" + questions.size() + "\n" + String.join("\n", answers));
    }

    /**
     * The other half of answering from one's facts: a question none of them answers gets an
     * "I don't know" in the NPC's voice, not a neighbouring fact stated as if it answered. Most of
     * these are near misses (the price of the stew, where the file says only what the stew is),
     * which the answer judge exists for.
     */
    @Test
    void questionsNoFactAnswersAreDeclined() throws Exception {
        List<String[]> questions = rows("lanternfall-unanswerable.tsv");
        int declined = 0;
        List<String> answers = new ArrayList<>();
        for (String[] q : questions) {
            lanternfall.runtime().forget();
            HeadlessWorld.Answer a = ask(q[0], q[1]);
            boolean dk =
                    Scoring.saysDontKnow(a.text(), world.npc(q[0]).orElseThrow().fallbackLines());
            declined += dk ? 1 : 0;
            answers.add(
                    (dk ? "declined " : "ANSWERED ") + q[0] + ": " + q[1] + " -> " + a.text() + " (" + a.by() + ")");
        }
        System.getLogger("test")
                .log(
                        System.Logger.Level.INFO,
                        "declined " + declined + "/" + questions.size() + "\n" + String.join("\n", answers));
        assertTrue(
                declined >= DECLINED_AT_LEAST,
                "declined " + declined + "/" + questions.size() + "\n" + String.join("\n", answers));
    }

    /**
     * The floor for {@link #questionsNoFactAnswersAreDeclined}: measured with the answer judge
     * (2026-12-01): 6 of 14, then 7 with its per-channel weights and its look below the floor, 8
     * with {@link dev.animus.dialogue.AnswerShape} (2026-12-04); two below that.
     */
    static final int DECLINED_AT_LEAST = 6;

    /**
     * The floor for the right-fact count: it guards against a model or a retrieval that lost the
     * skill, not against noise. Since replies state retrieval's verdict (2026-12-01) the count is
     * 24 of 26 through the tool's own copy of the pipeline, and 23 of 26 through the game's
     * runtime (later that day): one paraphrase is now answered as a player is answered, by Pip's
     * {@code secret_for_a_coin} behaviour, and the int8 encoder's scores move with what shares
     * their batch, which flips close ranks ("a blade" finds the axe before the sword). The
     * free-writing models before measured 17, 15 and 14 by a substring check. Two questions either
     * way is what 26 questions can tell apart. With the answer judge (later on 2026-12-01) 23
     * again, and 21 to 22 with the judge's earlier, smaller training sets; 23 with its
     * per-channel weights and its look below the floor.
     */
    static final int RIGHT_AT_LEAST = 21;
}
