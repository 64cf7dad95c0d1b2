package dev.animus.model.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.runtime.DevicePreference;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled answer judge, on pairs written for this test (none is in its training data): a
 * fact that answers scores high, a fact about the same thing that does not answer scores low.
 */
class AnswerJudgeTest {
    private static AnswerJudge judge;
    private static AnswerJudge.Session session;

    @BeforeAll
    static void load() {
        judge = AnswerJudge.loadBundled(DevicePreference.CPU, 1);
        session = judge.newSession();
    }

    @AfterAll
    static void close() {
        session.close();
        judge.close();
    }

    private static float p(String question, String fact) {
        return session.judge(List.of(new AnswerJudge.Pair(question, fact)))[0];
    }

    @Test
    void aFactThatAnswersPassesAndOneAboutTheSameThingDoesNot() {
        assertTrue(p("When do you open?", "The forge opens at dawn.") > 0.5f, "the opening time answers it");
        String axe = "An axe costs 25 silver.";
        assertTrue(p("how much for an axe", axe) > 0.7f, "the price answers what it costs");
        assertTrue(p("who made the axe?", axe) < 0.05f, "the price does not answer who made it");
        String sword = "An iron sword costs 40 silver.";
        assertTrue(p("What does an iron sword cost?", sword) > 0.7f);
        assertTrue(p("Do you sell shields?", sword) < 0.05f);
    }

    @Test
    void aPairScoresTheSameWhateverElseIsJudged() {
        AnswerJudge.Pair pair = new AnswerJudge.Pair("When do you open?", "The forge opens at dawn.");
        float alone = session.judge(List.of(pair))[0];
        assertEquals(alone, p(pair.question(), pair.fact()), 0f, "deterministic");
    }
}
