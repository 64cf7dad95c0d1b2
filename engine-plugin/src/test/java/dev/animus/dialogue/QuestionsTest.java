package dev.animus.dialogue;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which words ask for something a fact could answer, typed as players type. */
class QuestionsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "What would a blade cost me?",
                "whats the wifi pw",
                "is okafor in today",
                "who runs this place",
                "so where do you sleep",
                "And the axe?",
                "ok how much for a room",
                "I need a room for the night",
                "i'm looking for the healer",
                "tell me about the mill",
                "any news",
                "got rope",
                "hey, when does the gate close",
                "Excuse me, where is the forge",
                "u got any bread",
                "how long to fix my laptop",
                "printer keeps eating paper, why",
                "wich room floods when it rains",
                "the forge is where"
            })
    void questionsAndRequestsAsk(String words) {
        assertTrue(Questions.asks(words), words);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Hello!",
                "Good day.",
                "hi",
                "Give me your money or else!",
                "I will hurt you.",
                "Nice weather today.",
                "Lovely village.",
                "thanks",
                "I'll burn this place down.",
                "",
                "   ",
                "!!!",
                "How are you?",
                "hey, how's it going?",
                "what's up?",
                "Nice day, isn't it?",
                "how are you today"
            })
    void greetingsThreatsRemarksAndSmallTalkDoNot(String words) {
        assertFalse(Questions.asks(words), words);
    }
}
