package dev.animus.model.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.llama.DecoderFiles;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.llama.Segment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A reply that states a retrieved fact: the decoder chooses the opener, the fact is said as written. */
class AnswerPlanTest {

    @Test
    void theFactFollowsTheOpenerInTheNpcsWords() {
        assertEquals(
                "Aye. I repair armour by noon the next day.",
                ReplyPlan.answer("Aye.", "He repairs armour by noon the next day.", "Brann the blacksmith"));
        assertEquals(
                "Oh, love. Hollis saw the lights first.",
                ReplyPlan.answer("Oh, love.", "Hollis saw the lights first.", "Mara"));
        assertEquals(
                "Friend. I treat the poor for free.",
                ReplyPlan.answer("Friend.", "She treats the poor for free.", "Sera"));
        assertEquals("An axe costs 25 silver.", ReplyPlan.answer("", "An axe costs 25 silver.", "Brann"));
        for (String opener : ReplyPlan.OPENERS) {
            assertTrue(
                    opener.matches(".*[.!?]"), "an opener ends its sentence, so the fact keeps its capital: " + opener);
        }
    }

    @Test
    void theOpenersAreChoicesTheBundledTokenizerCanTellApart() throws Exception {
        try (LlamaTokenizer tokenizer = LlamaTokenizer.load(DecoderFiles.bundled())) {
            List<Segment> plan = ReplyPlan.answering(tokenizer, List.of("idle", "talk"), List.of("neutral"), 2048);
            assertEquals(5, plan.size());
            assertTrue(
                    plan.get(4) instanceof Segment.Choose c
                            && c.constraint().choices().size() >= 15,
                    plan.toString());
        }
    }

    @Test
    void aChoiceThatBeginsAnotherGivesWayToIt() {
        Map<String, long[]> tokens = Map.of(
                "Ah,",
                new long[] {1, 2},
                "Ah, love,",
                new long[] {1, 2, 3, 2},
                "Hm.",
                new long[] {4, 5},
                "Hm",
                new long[] {4},
                "Hum.",
                new long[] {4, 5});
        List<String> kept = ReplyPlan.prefixFree(List.of("Ah,", "Ah, love,", "Hm.", "Hm", "Hum."), tokens::get);
        assertEquals(List.of("Ah, love,", "Hm."), kept);
        assertFalse(kept.contains("Hum."), "a second choice with the same tokens is dropped");
    }
}
