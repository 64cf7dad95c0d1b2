package dev.animus.dialogue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A conversation carries its last question and the fact that answered it, for a while. */
class ConversationStateTest {

    @Test
    void aRunOfFollowUpsFollowsTheQuestionThatStartedIt() {
        ConversationState c = new ConversationState();
        assertEquals(new ConversationState.Lookup("How much is a sword?", null), c.ask("How much is a sword?", 0));
        c.stated("An iron sword costs 40 silver.");
        assertEquals(
                new ConversationState.Lookup("How much is a sword? And the axe?", "An iron sword costs 40 silver."),
                c.ask("And the axe?", 5));
        c.stated("An axe costs 25 silver.");
        assertEquals(
                new ConversationState.Lookup("How much is a sword? what about a helmet", "An axe costs 25 silver."),
                c.ask("what about a helmet", 9));
        // A follow-up that points back keeps the subject: the last fact may answer again.
        assertEquals(
                new ConversationState.Lookup("How much is a sword? is it sharp?", null), c.ask("is it sharp?", 12));
    }

    @Test
    void aNewQuestionStandsAloneAndAnOldOneIsForgotten() {
        ConversationState c = new ConversationState();
        c.ask("Do you fix armour?", 0);
        assertEquals(new ConversationState.Lookup("Where is the healer?", null), c.ask("Where is the healer?", 10));
        assertEquals(new ConversationState.Lookup("Where is the healer? is it far?", null), c.ask("is it far?", 20));
        assertEquals(
                new ConversationState.Lookup("is it open?", null),
                c.ask("is it open?", 20 + FollowUp.WINDOW_SECONDS + 1));
        c.ask("Where is the healer?", 500);
        c.forget();
        assertEquals(new ConversationState.Lookup("And the axe?", null), c.ask("And the axe?", 501));
    }
}
