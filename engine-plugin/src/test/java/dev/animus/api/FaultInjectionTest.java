package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.inference.BatchModel;
import dev.animus.inference.QueueMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A model that hangs, inside a real game: the real encoder, wrapped so that while a switch is
 * on every batch blocks, deaf to interrupts as a native call is. The game must keep drawing
 * frames, the NPC must answer with its fallback line and back off, the queue must replace the
 * stuck worker and say so in its figures, and once the model is well again the NPC answers
 * with the decoder.
 */
class FaultInjectionTest {
    /** The encoder, stalling on demand. */
    private static final class Stalling<I, O> implements BatchModel<I, O> {
        private final BatchModel<I, O> model;
        volatile boolean stall;
        private final CountDownLatch cured = new CountDownLatch(1);

        Stalling(BatchModel<I, O> model) {
            this.model = model;
        }

        void cure() {
            stall = false;
            cured.countDown();
        }

        @Override
        public String name() {
            return model.name();
        }

        @Override
        public Class<I> inputType() {
            return model.inputType();
        }

        @Override
        public int maxBatchSize() {
            return model.maxBatchSize();
        }

        @Override
        public BatchSession<I, O> openSession() {
            BatchSession<I, O> session = model.openSession();
            return new BatchSession<>() {
                @Override
                public List<O> run(List<I> inputs) {
                    while (stall) {
                        try {
                            cured.await();
                        } catch (InterruptedException e) {
                            // deaf, like a native call
                        }
                    }
                    return session.run(inputs);
                }

                @Override
                public void close() {
                    session.close();
                }
            };
        }

        @Override
        public void close() {
            model.close();
        }
    }

    @Test
    void aHangingModelCostsFallbackLinesNotFramesAndTheGameRecovers() throws Throwable {
        AnimusAppState animus = new AnimusAppState(AnimusConfig.builder().stallSeconds(0.5).build());
        @SuppressWarnings({"unchecked", "rawtypes"})
        Stalling<?, ?>[] encoder = new Stalling[1];
        animus.faults = m -> encoder[0] = new Stalling<>(m);
        WorldSession[] world = new WorldSession[1];
        List<DialogueReply> replies = new CopyOnWriteArrayList<>();
        long[] stalledAt = {0};
        long[] stalledFrames = {0};
        long[] lastFrame = {0};
        long[] longestGap = {0};
        double[] backoff = {0};
        QueueMetrics[] afterStall = new QueueMetrics[1];
        HeadlessGame game = new HeadlessGame(60, app -> {
            world[0] = app.talkWorld(animus);
            world[0].addDialogueListener(new DialogueListener() {
                @Override
                public void onReply(DialogueReply r) {
                    if (r.npcId().equals("brann")) {
                        replies.add(r);
                    }
                }
            });
        }, (app, frame) -> {
            long now = System.nanoTime();
            if (stalledAt[0] != 0 && replies.isEmpty()) { // the frames while the model hangs
                stalledFrames[0]++;
                longestGap[0] = Math.max(longestGap[0], now - lastFrame[0]);
            }
            lastFrame[0] = now;
            if (stalledAt[0] == 0 && world[0].semanticTriggersReady()) {
                stalledAt[0] = now;
                encoder[0].stall = true;
                world[0].speak("brann", "What does an iron sword cost?");
            } else if (replies.size() == 1 && afterStall[0] == null) {
                afterStall[0] = animus.queueMetrics();
                backoff[0] = world[0].replyBackoffSeconds("brann");
                encoder[0].cure();
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
        assertTrue(stalledFrames[0] >= 30, "the game kept drawing while the model hung: " + stalledFrames[0] + " frames");
        assertTrue(longestGap[0] < 500_000_000L, "no frame waited on the model: longest gap "
                + longestGap[0] / 1_000_000 + " ms");
        assertTrue(backoff[0] > 0, "the NPC backs off before it asks the models again");
        assertNotNull(afterStall[0]);
        assertTrue(afterStall[0].workersReplaced() >= 1, afterStall[0].toString());
        assertTrue(afterStall[0].lastFault().contains("did not answer within 0.5 s"), afterStall[0].lastFault());

        DialogueReply after = replies.get(2);
        assertFalse(after.fallback(), "once the model is well, the decoder answers again: " + after);
    }
}
