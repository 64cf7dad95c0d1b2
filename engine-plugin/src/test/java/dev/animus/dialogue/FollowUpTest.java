package dev.animus.dialogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which words lean on the question before them, and what is looked up for them. */
class FollowUpTest {

    @Test
    void wordsThatLeanOnTheLastQuestionAreLookedUpWithIt() {
        assertEquals("How much is a sword? And the axe?", FollowUp.query("How much is a sword?", "And the axe?"));
        assertEquals(
                "Do you fix armour? how long does it take",
                FollowUp.query("Do you fix armour?", "how long does it take"));
        assertEquals(
                "Who was your apprentice? where did she go?",
                FollowUp.query("Who was your apprentice?", "where did she go?"));
        assertEquals("Any news? what about the mill", FollowUp.query("Any news?", "what about the mill"));
    }

    @Test
    void wordsThatStandAloneAreLookedUpAlone() {
        assertEquals("whats the wifi password", FollowUp.query("when do the backups run?", "whats the wifi password"));
        assertEquals(
                "Is the lift working today or has it been broken all week?",
                FollowUp.query("hi", "Is the lift working today or has it been broken all week?"));
        assertEquals("And the axe?", FollowUp.query(null, "And the axe?"));
        assertEquals("And the axe?", FollowUp.query("  ", "And the axe?"));
    }

    @Test
    void onlyAFollowUpThatAsksAboutSomethingElseMovesOn() {
        assertTrue(FollowUp.movesOn("And the axe?"));
        assertTrue(FollowUp.movesOn("what about a shield"));
        assertTrue(FollowUp.movesOn("How about the helmet, then?"));
        assertFalse(FollowUp.movesOn("how much is it?"));
        assertFalse(FollowUp.movesOn("Andrew says hi"));
    }
}
