package dev.animus.dialogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AnswerShapeTest {
    @Test
    void countQuestionsWantANumberInDigitsOrWords() {
        assertEquals(AnswerShape.Kind.NUMBER, AnswerShape.askedFor("how many stairs to the top"));
        assertTrue(AnswerShape.fits("how many stairs to the top", "The lighthouse has 212 steps to the top."));
        assertTrue(AnswerShape.fits("How many hours is the broth boiled", "The broth simmers for thirty-six hours."));
        assertTrue(AnswerShape.fits("how many guards?", "A dozen guards watch the gate."));
        assertTrue(AnswerShape.fits("how many days are you open", "Open every day except Sunday."));
        // An order is not a count: the council's meetings do not say how many councillors there are.
        assertFalse(AnswerShape.fits("How many councillors are there?", "The council meets on the second Wednesday."));
        assertFalse(AnswerShape.fits("how many eggs do you have", "The hens lay in the barn."));
    }

    @Test
    void nameQuestionsWantAName() {
        assertEquals(AnswerShape.Kind.NAME, AnswerShape.askedFor("what's the name of your best camel?"));
        assertEquals(AnswerShape.Kind.NAME, AnswerShape.askedFor("whats ur dogs name"));
        assertEquals(AnswerShape.Kind.NAME, AnswerShape.askedFor("What is the ship called?"));
        assertFalse(AnswerShape.fits("what's the name of your best camel?", "The caravan has 58 camels."));
        assertTrue(AnswerShape.fits("whats ur dogs name", "The keeper's dog is called Biscuit."));
        assertTrue(AnswerShape.fits("what's your helper called?", "Tomas is the baker's apprentice."));
        assertTrue(AnswerShape.fits("what's the name of the accountant", "The accountant is Mr. Okafor."));
        assertTrue(AnswerShape.fits("what is the inn called?", "The inn is \"the drowned lantern\"."));
        assertFalse(AnswerShape.fits("what is the inn called?", "The inn has six rooms. It is on the square."));
    }

    @Test
    void otherQuestionsTakeAnyFact() {
        assertEquals(AnswerShape.Kind.ANY, AnswerShape.askedFor("what's the call out fee?"));
        assertEquals(AnswerShape.Kind.ANY, AnswerShape.askedFor("when do you light the lamp"));
        assertEquals(AnswerShape.Kind.ANY, AnswerShape.askedFor("who taught you?"));
        assertTrue(AnswerShape.fits("who taught you?", "He learned the trade from his uncle."));
    }
}
