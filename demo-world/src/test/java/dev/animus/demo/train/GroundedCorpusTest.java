package dev.animus.demo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.prompt.PromptFormat;
import dev.animus.model.prompt.ReplyPlan;
import dev.animus.model.training.WorldGenerator.Kind;
import dev.animus.model.training.WorldGenerator.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The general decoder's corpus from hand-written worlds: grounded answers, declines, held-out worlds apart. */
class GroundedCorpusTest {
    private static final String JSON = """
            {"dev": ["ferry"], "worlds": {
             "bakery": {"facts": ["A loaf of rye bread costs 3 coins.", "The ovens are fired at four in the morning.",
                                  "The baker's apprentice is named Tomas."],
                        "questions": [["how much for rye?", 0], ["when do u start baking", 1],
                                      ["whats your helper called", 2], ["how much is a honey cake?", null]]},
             "zoo": {"facts": ["The elephants are fed at half past two.", "Entry costs 12 euros for adults."],
                     "questions": [["when do the elephants eat?", 0], ["price to get in?", 1],
                                   ["when are the lions fed?", null]]},
             "ferry": {"facts": ["The ferry leaves every hour."], "questions": [["when does it go", 0]]}}}
            """;

    private static List<GroundedCorpus.JudgeWorld> worlds(Path dir, boolean heldOut) throws IOException {
        Path file = dir.resolve("worlds.json");
        Files.writeString(file, JSON);
        return GroundedCorpus.read(file, heldOut);
    }

    private static String question(Sample s) {
        int at = s.prompt().indexOf(PromptFormat.PLAYER) + PromptFormat.PLAYER.length();
        return s.prompt().substring(at, s.prompt().indexOf('\n', at));
    }

    private static String said(Sample s) {
        return s.target()
                .substring(
                        s.target().indexOf(PromptFormat.SAY) + PromptFormat.SAY.length(),
                        s.target().indexOf(PromptFormat.END));
    }

    @Test
    void heldOutWorldsStayOutOfTraining(@TempDir Path dir) throws IOException {
        assertEquals(
                List.of("bakery", "zoo"),
                worlds(dir, false).stream()
                        .map(GroundedCorpus.JudgeWorld::name)
                        .sorted()
                        .toList());
        assertEquals(
                List.of("ferry"),
                worlds(dir, true).stream().map(GroundedCorpus.JudgeWorld::name).toList());
        List<Sample> samples = new GroundedCorpus(worlds(dir, false), w -> List.of()).samples(300, 5, false);
        assertTrue(samples.stream().noneMatch(s -> s.prompt().contains("ferry")));
    }

    @Test
    void answersStateTheFactTheQuestionWasWrittenForAndNearMissesAreDeclined(@TempDir Path dir) throws IOException {
        List<Sample> samples = new GroundedCorpus(worlds(dir, false), w -> List.of()).samples(400, 5, false);
        assertEquals(samples, new GroundedCorpus(worlds(dir, false), w -> List.of()).samples(400, 5, false));
        Sample rye = samples.stream()
                .filter(s -> question(s).equals("how much for rye?"))
                .findFirst()
                .orElseThrow();
        assertEquals(Kind.FACT, rye.kind());
        assertTrue(said(rye).endsWith("A loaf of rye bread costs 3 coins."), said(rye));
        assertTrue(rye.prompt().contains("A loaf of rye bread costs 3 coins."), "the answer is in the prompt");
        Sample cake = samples.stream()
                .filter(s -> question(s).equals("how much is a honey cake?"))
                .findFirst()
                .orElseThrow();
        assertEquals(Kind.UNKNOWN, cake.kind());
        assertTrue(ReplyPlan.DONT_KNOW.contains(said(cake)), said(cake));
        // Another world's question, with this world's facts in the prompt: declined too.
        assertTrue(samples.stream()
                .anyMatch(s -> question(s).equals("when do the elephants eat?")
                        && s.kind() == Kind.UNKNOWN
                        && s.prompt().contains("rye")));
        for (Sample s : samples) {
            assertFalse(s.prompt().contains("%"), "a persona's placeholders are filled: " + s.prompt());
        }
    }

    @Test
    void theJudgesOwnWorldsFileReads() throws IOException {
        Path file = Path.of("../models/training/judge/worlds.json");
        assertTrue(GroundedCorpus.read(file, false).size() > 50);
        assertEquals(6, GroundedCorpus.read(file, true).size());
    }

    @Test
    void aFileThatIsNotTheJudgesWorldsIsRefusedByName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "[1, 2");
        IOException e = assertThrows(IOException.class, () -> GroundedCorpus.read(file, false));
        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
    }
}
