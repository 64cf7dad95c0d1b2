package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import dev.animus.scene.SpeechBubbles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lemur bubbles in a headless game: a streamed reply grows word by word above Brann, then goes. */
class SpeechBubblesTest {

    @Test
    void aReplyGrowsInABubbleAboveTheNpcThenFades() throws Throwable {
        // Free replies stream token by token; on a quick machine several words land in one frame
        // (a grounded answer's fact always does), and the bubble must still show them unfolding.
        AnimusAppState animus =
                new AnimusAppState(AnimusConfig.builder().freeReplies(true).build());
        Node brann = new Node("brann");
        Node guard = new Node("guard");
        List<String> shown = new ArrayList<>();
        DialogueReply[] reply = new DialogueReply[1];
        long[] repliedAt = {-1};
        boolean[] sawThinking = {false};
        float[] guardHeight = {0};
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getStateManager().attach(animus);
                    WorldSession world = animus.loadWorld("Worlds/talk.world");
                    app.getRootNode().attachChild(brann);
                    app.getRootNode().attachChild(guard);
                    guard.setLocalTranslation(1, 0, 0); // close enough for their bubbles to collide
                    animus.addNpc(brann, "brann");
                    animus.addNpc(guard, "guard");
                    app.getCamera().setLocation(new com.jme3.math.Vector3f(0, 2, 10));
                    world.addDialogueListener(new DialogueListener() {
                        @Override
                        public void onReply(DialogueReply r) {
                            reply[0] = r;
                        }
                    });
                },
                (app, frame) -> {
                    WorldSession world = animus.world();
                    if (frame == 3) {
                        world.speak("brann", "What does an iron sword cost?");
                    }
                    String text = animus.bubbleText("brann");
                    if (text != null && text.startsWith(".")) {
                        if (!sawThinking[0]) { // the guard, beside him, answers while Brann thinks: two bubbles at once
                            world.speak("guard", "Hello.");
                        }
                        sawThinking[0] = true;
                    } else if (text != null
                            && (shown.isEmpty() || !shown.get(shown.size() - 1).equals(text))) {
                        shown.add(text);
                    }
                    if (reply[0] != null && repliedAt[0] < 0) {
                        repliedAt[0] = frame;
                    }
                    Spatial g = guard.getChild(SpeechBubbles.NODE_NAME);
                    if (g != null && brann.getChild(SpeechBubbles.NODE_NAME) != null) { // both showing at once
                        guardHeight[0] = Math.max(guardHeight[0], g.getLocalTranslation().y);
                    }
                    // Wait for the reply, then long enough for its bubble to time out.
                    return reply[0] == null
                            || frame < repliedAt[0] + 60 * (SpeechBubbles.readingSeconds(reply[0].text()) + 1);
                });
        game.runToEnd(180);

        assertNotNull(reply[0]);
        assertTrue(sawThinking[0], "a thinking cue showed while the reply was pending");
        assertTrue(shown.size() >= 2, "the text grew as it streamed: " + shown);
        assertEquals(reply[0].text(), shown.get(shown.size() - 1), "the bubble ends with the whole reply");
        for (int i = 1; i < shown.size(); i++) {
            assertTrue(shown.get(i).startsWith(shown.get(i - 1).strip()), "each step extends the last: " + shown);
        }
        assertNull(animus.bubbleText("brann"), "the bubble went once read");
        assertNull(brann.getChild(SpeechBubbles.NODE_NAME), "and left the scene");
        assertTrue(
                guardHeight[0] > SpeechBubbles.HEIGHT,
                "the guard's bubble was lifted above Brann's, not overlapping it: " + guardHeight[0]);
    }
}
