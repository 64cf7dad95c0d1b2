package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.asset.AssetNotFoundException;
import com.jme3.asset.plugins.FileLocator;
import com.jme3.scene.Node;
import dev.animus.behaviour.BehaviourEngineTest;
import dev.animus.world.Action;
import dev.animus.world.World;
import dev.animus.world.WorldProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A world file loaded through the AssetManager into a running headless game, and hot-reloaded. */
class WorldSessionTest {

    @Test
    void editsAreLiveWithinASecondAndABrokenEditKeepsTheRunningWorld(@TempDir Path assets) throws Throwable {
        Path file = assets.resolve("Worlds/t.world");
        Files.createDirectories(file.getParent());
        Files.writeString(
                file,
                BehaviourEngineTest.WORLD.replace(
                        "persona: gruff", "persona: gruff\n    facts: [Swords cost 40 silver.]"));
        AnimusAppState animus = new AnimusAppState();
        List<String> said = new CopyOnWriteArrayList<>();
        List<World> reloaded = new CopyOnWriteArrayList<>();
        List<List<WorldProblem>> failed = new CopyOnWriteArrayList<>();
        Node player = new Node("player");
        long[] marks = new long[4];
        WorldSession[] session = new WorldSession[1];

        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getAssetManager().registerLocator(assets.toString(), FileLocator.class);
                    app.getStateManager().attach(animus);
                    session[0] = animus.loadWorld("Worlds/t.world");
                    session[0].setPlayer(player);
                    player.setLocalTranslation(30, 0, 0);
                    app.getRootNode().attachChild(player);
                    Node smith = new Node("smith");
                    app.getRootNode().attachChild(smith);
                    animus.addNpc(smith, "smith");
                    session[0].addActionListener(c -> {
                        if (c.action() instanceof Action.Say s) {
                            said.add(c.npc() + ": " + s.line());
                        }
                    });
                    session[0].addWorldListener(new WorldListener() {
                        @Override
                        public void onWorldReloaded(World world) {
                            reloaded.add(world);
                        }

                        @Override
                        public void onWorldReloadFailed(List<WorldProblem> problems) {
                            failed.add(problems);
                        }
                    });
                    session[0].watch(file, 50);
                    AssetNotFoundException missing = assertThrows(
                            AssetNotFoundException.class, () -> animus.loadWorld("Worlds/missing-on-purpose.world"));
                    assertTrue(
                            missing.getMessage()
                                    .startsWith("World file 'Worlds/missing-on-purpose.world' is not in any"
                                            + " asset root. Check the path, or register"),
                            missing.getMessage());
                },
                (app, frame) -> {
                    try {
                        if (frame == 5) {
                            Files.writeString(
                                    file,
                                    Files.readString(file)
                                            .replace("Swords cost 40 silver.", "Swords cost 45 silver.")
                                            .replace("say: \"Hm.\"", "say: \"Welcome, traveller.\""));
                            marks[0] = System.nanoTime();
                        }
                        if (marks[0] != 0 && marks[1] == 0 && !reloaded.isEmpty()) {
                            marks[1] = System.nanoTime();
                            player.setLocalTranslation(2, 0, 0); // now walk up to the smith
                        }
                        if (marks[1] != 0 && marks[2] == 0 && !said.isEmpty()) {
                            marks[2] = frame;
                            Files.writeString(file, Files.readString(file).replace("radius: 5", "radius: five"));
                        }
                        if (marks[2] != 0 && !failed.isEmpty()) {
                            marks[3] = frame;
                            return false;
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return frame < 60 * 30;
                });
        game.runToEnd(120);

        assertTrue(marks[1] != 0, "the edit was never reloaded");
        // How soon an edit goes live (a poll of 50 ms, then a frame) is timing: logged, not asserted.
        System.getLogger("test")
                .log(System.Logger.Level.INFO, "the edit went live after " + (marks[1] - marks[0]) / 1_000_000 + " ms");
        assertEquals(
                List.of("Swords cost 45 silver."),
                reloaded.get(0).npc("smith").orElseThrow().facts());
        assertEquals(List.of("smith: Welcome, traveller."), said, "the edited behaviour runs");
        assertEquals(1, failed.size());
        assertEquals(
                "Worlds/t.world:5:59: expected a number for the radius of place 'square', got 'five'",
                failed.get(0).get(0).toString());
        assertEquals(
                "Swords cost 45 silver.",
                session[0].world().npc("smith").orElseThrow().facts().get(0),
                "the broken edit left the running world as it was");
    }
}
