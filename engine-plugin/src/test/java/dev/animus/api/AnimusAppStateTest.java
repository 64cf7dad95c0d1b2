package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.scene.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The plugin in a real headless jME application with the real bundled encoder. */
class AnimusAppStateTest {
    private static final int NPCS = 50;
    private static final int FRAMES = 300;

    @Test
    void fiftyNpcsThinkingEveryFrameAreBatchedPerFrameAndNeverStallTheRenderThread() throws Throwable {
        AnimusAppState animus =
                new AnimusAppState(AnimusConfig.builder().maxBatchSize(64).build());
        GatedEncoder<?, ?>[] encoder = new GatedEncoder<?, ?>[1];
        animus.faults = m -> encoder[0] = new GatedEncoder<>(m); // nothing held: it only watches
        String[] renderThread = new String[1];
        long[] framesDuringABatch = {0};
        Map<String, List<PerceptionUpdate>> heard = new ConcurrentHashMap<>();
        List<String> removedControl = List.of("npc0", "npc1");
        List<String> leftScene = List.of("npc2", "npc3", "npc4");
        Map<String, Long> liveAtDetach = new HashMap<>();
        long[] cancelledBefore = new long[1];
        long[] detachFrame = {-1};
        long[] readyFrames = {0};
        List<Node> bodies = new ArrayList<>();

        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getStateManager().attach(animus);
                    animus.addListener(u -> heard.computeIfAbsent(u.npcId(), k -> new ArrayList<>())
                            .add(u));
                    for (int i = 0; i < NPCS; i++) {
                        Node body = new Node("npc body " + i);
                        body.setLocalTranslation((i % 10) * 3f, 0, (i / 10) * 3f);
                        app.getRootNode().attachChild(body);
                        animus.addNpc(body, "npc" + i)
                                .setThinkInterval(0)
                                .setResendUnchanged(true)
                                .setDisplayName("Villager " + i);
                        bodies.add(body);
                    }
                },
                (app, frame) -> {
                    if (!animus.modelsReady()) {
                        assertTrue(frame < 60 * 120, "the encoder did not load within two minutes");
                        return true;
                    }
                    readyFrames[0]++;
                    renderThread[0] = Thread.currentThread().getName();
                    if (encoder[0].running.get() > 0) {
                        framesDuringABatch[0]++;
                    }
                    if (readyFrames[0] == FRAMES / 2) {
                        detachFrame[0] = animus.frame();
                        cancelledBefore[0] = animus.queueMetrics().cancelled();
                        for (String id : removedControl) {
                            liveAtDetach.put(id, (long) animus.queue().liveCount(id));
                            bodies.get(Integer.parseInt(id.substring(3))).removeControl(NpcBrainControl.class);
                        }
                        for (String id : leftScene) {
                            liveAtDetach.put(id, (long) animus.queue().liveCount(id));
                            bodies.get(Integer.parseInt(id.substring(3))).removeFromParent();
                        }
                    }
                    if (readyFrames[0] == FRAMES / 2 + 3) {
                        for (String id : liveAtDetach.keySet()) {
                            assertEquals(0, animus.queue().liveCount(id), id + " still has live requests");
                        }
                    }
                    // At least FRAMES frames, and until every NPC still in the game heard back twice (a busy
                    // machine encodes fewer batches per frame).
                    boolean everyoneTwice = java.util.stream.IntStream.range(5, NPCS)
                            .allMatch(i ->
                                    heard.getOrDefault("npc" + i, List.of()).size() >= 2);
                    return (readyFrames[0] < FRAMES || !everyoneTwice) && readyFrames[0] < 60 * 120;
                });
        game.runToEnd(300);

        QueueFigures m = animus.queueMetrics();
        Latency cost = animus.renderThreadCost();
        System.getLogger("test").log(System.Logger.Level.INFO, "queue " + m + "\nrender thread " + cost);

        // Results arrive for every NPC still in the game, as 384-d embeddings of its percept.
        for (int i = 5; i < NPCS; i++) {
            NpcBrainControl npc = animus.npc("npc" + i);
            assertNotNull(npc.latestPerception(), "npc" + i + " never heard back");
            assertEquals(384, npc.latestPerception().embedding().dimension());
            assertTrue(
                    npc.latestPerception().text().contains("Villager"),
                    npc.latestPerception().text());
            assertTrue(heard.get("npc" + i).size() >= 2, "npc" + i + " thought only once");
        }

        // The requests of one frame were batched together: all 50 (then 45) NPCs' situations per
        // batch, with their new discrete percepts (up to the batch limit of 64).
        assertTrue(m.largestBatch() >= NPCS, "batch sizes " + m.batchSizes());
        // Most batches hold a whole frame (the first ones, while NPCs are still joining, may not;
        // on a busy machine there are few batches, so a mean would be ruled by those).
        long batches =
                m.batchSizes().values().stream().mapToLong(Long::longValue).sum();
        long wholeFrames = m.batchSizes().entrySet().stream()
                .filter(e -> e.getKey() >= 40)
                .mapToLong(Map.Entry::getValue)
                .sum();
        assertTrue(wholeFrames * 2 >= batches, "batch sizes " + m.batchSizes());
        assertTrue(m.superseded() > 0, "frames faster than inference must coalesce perception");
        assertEquals(0, m.failed());

        // Detached NPCs: pending requests cancelled, nothing applied after detaching.
        assertNull(animus.npc("npc0"));
        long liveThen =
                liveAtDetach.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(liveThen > 0, "detached NPCs had requests in flight");
        assertTrue(
                m.cancelled() - cancelledBefore[0] >= liveAtDetach.get("npc0") + liveAtDetach.get("npc1"),
                "cancelled " + (m.cancelled() - cancelledBefore[0]));
        for (String id : removedControl) {
            assertTrue(
                    heard.getOrDefault(id, List.of()).stream().allMatch(u -> u.frame() < detachFrame[0]),
                    id + " got a percept made after it was detached");
        }
        for (String id : leftScene) {
            assertTrue(
                    heard.getOrDefault(id, List.of()).stream().allMatch(u -> u.frame() < detachFrame[0]),
                    id + " got a percept made after it left the scene");
        }

        // No frame waited on inference: batches ran on workers only, and frames went on while
        // they ran. (How long the render thread takes is a benchmark's figure, not a test's.)
        assertTrue(cost.count() >= FRAMES, "frames measured: " + cost.count());
        assertTrue(
                !encoder[0].batchThreads.isEmpty()
                        && encoder[0].batchThreads.stream().allMatch(t -> t.startsWith("animus-inference-")),
                "batches ran on " + encoder[0].batchThreads);
        assertTrue(!encoder[0].batchThreads.contains(renderThread[0]), "a batch ran on the render thread");
        assertTrue(framesDuringABatch[0] >= 10, "frames drawn while a batch ran: " + framesDuringABatch[0]);
    }

    @Test
    void spatialsTaggedWithUserDataGetABrainAndIdsMustBeUnique() throws Throwable {
        AnimusAppState animus =
                new AnimusAppState(AnimusConfig.builder().scanIntervalSeconds(0).build());
        Node mira = new Node("Mira");
        Node brann = new Node("Brann");
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getStateManager().attach(animus);
                    mira.setUserData(AnimusConfig.DEFAULT_NPC_KEY, "mira");
                    brann.setLocalTranslation(0, 0, -4);
                    app.getRootNode().attachChild(mira);
                    app.getRootNode().attachChild(brann);
                    animus.addNpc(brann, "brann").setDisplayName("Brann");
                },
                (app, frame) -> {
                    if (frame == 3) {
                        assertNotNull(mira.getControl(NpcBrainControl.class), "tagged spatial not bound");
                        IllegalArgumentException dup = assertThrows(
                                IllegalArgumentException.class, () -> animus.addNpc(new Node("impostor"), "brann"));
                        assertTrue(dup.getMessage().contains("'brann' is already used"), dup.getMessage());
                    }
                    PerceptionUpdate seen = animus.npc("mira") == null
                            ? null
                            : animus.npc("mira").latestPerception();
                    if (seen != null) {
                        assertEquals("Brann is 4 m to the north.", seen.text());
                        return false;
                    }
                    return frame < 60 * 120;
                });
        game.runToEnd(180);
        assertNotNull(animus.npc("mira").latestPerception());
    }
}
