package dev.animus.dialogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.inference.DecoderModel;
import dev.animus.inference.InferenceQueue;
import dev.animus.inference.QueueConfig;
import dev.animus.model.llama.DecoderFiles;
import dev.animus.model.prompt.ReplyPlan;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.world.NpcDefinition;
import dev.animus.world.WorldParser;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retrieval's verdict reaches the reply: asked for something a fact answers, the NPC states that
 * fact in its own words after an opener the real bundled decoder chose; greeted, it says a line
 * the decoder chose; asked with no fact, an "I don't know" it chose. In the free style, and for
 * a behaviour's hint, the decoder writes.
 */
class AnswerFromFactTest {
    private static final String WORLD = """
            animus: 1
            world: {id: caravan, name: The Salt Road}
            npcs:
              - id: yusuf
                name: Yusuf the caravan master
                persona: Weathered and patient, counts every drop of water twice.
                facts:
                  - He has crossed the Red Waste eleven times.
                  - A place in the caravan costs 30 dinars, water included.
            """;
    private static NpcDefinition yusuf;
    private static InferenceQueue queue;
    private static DialogueService dialogue;
    private static DecoderModel model;

    @BeforeAll
    static void start() throws Exception {
        yusuf = new WorldParser().parse("caravan.world", WORLD).npc("yusuf").orElseThrow();
        Path folder = DecoderFiles.bundled();
        model = DecoderModel.inFolder(4, () -> folder, DevicePreference.CPU);
        queue = new InferenceQueue(QueueConfig.DEFAULT, List.of(), List.of(model), r -> {}, true);
        dialogue = new DialogueService(queue, model);
        dialogue.ready().get(120, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        queue.close();
    }

    private static Answer ask(String words, List<String> facts) throws Exception {
        var reply = dialogue.ask(yusuf, words, facts, List.of(), null);
        queue.flush();
        return reply.get(120, TimeUnit.SECONDS);
    }

    @Test
    void aQuestionAFactAnswersGetsThatFactInTheNpcsWords() throws Exception {
        Answer a = ask("how many times have u done this trip", yusuf.facts());
        assertTrue(
                a.text().endsWith("I have crossed the Red Waste eleven times.")
                        || a.text().endsWith("i have crossed the Red Waste eleven times."),
                a.text());
        String opener = a.text()
                .substring(0, a.text().length() - "I have crossed the Red Waste eleven times.".length())
                .strip();
        assertTrue(ReplyPlan.OPENERS.contains(opener), "the opener is one the decoder chose from: " + opener);
        assertEquals(yusuf.facts().get(0), a.stated());

        Answer price = ask(
                "what's a seat cost?",
                List.of(yusuf.facts().get(1), yusuf.facts().get(0)));
        assertTrue(price.text().contains("30 dinars, water included."), price.text());
        assertEquals(List.of(yusuf.facts().get(1), yusuf.facts().get(0)), price.facts());
    }

    @Test
    void aGreetingGetsALineTheDecoderChoseAndStatesNoFact() throws Exception {
        Answer a = ask("Hello!", yusuf.facts());
        assertTrue(ReplyPlan.LINES.contains(a.text()), a.text());
        assertEquals(null, a.stated());
    }

    @Test
    void inTheFreeStyleAndForAHintTheDecoderWritesTheReplyItself() throws Exception {
        DialogueService free = new DialogueService(queue, model, DialogueService.Style.FREE);
        free.ready().get(120, TimeUnit.SECONDS);
        var reply = free.ask(yusuf, "how many times have u done this trip", yusuf.facts(), List.of(), null);
        queue.flush();
        Answer a = reply.get(120, TimeUnit.SECONDS);
        assertEquals(null, a.stated(), "no verdict is stated: " + a.text());
        var line = dialogue.write(yusuf, "talk about the desert", yusuf.facts(), List.of(), null);
        queue.flush();
        Answer written = line.get(120, TimeUnit.SECONDS);
        assertEquals(null, written.stated(), written.text());
        assertFalse(written.text().isBlank(), "the decoder wrote a line");
    }

    @Test
    void aQuestionNoFactAnswersIsDeclinedInALineTheDecoderChose() throws Exception {
        Answer a = ask("who is the king?", List.of());
        assertTrue(ReplyPlan.DONT_KNOW.contains(a.text()), a.text());
        assertEquals(null, a.stated());
    }
}
