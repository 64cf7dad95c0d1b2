package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.material.Material;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.shape.Box;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * NPCs' senses in a headless game with real geometry and the real encoder: walls hide, sound
 * carries, an event is one percept, and a crowd cannot flood an NPC past its budget.
 */
class PerceptionTest {

    /** Percept texts each NPC got back from the encoder, in order. */
    private final Map<String, List<String>> percepts = new ConcurrentHashMap<>();

    private void run(
            BiConsumer<HeadlessGame, AnimusAppState> setUp, java.util.function.BiPredicate<WorldSession, Long> step)
            throws Throwable {
        AnimusAppState animus =
                new AnimusAppState(AnimusConfig.builder().dialogue(false).build());
        WorldSession[] world = new WorldSession[1];
        long[] ready = {0};
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getStateManager().attach(animus);
                    world[0] = animus.loadWorld("Worlds/senses.world");
                    animus.addListener(u -> percepts.computeIfAbsent(u.npcId(), k -> new CopyOnWriteArrayList<>())
                            .add(u.text()));
                    setUp.accept(app, animus);
                    world[0].setPlayer(app.getRootNode().getChild("player"));
                },
                (app, frame) -> {
                    if (!animus.modelsReady()) {
                        return frame < 60 * 120;
                    }
                    ready[0]++;
                    return step.test(world[0], ready[0]) && ready[0] < 60 * 60;
                });
        game.runToEnd(180);
    }

    private static Node npc(HeadlessGame app, AnimusAppState animus, String id, float x, float z) {
        Node body = new Node(id);
        body.setLocalTranslation(x, 0, z);
        app.getRootNode().attachChild(body);
        animus.addNpc(body, id).setThinkInterval(0); // think every frame: the test counts percepts per frame
        return body;
    }

    private static Node player(HeadlessGame app, float x, float z) {
        Node player = new Node("player");
        player.setLocalTranslation(x, 0, z);
        app.getRootNode().attachChild(player);
        return player;
    }

    private List<String> of(String npc) {
        return percepts.getOrDefault(npc, List.of());
    }

    private static boolean seesStranger(String text) {
        return text.startsWith("the stranger is") || text.startsWith("The stranger is");
    }

    @Test
    void aWallHidesThePlayerButNotTheirShout() throws Throwable {
        run(
                (app, animus) -> {
                    npc(app, animus, "watcher", 0, 0); // faces +z, towards the player
                    npc(app, animus, "faraway", 200, 200);
                    player(app, 0, 10);
                    Geometry wall = new Geometry("wall", new Box(3, 2, 0.2f));
                    wall.setMaterial(new Material(app.getAssetManager(), "Common/MatDefs/Misc/Unshaded.j3md"));
                    wall.setLocalTranslation(0, 1.5f, 5);
                    app.getRootNode().attachChild(wall);
                },
                (world, frame) -> {
                    if (frame == 30) {
                        world.shout("Is anybody there?");
                    }
                    // At least 90 frames, and until the shout came back encoded (a busy machine is slower).
                    return frame < 90 || of("watcher").stream().noneMatch(t -> t.contains("shouts"));
                });
        assertFalse(
                of("watcher").stream().anyMatch(PerceptionTest::seesStranger),
                "the wall hides the player: " + of("watcher"));
        assertEquals(
                1,
                of("watcher").stream()
                        .filter(t -> t.contains("shouts: \"Is anybody there?\""))
                        .count(),
                "the shout is heard once through the wall: " + of("watcher"));
        assertFalse(of("faraway").stream().anyMatch(t -> t.contains("shouts")), "200 m is too far to hear a shout");
    }

    @Test
    void withoutTheWallThePlayerIsSeenAndBehindTheBackNot() throws Throwable {
        run(
                (app, animus) -> {
                    npc(app, animus, "watcher", 0, 0);
                    Node faraway = npc(app, animus, "faraway", 0, 14); // faces +z: the player is behind it
                    player(app, 0, 10);
                },
                (world, frame) -> frame < 60 || of("watcher").stream().noneMatch(PerceptionTest::seesStranger));
        assertTrue(
                of("watcher").stream().anyMatch(PerceptionTest::seesStranger),
                of("watcher").toString());
        assertFalse(
                of("faraway").stream().anyMatch(PerceptionTest::seesStranger),
                "the player is 4 m behind it, outside its field of view: " + of("faraway"));
        assertEquals(
                1,
                of("watcher").stream().filter(PerceptionTest::seesStranger).count(),
                "a player standing still is one percept, not one per frame: " + of("watcher"));
    }

    @Test
    void anEventWithinHearingIsExactlyOnePercept() throws Throwable {
        run(
                (app, animus) -> {
                    npc(app, animus, "watcher", 0, 0);
                    npc(app, animus, "faraway", 100, 0);
                    player(app, 5, 0);
                },
                (world, frame) -> {
                    if (frame == 20) {
                        world.raiseEvent("weapon_drawn", "player");
                    }
                    return frame < 80 || of("watcher").stream().noneMatch(t -> t.contains("draws a weapon"));
                });
        assertEquals(
                1,
                of("watcher").stream()
                        .filter(t -> t.equals("the stranger draws a weapon"))
                        .count(),
                of("watcher").toString());
        assertEquals(
                0,
                of("faraway").stream().filter(t -> t.contains("draws a weapon")).count(),
                of("faraway").toString());
    }

    @Test
    void aCrowdOfAHundredNeverFloodsAnNpcPastItsBudget() throws Throwable {
        List<Long> perFrame = new CopyOnWriteArrayList<>();
        NpcBrainControl[] watcher = new NpcBrainControl[1];
        long[] before = {0};
        Object[] metrics = new Object[1];
        run(
                (app, animus) -> {
                    app.getStateManager().attach(new com.jme3.app.state.BaseAppState() {
                        @Override
                        protected void initialize(com.jme3.app.Application a) {}

                        @Override
                        protected void cleanup(com.jme3.app.Application a) {}

                        @Override
                        protected void onEnable() {}

                        @Override
                        protected void onDisable() {}

                        @Override
                        public void update(float tpf) {
                            metrics[0] = animus.queueMetrics();
                        }
                    });
                    npc(app, animus, "watcher", 0, 0);
                    watcher[0] = animus.npc("watcher");
                    for (int i = 0; i < 100; i++) { // a crowd in front of it, all in view
                        npc(app, animus, "crowd" + i, (i % 10 - 4.5f) * 2, 3 + (i / 10) * 2f);
                        animus.npc("crowd" + i).setThinkInterval(1);
                    }
                    player(app, 1, 4);
                },
                (world, frame) -> {
                    long sent = watcher[0].perceptsSent();
                    perFrame.add(sent - before[0]);
                    before[0] = sent;
                    if (frame == 30) {
                        world.shout("Everybody listen!");
                        world.raiseEvent("bell", null);
                    }
                    return frame < 200 || of("watcher").stream().noneMatch(t -> t.contains("shouts"));
                });
        assertTrue(perFrame.stream().allMatch(n -> n <= 4), "per-frame percepts " + perFrame);
        assertTrue(watcher[0].perceptsOverBudget() > 0, "the crowd offered more than the budget");
        assertTrue(
                of("watcher").stream().anyMatch(t -> t.contains("shouts")),
                "what matters most gets through the crowd: " + of("watcher") + "\n" + metrics[0]);
    }
}
