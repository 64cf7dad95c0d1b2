package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.asset.plugins.FileLocator;
import com.jme3.math.FastMath;
import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import dev.animus.scene.NpcLocomotion;
import dev.animus.world.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NPCs spawned from the world file walk where their schedule sends them and turn to whoever speaks to them. */
class LocomotionTest {

    @Test
    void anNpcWalksToItsScheduledPlaceAndFacesThePlayerWhoSpeaksToIt(@TempDir Path assets) throws Throwable {
        Path file = assets.resolve("Worlds/long-day.world");
        Files.createDirectories(file.getParent());
        try (var in = getClass().getClassLoader().getResourceAsStream("Worlds/small.world")) {
            // A long day, so that dusk lasts while the smith walks to the tavern.
            Files.writeString(
                    file,
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                            .replace("day_length: 40", "day_length: 2000"));
        }
        AnimusAppState animus = FakeEncoder.into(
                new AnimusAppState(AnimusConfig.builder().dialogue(false).build()));
        WorldSession[] world = new WorldSession[1];
        Map<String, Node>[] bodies = new Map[1];
        Vector3f[] start = new Vector3f[1];
        float[] yawWhileWalking = {Float.NaN};
        boolean[] arrived = new boolean[1];
        Node player = new Node("player");
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.setSpeed(8); // 14 s of walking in under 2 s
                    app.getAssetManager().registerLocator(assets.toString(), FileLocator.class);
                    app.getStateManager().attach(animus);
                    world[0] = animus.loadWorld("Worlds/long-day.world");
                    world[0].setPlayer(player);
                    player.setLocalTranslation(10, 0, -20);
                    app.getRootNode().attachChild(player);
                    bodies[0] = world[0].spawnNpcs(app.getRootNode(), app.getAssetManager());
                    start[0] = bodies[0].get("smith").getWorldTranslation().clone();
                },
                (app, frame) -> {
                    Node smith = bodies[0].get("smith");
                    NpcLocomotion legs = smith.getControl(NpcLocomotion.class);
                    if (frame == 3) {
                        world[0].skipTo(Phase.DUSK); // the schedule sends the smith to the tavern
                    }
                    if (legs != null && legs.walking()) {
                        yawWhileWalking[0] = legs.yaw();
                    }
                    if (!arrived[0] && legs != null && !legs.walking() && frame > 3) {
                        arrived[0] = true;
                        world[0].speak(
                                "smith", "Evening."); // dialogue off: a fallback line, and he turns to the player
                    }
                    return !(arrived[0] && FastMath.abs(legs.yaw() - FastMath.HALF_PI) < 0.05f) && frame < 60 * 30;
                });
        game.runToEnd(120);

        assertEquals(
                Map.of("smith", "Smith", "keeper", "Keeper"),
                Map.of(
                        "smith",
                        bodies[0].get("smith").getName(),
                        "keeper",
                        bodies[0].get("keeper").getName()),
                "one body per NPC, named after it");
        assertTrue(start[0].distance(Vector3f.ZERO) < 1.5f, "spawned at its scheduled place, the square: " + start[0]);
        Vector3f end = bodies[0].get("smith").getWorldTranslation();
        assertTrue(
                end.distance(new Vector3f(0, 0, -20)) <= NpcLocomotion.ARRIVED + 0.01f, "walked to the tavern: " + end);
        assertEquals(FastMath.PI, Math.abs(yawWhileWalking[0]), 0.1, "faced north (-z) while walking there");
        assertEquals(
                FastMath.HALF_PI,
                bodies[0].get("smith").getControl(NpcLocomotion.class).yaw(),
                0.05,
                "turned east to the player who spoke to him");
    }

    @Test
    void aModelThatCannotBeLoadedIsReportedAndTheNpcStillSpawns(@TempDir Path assets) throws Throwable {
        Path file = assets.resolve("Worlds/bad-model.world");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                animus: 1
                world: {id: m, name: M}
                npcs:
                  - id: ghost
                    name: Ghost
                    persona: quiet
                    model: {asset: Models/NoSuchModel.j3o, animations: {idle: Idle, walk: Walk, talk: Talk}}
                """);
        AnimusAppState animus = FakeEncoder.into(
                new AnimusAppState(AnimusConfig.builder().dialogue(false).build()));
        Map<String, Node>[] bodies = new Map[1];
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getAssetManager().registerLocator(assets.toString(), FileLocator.class);
                    app.getStateManager().attach(animus);
                    bodies[0] = animus.loadWorld("Worlds/bad-model.world")
                            .spawnNpcs(app.getRootNode(), app.getAssetManager());
                },
                (app, frame) -> frame < 5);
        game.runToEnd(60);
        Node ghost = bodies[0].get("ghost");
        assertEquals(0, ghost.getQuantity(), "no model, but a body that is an NPC");
        assertTrue(animus.npc("ghost") != null);
    }

    @Test
    void aScheduleWithSeveralPlacesIsPatrolledInALoop(@TempDir Path assets) throws Throwable {
        Path file = assets.resolve("Worlds/patrol.world");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                animus: 1
                world: {id: p, name: P, day_length: 3000}
                places:
                  - {id: gate, name: the gate, at: [0, 0, -10], radius: 3}
                  - {id: square, name: the square, at: [0, 0, 0], radius: 3}
                npcs:
                  - id: guard
                    name: Guard
                    persona: dutiful
                    schedule:
                      - {from: dawn, route: [gate, square], activity: walk}
                """);
        AnimusAppState animus = FakeEncoder.into(
                new AnimusAppState(AnimusConfig.builder().dialogue(false).build()));
        Map<String, Node>[] bodies = new Map[1];
        java.util.List<String> visited = new java.util.ArrayList<>();
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.setSpeed(8);
                    app.getAssetManager().registerLocator(assets.toString(), FileLocator.class);
                    app.getStateManager().attach(animus);
                    bodies[0] =
                            animus.loadWorld("Worlds/patrol.world").spawnNpcs(app.getRootNode(), app.getAssetManager());
                },
                (app, frame) -> {
                    Vector3f at = bodies[0].get("guard").getWorldTranslation();
                    String here = at.distance(new Vector3f(0, 0, -10)) < 0.5f
                            ? "gate"
                            : at.distance(Vector3f.ZERO) < 0.5f ? "square" : null;
                    if (here != null
                            && (visited.isEmpty()
                                    || !visited.get(visited.size() - 1).equals(here))) {
                        visited.add(here);
                    }
                    return visited.size() < 4 && frame < 60 * 30;
                });
        game.runToEnd(120);
        assertEquals(java.util.List.of("gate", "square", "gate", "square"), visited, "walks the loop, again and again");
    }
}
