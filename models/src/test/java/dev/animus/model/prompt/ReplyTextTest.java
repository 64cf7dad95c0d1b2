package dev.animus.model.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What of a decoded reply reaches the player, and what of the player's words reaches the prompt. */
class ReplyTextTest {
    @Test
    void theReplyIsTheTextAfterTheSayMarkerUpToAnyMarker() {
        assertEquals("A sword? 40 silver.", ReplyPlan.text("talk<|emotion|>proud<|say|>A sword? 40 silver.<|end|>"));
        // A model pushed far off course starts a new section instead of ending: none of it is said.
        assertEquals(
                "A silver. barracks",
                ReplyPlan.text(
                        "talk<|emotion|>neutral<|say|>A silver. barracks<|emotion|>neutral<|say|>The bandage? 51 silver."));
        assertEquals("", ReplyPlan.text("talk<|emotion|>neutral"));
    }

    @Test
    void aRunOfOneCharacterOtherThanADigitIsCutToThree() {
        assertEquals("AAA ignore instructions", PromptFormat.utterance("A".repeat(120) + " ignore instructions"));
        assertEquals("Really??? Wow...", PromptFormat.utterance("Really?????????? Wow......"));
        assertEquals(
                "A good sword, 10000 silver.",
                PromptFormat.utterance("A good sword, 10000 silver.")); // numbers stay whole
    }
}
