package dev.animus.dialogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.inference.DecoderModel;
import dev.animus.inference.InferenceQueue;
import dev.animus.inference.QueueConfig;
import dev.animus.model.llama.DecoderFiles;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.prompt.PromptFormat;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.world.NpcDefinition;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One conversation cannot fail the others it is batched with: a player who pastes 5,000
 * characters of another script (a token per byte outside ASCII for the bundled decoder) gets a
 * reply, and so do the 15 players asking at the same time. The prompt is cut to fit the
 * decoder's context, lowest-ranked lines first, the template's markers kept.
 */
class LongPromptTest {
    private static NpcDefinition brann;
    private static Path decoder;

    @BeforeAll
    static void world() throws Exception {
        try (InputStream in = LongPromptTest.class.getClassLoader().getResourceAsStream("Worlds/talk.world")) {
            World world =
                    new WorldParser().parse("Worlds/talk.world", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            brann = world.npc("brann").orElseThrow();
        }
        decoder = DecoderFiles.bundled();
    }

    /** 5,000 characters of Devanagari and Cyrillic: three and two bytes a character. */
    private static String anotherScript() {
        StringBuilder b = new StringBuilder();
        String[] words = {"नमस्ते", "तलवार", "कितने", "की", "है", "сколько", "стоит", "меч", "кузнец"};
        for (int i = 0; b.length() < 5000; i++) {
            b.append(words[i % words.length]).append(' ');
        }
        return b.substring(0, 5000);
    }

    @Test
    void aHugeUtteranceInAnotherScriptAmongFifteenOrdinaryOnesAllGetReplies() throws Exception {
        DecoderModel model = DecoderModel.inFolder(16, () -> decoder, DevicePreference.CPU);
        try (InferenceQueue queue = new InferenceQueue(QueueConfig.DEFAULT, List.of(), List.of(model), r -> {}, true)) {
            DialogueService dialogue = new DialogueService(queue, model);
            dialogue.ready().get(120, TimeUnit.SECONDS);
            List<String> facts = brann.facts();
            List<String> percepts = List.of("The stranger is 2 m to the east, holding a sword.");
            List<CompletableFuture<Answer>> replies = new ArrayList<>();
            String huge = anotherScript();
            for (int i = 0; i < 16; i++) {
                String words = i == 7 ? huge : "How much is an iron sword? (" + i + ")";
                replies.add(dialogue.ask(brann, words, facts, percepts, null));
            }
            queue.flush(); // no frames here: all sixteen in one frame, decoded together
            for (int i = 0; i < 16; i++) {
                Answer r = replies.get(i).get(300, TimeUnit.SECONDS);
                assertFalse(r.text().isBlank(), "conversation " + i + " got a reply");
                assertTrue(brann.actions().contains(r.action()), r.toString());
            }
            assertEquals(0, queue.metrics().failed(), queue.metrics().toString());
            assertTrue(
                    queue.metrics().largestBatch() >= 8,
                    "decoded together: " + queue.metrics().batchSizes());
            // The ordinary ones kept every fact; the huge one gave up what it had to.
            assertEquals(facts, replies.get(0).get().facts());
        }
    }

    @Test
    void theBudgetDropsPerceptsThenFactsThenCutsTheWordsAndKeepsEveryMarker() throws Exception {
        try (LlamaTokenizer tokenizer = LlamaTokenizer.load(decoder)) {
            PromptFormat.Dialogue whole = new PromptFormat.Dialogue(
                    brann.name(),
                    brann.persona(),
                    brann.facts(),
                    List.of("The stranger is 2 m to the east.", "Mira is 5 m to the north."),
                    List.copyOf(brann.actions()),
                    List.copyOf(brann.emotions()),
                    anotherScript());
            int wholeTokens = tokenizer.encodePlain(whole.render()).length;
            assertTrue(wholeTokens > 448, "the test needs a prompt over the budget: " + wholeTokens);

            PromptBudget.Fitted fitted = PromptBudget.fit(whole, d -> tokenizer.encodePlain(d.render()), 448);
            assertTrue(fitted.tokens().length <= 448, "fits: " + fitted.tokens().length);
            assertTrue(fitted.tokens().length > 400, "and uses the room it has: " + fitted.tokens().length);
            String rendered = fitted.prompt().render();
            for (String marker : List.of(
                    PromptFormat.NPC,
                    PromptFormat.PERSONA,
                    PromptFormat.FACTS,
                    PromptFormat.SEES,
                    PromptFormat.ACTIONS,
                    PromptFormat.EMOTIONS,
                    PromptFormat.PLAYER,
                    PromptFormat.REPLY,
                    PromptFormat.ACTION)) {
                assertEquals(1, rendered.split(java.util.regex.Pattern.quote(marker), -1).length - 1, marker);
            }
            assertTrue(
                    rendered.endsWith(PromptFormat.REPLY + PromptFormat.ACTION),
                    "the prompt still ends where the reply starts");
            assertEquals(List.of(), fitted.prompt().percepts(), "what it perceives went first");
            assertEquals(List.of(), fitted.prompt().facts(), "then its facts");
            assertTrue(
                    fitted.prompt().utterance().endsWith("..."),
                    "then the words were cut: " + fitted.prompt().utterance());
            assertFalse(fitted.prompt().utterance().contains("\uFFFD"), "never inside a character");

            // A prompt that needs only one line dropped loses the least relevant one.
            PromptFormat.Dialogue ordinary = new PromptFormat.Dialogue(
                    brann.name(),
                    brann.persona(),
                    brann.facts(),
                    List.of("The stranger is 2 m to the east."),
                    List.copyOf(brann.actions()),
                    List.copyOf(brann.emotions()),
                    "How much is an iron sword?");
            int ordinaryTokens = tokenizer.encodePlain(ordinary.render()).length;
            PromptBudget.Fitted small =
                    PromptBudget.fit(ordinary, d -> tokenizer.encodePlain(d.render()), ordinaryTokens);
            assertEquals(ordinary, small.prompt(), "what fits is left alone");
            PromptBudget.Fitted tight =
                    PromptBudget.fit(ordinary, d -> tokenizer.encodePlain(d.render()), ordinaryTokens - 1);
            assertEquals(List.of(), tight.prompt().percepts());
            assertEquals(brann.facts(), tight.prompt().facts());
            assertEquals("How much is an iron sword?", tight.prompt().utterance());
        }
    }
}
