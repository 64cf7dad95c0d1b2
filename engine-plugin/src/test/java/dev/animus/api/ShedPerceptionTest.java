package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.scene.Node;
import dev.animus.perception.Sound;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What an NPC noticed while the queue was too busy to encode it is perceived later: its
 * requests are shed as stale behind a batch that will not finish, the scene stays the same,
 * and once the queue is free the NPC still perceives it, then stops sending what it has
 * encoded.
 */
class ShedPerceptionTest {
    private static final String BUSY = "a batch that keeps the worker busy";
    private static final String SEEN = "Brann is 4 m to the north.";

    @Test
    void anUnchangedSceneIsPerceivedAfterItsRequestsWereShed() throws Throwable {
        AnimusAppState animus = new AnimusAppState(
                AnimusConfig.builder().dialogue(false).ambientWaitSeconds(0.3).build());
        GatedEncoder<?, ?>[] encoder = new GatedEncoder<?, ?>[1];
        animus.faults = m -> encoder[0] = new GatedEncoder<>(m);
        Node mira = new Node("Mira");
        Node brann = new Node("Brann");
        List<PerceptionUpdate> miraSaw = new CopyOnWriteArrayList<>();
        List<PerceptionUpdate> brannSaw = new CopyOnWriteArrayList<>();
        NpcBrainControl[] brain = new NpcBrainControl[1];
        long[] heldSince = {0};
        boolean[] bellRang = {false};
        long[] quietFrom = {-1};
        long[] submittedWhenQuiet = {0};
        QueueFigures[] atRelease = new QueueFigures[1];
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getStateManager().attach(animus);
                    animus.addListener(u -> {
                        (u.npcId().equals("mira") ? miraSaw : brannSaw).add(u);
                    });
                    brann.setLocalTranslation(0, 0, -4);
                    app.getRootNode().attachChild(mira);
                    app.getRootNode().attachChild(brann);
                },
                (app, frame) -> {
                    if (heldSince[0] == 0 && animus.modelsReady()) {
                        // The only worker takes a batch it cannot finish: what is asked next waits behind it.
                        encoder[0].holds = inputs -> inputs.contains(BUSY);
                        encoder[0].batch.hold();
                        animus.embed("test", BUSY);
                        heldSince[0] = -1;
                    } else if (heldSince[0] == -1 && encoder[0].batch.waiting() == 1) {
                        brain[0] = animus.addNpc(mira, "mira").setThinkInterval(0.1f);
                        animus.addNpc(brann, "brann").setDisplayName("Brann").setThinkInterval(0.1f);
                        heldSince[0] = System.nanoTime();
                    } else if (heldSince[0] > 0 && !bellRang[0]) { // a sound: a percept of its own, sent once
                        animus.hear(new Sound("bell", "the chapel bell rings", 0, 0, -10, Sound.NOISE, null, false));
                        bellRang[0] = true;
                    } else if (heldSince[0] > 0
                            && atRelease[0] == null
                            && brain[0].thoughts() >= 3
                            && System.nanoTime() - heldSince[0] > 1_000_000_000L) { // well past ambientWaitSeconds
                        atRelease[0] = animus.queueMetrics();
                        encoder[0].batch.release();
                    }
                    boolean perceived = miraSaw.stream().anyMatch(u -> u.text().equals(SEEN))
                            && miraSaw.stream().anyMatch(u -> u.text().contains("bell"))
                            && brannSaw.stream().anyMatch(u -> u.text().contains("bell"))
                            && !brannSaw.isEmpty()
                            && animus.npc("brann").latestPerception() != null;
                    if (perceived && quietFrom[0] < 0) {
                        quietFrom[0] = brain[0].thoughts();
                        submittedWhenQuiet[0] = animus.queueMetrics().submitted();
                    }
                    // Once encoded, the unchanged scene is not sent again, think after think.
                    boolean quietLongEnough = quietFrom[0] >= 0 && brain[0].thoughts() >= quietFrom[0] + 5;
                    return !quietLongEnough && frame < 60 * 120;
                });
        game.runToEnd(180);

        assertTrue(atRelease[0] != null, "the test held the queue");
        assertEquals(0, atRelease[0].shed(), "nothing was shed before the worker was free: " + atRelease[0]);
        QueueFigures end = animus.queueMetrics();
        assertTrue(end.shed() >= 2, "Mira's perception and the bell were shed as stale: " + end);
        assertTrue(
                miraSaw.stream().anyMatch(u -> u.text().equals(SEEN)),
                "Mira perceived Brann after her request was shed: " + miraSaw);
        assertEquals(
                1,
                miraSaw.stream().filter(u -> u.text().contains("bell")).count(),
                "and heard the bell, once, after it was shed: " + miraSaw);
        assertTrue(quietFrom[0] >= 0, "the quiet phase was reached");
        assertEquals(0, end.submitted() - submittedWhenQuiet[0], "an encoded, unchanged scene is not sent again");
    }

    @Test
    void aBrainRemovedWhileItsRequestRanAndAddedAgainPerceivesAfresh() throws Throwable {
        AnimusAppState animus =
                new AnimusAppState(AnimusConfig.builder().dialogue(false).build());
        GatedEncoder<?, ?>[] encoder = new GatedEncoder<?, ?>[1];
        animus.faults = m -> encoder[0] = new GatedEncoder<>(m);
        Node mira = new Node("Mira");
        Node brann = new Node("Brann");
        NpcBrainControl[] brain = new NpcBrainControl[1];
        String[] step = {"load"};
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getStateManager().attach(animus);
                    brann.setLocalTranslation(0, 0, -4);
                    app.getRootNode().attachChild(mira);
                    app.getRootNode().attachChild(brann);
                },
                (app, frame) -> {
                    switch (step[0]) {
                        case "load" -> {
                            if (animus.modelsReady()) {
                                encoder[0].batch.hold(); // the first batch of their perception will not finish yet
                                brain[0] = animus.addNpc(mira, "mira").setThinkInterval(0.1f);
                                animus.addNpc(brann, "brann")
                                        .setDisplayName("Brann")
                                        .setThinkInterval(0.1f);
                                step[0] = "running";
                            }
                        }
                        case "running" -> {
                            if (encoder[0].batch.waiting() == 1 && brain[0].thoughts() >= 2) {
                                mira.removeControl(brain[0]); // its running request is cancelled
                                step[0] = "removed";
                            }
                        }
                        case "removed" -> {
                            mira.addControl(brain[0]);
                            encoder[0].batch.release();
                            step[0] = "back";
                        }
                        default -> {
                            return brain[0].latestPerception() == null && frame < 60 * 120;
                        }
                    }
                    return frame < 60 * 120;
                });
        game.runToEnd(180);
        assertTrue(
                brain[0].latestPerception() != null
                        && brain[0].latestPerception().text().equals(SEEN),
                "Mira, added again, perceived Brann: " + brain[0].latestPerception());
    }
}
