package dev.animus.demo.play;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.anim.util.AnimMigrationUtils;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import dev.animus.api.AnimusAppState;
import dev.animus.api.AnimusConfig;
import dev.animus.api.HeadlessGame;
import dev.animus.api.WorldSession;
import dev.animus.scene.NpcAnimator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jaime (jME test data, which only the demo depends on, migrated to AnimComposer) plays what his behaviours do, then idles again. */
class AnimationTest {

    @Test
    void aBehavioursActionPlaysItsClipOnceAndTheActivityResumes() throws Throwable {
        AnimusAppState animus =
                new AnimusAppState(AnimusConfig.builder().dialogue(false).build());
        WorldSession[] world = new WorldSession[1];
        Node body = new Node("jaime");
        List<String> clips = new ArrayList<>();
        long[] spokeAt = {-1};
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getStateManager().attach(animus);
                    world[0] = animus.loadWorld("Worlds/anim.world");
                    Spatial jaime = app.getAssetManager().loadModel("Models/Jaime/Jaime.j3o");
                    AnimMigrationUtils.migrate(jaime); // Jaime uses the old animation system
                    body.attachChild(jaime);
                    app.getRootNode().attachChild(body);
                    animus.addNpc(body, "jaime");
                },
                (app, frame) -> {
                    if (frame == 5) {
                        world[0].speak("jaime", "Hello!");
                        spokeAt[0] = frame;
                    }
                    NpcAnimator animator = body.getControl(NpcAnimator.class);
                    String clip = animator == null ? null : animator.playing();
                    if (clip != null
                            && (clips.isEmpty() || !clips.get(clips.size() - 1).equals(clip))) {
                        clips.add(clip);
                    }
                    return frame < 5 * 60;
                });
        game.runToEnd(120);
        assertNotNull(body.getControl(NpcAnimator.class), "an animator was added to the NPC with an AnimComposer");
        assertEquals(List.of("Wave", "Idle"), clips, "wave once when spoken to, then back to idling");
        assertEquals("idle", body.getControl(NpcAnimator.class).activity());
        assertTrue(spokeAt[0] > 0);
    }

    @Test
    void aHotReloadedClipMappingAppliesAtOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path assets)
            throws Throwable {
        java.nio.file.Path file = assets.resolve("Worlds/anim.world");
        java.nio.file.Files.createDirectories(file.getParent());
        try (var in = getClass().getClassLoader().getResourceAsStream("Worlds/anim.world")) {
            java.nio.file.Files.copy(in, file);
        }
        AnimusAppState animus =
                new AnimusAppState(AnimusConfig.builder().dialogue(false).build());
        Node body = new Node("jaime");
        long[] editedAt = {-1};
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getAssetManager().registerLocator(assets.toString(), com.jme3.asset.plugins.FileLocator.class);
                    app.getStateManager().attach(animus);
                    WorldSession world = animus.loadWorld("Worlds/anim.world");
                    world.watch(file, 50);
                    Spatial jaime = app.getAssetManager().loadModel("Models/Jaime/Jaime.j3o");
                    AnimMigrationUtils.migrate(jaime);
                    body.attachChild(jaime);
                    app.getRootNode().attachChild(body);
                    animus.addNpc(body, "jaime");
                },
                (app, frame) -> {
                    if (frame == 5) {
                        animus.world().speak("jaime", "Hello!"); // creates the animator: Wave, then Idle
                    }
                    NpcAnimator animator = body.getControl(NpcAnimator.class);
                    if (editedAt[0] < 0 && animator != null && "Idle".equals(animator.playing())) {
                        try {
                            java.nio.file.Files.writeString(
                                    file, java.nio.file.Files.readString(file).replace("{idle: Idle,", "{idle: Walk,"));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        editedAt[0] = frame;
                    }
                    return !(animator != null && "Walk".equals(animator.playing())) && frame < 60 * 20;
                });
        game.runToEnd(120);
        assertEquals(
                "Walk", body.getControl(NpcAnimator.class).playing(), "the idle clip is now Walk, without a restart");
    }
}
