package dev.animus.demo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.prompt.PromptFormat;
import dev.animus.model.training.WorldGenerator.Kind;
import dev.animus.model.training.WorldGenerator.Sample;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A world file's samples: in the game's prompt format, its facts stated in voice, held-out wordings apart. */
class WorldCorpusTest {
    private static World world() throws Exception {
        Path file = Path.of("src/main/resources/eval/worlds/brightline_office.world");
        return new WorldParser().parse(file.toString(), Files.readString(file));
    }

    private static String question(Sample s) {
        int at = s.prompt().indexOf(PromptFormat.PLAYER) + PromptFormat.PLAYER.length();
        return s.prompt().substring(at, s.prompt().indexOf('\n', at));
    }

    private static List<String> facts(Sample s) {
        int at = s.prompt().indexOf(PromptFormat.FACTS) + PromptFormat.FACTS.length();
        String block = s.prompt().substring(at, s.prompt().indexOf(PromptFormat.SEES));
        return block.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void samplesAreSeededAndMixTheWorldWithTheGeneralCorpus() throws Exception {
        List<Sample> a = new WorldCorpus(world(), 7, w -> List.of()).training(400);
        assertEquals(a, new WorldCorpus(world(), 7, w -> List.of()).training(400));
        assertEquals(400, a.size());
        long own = a.stream()
                .filter(s -> s.prompt().contains("Dolores Vance") || s.prompt().contains("Sanjay Pillai"))
                .count();
        assertTrue(own > 150 && own < 350, "about 70% are the world's own: " + own);
        assertTrue(a.stream().anyMatch(s -> s.kind() == Kind.GREETING), "the general corpus keeps greetings");
    }

    @Test
    void anAnswerStatesItsFactInTheNpcsWordsAndAnUnknownOneIsDeclined() throws Exception {
        World world = world();
        List<Sample> samples = new WorldCorpus(world, 3, w -> List.of()).training(600);
        Sample peppermints = samples.stream()
                .filter(s -> s.kind() == Kind.FACT && s.target().contains("peppermints"))
                .findFirst()
                .orElseThrow();
        assertTrue(peppermints.target().contains("I keep a jar of peppermints"), peppermints.target());
        assertTrue(facts(peppermints).contains("She keeps a jar of peppermints for anyone who says please."));
        for (Sample s : samples) {
            if (s.kind() == Kind.UNKNOWN && s.npcName().equals("Dolores Vance")) {
                Set<String> asked = Set.of(question(s));
                assertFalse(PromptFormat.REPLY.isEmpty());
                assertTrue(
                        world.npcs().get(0).facts().containsAll(facts(s)), "only her own facts: " + facts(s) + asked);
                assertFalse(s.target().contains("I keep"), s.target());
            }
        }
    }

    @Test
    void someTrainingQuestionsUseOtherWordsButHeldOutOnesNever() throws Exception {
        WorldCorpus corpus = new WorldCorpus(world(), 5, w -> w.equals("lift") ? List.of("elevator") : List.of());
        List<Sample> lift = corpus.training(3000).stream()
                .filter(s -> s.kind() == Kind.FACT && s.target().contains("lift to the fourteenth floor"))
                .toList();
        long reworded =
                lift.stream().filter(s -> question(s).contains("elevator")).count();
        assertTrue(reworded > 0 && reworded < lift.size(), reworded + " of " + lift.size());
        assertTrue(corpus.heldOut(3).stream().noneMatch(s -> question(s).contains("elevator")));
    }

    @Test
    void heldOutQuestionsAreNeverTrainedOn() throws Exception {
        WorldCorpus corpus = new WorldCorpus(world(), 11, w -> List.of());
        Set<String> trained =
                corpus.training(3000).stream().map(WorldCorpusTest::question).collect(Collectors.toSet());
        List<Sample> held = corpus.heldOut(2);
        assertEquals(
                2 * corpus.factCount(),
                held.stream().filter(s -> s.kind() == Kind.FACT).count());
        assertTrue(held.stream().anyMatch(s -> s.kind() == Kind.UNKNOWN));
        for (Sample s : held) {
            assertFalse(trained.contains(question(s)), question(s));
        }
    }

    @Test
    void aWorldWithoutFactsIsRefusedWithWhatToDo() {
        String text = """
                animus: 1
                world: {id: empty, name: Empty, description: Nothing here.}
                npcs:
                  - id: bob
                    name: Bob
                    persona: Quiet.
                """;
        World world = new WorldParser().parse("empty.world", text);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new WorldCorpus(world, 1, w -> List.of()));
        assertTrue(e.getMessage().contains("empty.world") && e.getMessage().contains("facts"), e.getMessage());
    }
}
