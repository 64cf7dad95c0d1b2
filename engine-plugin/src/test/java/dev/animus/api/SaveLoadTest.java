package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.scene.Node;
import dev.animus.memory.SaveFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running world saved and loaded into a fresh game: clock, variables and memories come back. */
class SaveLoadTest {

    private static WorldSession[] game(AnimusConfig config, java.util.function.BiPredicate<WorldSession, Long> step)
            throws Throwable {
        AnimusAppState animus = new AnimusAppState(config);
        WorldSession[] world = new WorldSession[1];
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getStateManager().attach(animus);
                    world[0] = animus.loadWorld("Worlds/small.world");
                    Node smith = new Node("smith");
                    app.getRootNode().attachChild(smith);
                    animus.addNpc(smith, "smith");
                },
                (app, frame) -> step.test(world[0], frame) && frame < 60 * 60);
        game.runToEnd(120);
        return world;
    }

    @Test
    void aSavedWorldComesBackWithItsClockVariablesAndMemories(@TempDir Path dir) throws Throwable {
        AnimusConfig config =
                AnimusConfig.builder().dialogue(false).saveFolder(dir).build();
        CompletableFuture<?>[] saved = new CompletableFuture<?>[1];
        double[] clock = new double[1];
        game(config, (world, frame) -> {
            if (frame == 2) {
                world.speak("smith", "Hello!");
                world.speak("smith", "Hello again!");
                world.remember("smith", "The stranger paid for a sword.", 0.7f);
            }
            boolean remembered =
                    world.memories("smith").stream().anyMatch(m -> m.text().contains("paid for a sword"))
                            && world.memories("smith").stream()
                                            .filter(m -> m.text().startsWith("The stranger said"))
                                            .count()
                                    == 2;
            if (saved[0] == null
                    && remembered
                    && world.state("smith").variable("talks").isPresent()) {
                clock[0] = world.clock().seconds();
                saved[0] = world.save(world.defaultSaveFile());
            }
            return saved[0] == null || !saved[0].isDone();
        });
        saved[0].get();
        assertEquals(dir.resolve("t.save.db"), saved[0].get(), "the default file is <save folder>/<world id>.save.db");

        List<NpcMemory>[] memories = new List[1];
        Optional<Object>[] talks = new Optional[1];
        double[] loadedClock = new double[1];
        game(config, (world, frame) -> {
            if (frame == 1) {
                world.load(world.defaultSaveFile()).thenRun(() -> {
                    memories[0] = world.memories("smith");
                    talks[0] = world.state("smith").variable("talks");
                    loadedClock[0] = world.clock().seconds();
                });
            }
            return memories[0] == null;
        });
        assertEquals(Optional.of(2.0), talks[0]);
        assertEquals(clock[0], loadedClock[0], 1e-9);
        assertTrue(
                memories[0].stream()
                        .anyMatch(m -> m.text().equals("The stranger paid for a sword.") && m.importance() == 0.7f),
                memories[0].toString());
        assertTrue(
                memories[0].stream().anyMatch(m -> m.text().startsWith("The stranger said to me: \"Hello")),
                "words said to the smith were remembered: " + memories[0]);
    }

    @Test
    void loadingAMissingSaveFailsTheFutureWithAClearMessage(@TempDir Path dir) throws Throwable {
        CompletableFuture<?>[] load = new CompletableFuture<?>[1];
        game(AnimusConfig.builder().dialogue(false).build(), (world, frame) -> {
            if (frame == 1) {
                load[0] = world.load(dir.resolve("nothing.save.db"));
            }
            return !load[0].isDone();
        });
        ExecutionException e =
                org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> load[0].get());
        assertTrue(e.getCause() instanceof SaveFileException, e.toString());
        assertTrue(
                e.getCause().getMessage().startsWith("No save file at "),
                e.getCause().getMessage());
    }
}
