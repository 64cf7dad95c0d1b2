package dev.animus.dialogue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.animus.memory.Importance;
import dev.animus.model.prompt.ReplyPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kind of the words picks the lines an NPC answers from and the emotions that fit them. */
class KindOfWordsTest {
    private static final List<String> MIRA = List.of("neutral", "happy", "afraid", "annoyed");

    @Test
    void aThreatGetsThreatenedLinesAndAnEmotionThatFitsAThreat() {
        assertEquals(ReplyPlan.THREATENED, DialogueService.lines(Importance.Kind.THREAT));
        assertEquals(List.of("afraid"), DialogueService.emotions(Importance.Kind.THREAT, MIRA));
        assertEquals(List.of("neutral", "happy"), DialogueService.emotions(Importance.Kind.GREETING, MIRA));
    }

    @Test
    void wordsOfNoKnownKindMayGetAnyLineAndAnyAllowedEmotion() {
        assertEquals(ReplyPlan.LINES, DialogueService.lines(null));
        assertEquals(MIRA, DialogueService.emotions(null, MIRA));
        assertEquals(MIRA, DialogueService.emotions(Importance.Kind.REMARK, MIRA));
        // A world's own emotions, none of which Animus knows: all of them stay allowed.
        assertEquals(
                List.of("annoyed", "smug"),
                DialogueService.emotions(Importance.Kind.THREAT, List.of("annoyed", "smug")));
    }
}
