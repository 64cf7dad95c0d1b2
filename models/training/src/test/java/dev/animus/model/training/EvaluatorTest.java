package dev.animus.model.training;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EvaluatorTest {

    @Test
    void aReplyInventsWhenItNamesANumberOrNameTheNpcWasNotGiven() {
        String prompt = "<|facts|>A sword costs 40 silver.\nTilda is their apprentice.\n<|player|>How much?";
        assertFalse(Evaluator.invents("Hm. A sword is 40 silver.", prompt));
        assertFalse(Evaluator.invents("My apprentice is Tilda.", prompt));
        assertTrue(Evaluator.invents("A sword is 45 silver.", prompt), "a price the facts do not give");
        assertTrue(Evaluator.invents("Ask Gorrick, he knows.", prompt), "a name the facts do not give");
    }
}
