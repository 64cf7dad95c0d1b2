package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A model that hangs, inside a real game: the real encoder, wrapped so that while a gate is
 * held every batch blocks, deaf to interrupts as a native call is ({@link GatedEncoder}). The
 * game must keep drawing frames, the NPC must answer with its fallback line and back off, the
 * queue must replace the stuck worker and say so in its figures, and once the model is well
 * again the NPC answers with the decoder.
 */
class FaultInjectionTest {
    @Test
    void aHangingModelCostsFallbackLinesNotFramesAndTheGameRecovers() throws Throwable {
        // 5 s: long enough that no real batch on a busy machine counts as hung, short for a test.
        AnimusAppState animus =
                new AnimusAppState(AnimusConfig.builder().stallSeconds(5).build());
        GatedEncoder<?, ?>[] encoder = new GatedEncoder<?, ?>[1]; // its batches hang while the gate is held
        animus.faults = m -> encoder[0] = new GatedEncoder<>(m);
        WorldSession[] world = new WorldSession[1];
        List<DialogueReply> replies = new CopyOnWriteArrayList<>();
        long[] stalledAt = {0};
        long[] stalledFrames = {0};
        long[] lastFrame = {0};
        long[] longestGap = {0};
        double[] backoff = {0};
        QueueFigures[] afterStall = new QueueFigures[1];
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    world[0] = app.talkWorld(animus);
                    world[0].addDialogueListener(new DialogueListener() {
                        @Override
                        public void onReply(DialogueReply r) {
                            if (r.npcId().equals("brann")) {
                                replies.add(r);
                            }
                        }
                    });
                },
                (app, frame) -> {
                    long now = System.nanoTime();
                    if (stalledAt[0] != 0 && replies.isEmpty()) { // the frames while the model hangs
                        stalledFrames[0]++;
                        longestGap[0] = Math.max(longestGap[0], now - lastFrame[0]);
                    }
                    lastFrame[0] = now;
                    if (stalledAt[0] == 0 && world[0].semanticTriggersReady()) {
                        stalledAt[0] = now;
                        encoder[0].batch.hold();
                        world[0].speak("brann", "What does an iron sword cost?");
                    } else if (replies.size() == 1 && afterStall[0] == null) {
                        afterStall[0] = animus.queueMetrics();
                        backoff[0] = world[0].replyBackoffSeconds("brann");
                        encoder[0].batch.release();
                    } else if (replies.size() == 1 && world[0].replyBackoffSeconds("brann") == 0) {
                        world[0].speak("brann", "What does an iron sword cost?");
                        replies.add(null); // asked: wait for the answer
                    }
                    return replies.size() < 3 && frame < 60 * 120;
                });
        game.runToEnd(180);

        assertTrue(replies.size() == 3, "two answers: " + replies);
        DialogueReply during = replies.get(0);
        assertTrue(during.fallback(), "while the model hangs, a fallback line: " + during);
        assertTrue(
                stalledFrames[0] >= 30, "the game kept drawing while the model hung: " + stalledFrames[0] + " frames");
        // The longest gap between frames is timing, so it is logged; the frame count above is the test.
        System.getLogger("test")
                .log(
                        System.Logger.Level.INFO,
                        "longest frame gap while the model hung: " + longestGap[0] / 1_000_000 + " ms");
        assertTrue(backoff[0] > 0, "the NPC backs off before it asks the models again");
        assertNotNull(afterStall[0]);
        assertTrue(afterStall[0].workersReplaced() >= 1, afterStall[0].toString());
        assertTrue(afterStall[0].lastFault().contains("did not answer within 5.0 s"), afterStall[0].lastFault());

        DialogueReply after = replies.get(2);
        assertFalse(after.fallback(), "once the model is well, the decoder answers again: " + after);
    }
}
