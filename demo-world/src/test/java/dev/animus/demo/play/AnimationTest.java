package dev.animus.demo.play;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.anim.util.AnimMigrationUtils;
import dev.animus.jme.AnimusAppState;
import dev.animus.jme.HeadlessGame;
import dev.animus.jme.NpcAnimator;
import dev.animus.jme.WorldSession;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import dev.animus.api.AnimusConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jaime (jME test data, which only the demo depends on, migrated to AnimComposer) plays what his behaviours do, then idles again. */
class AnimationTest {

    @Test
    void aBehavioursActionPlaysItsClipOnceAndTheActivityResumes() throws Throwable {
        AnimusAppState animus = new AnimusAppState(AnimusConfig.builder().dialogue(false).build());
        WorldSession[] world = new WorldSession[1];
        Node body = new Node("jaime");
        List<String> clips = new ArrayList<>();
        long[] spokeAt = {-1};
        HeadlessGame game = new HeadlessGame(60, app -> {
            app.getStateManager().attach(animus);
            world[0] = animus.loadWorld("Worlds/anim.world");
            Spatial jaime = app.getAssetManager().loadModel("Models/Jaime/Jaime.j3o");
            AnimMigrationUtils.migrate(jaime); // Jaime uses the old animation system
            body.attachChild(jaime);
            app.getRootNode().attachChild(body);
            animus.addNpc(body, "jaime");
        }, (app, frame) -> {
            if (frame == 5) {
                world[0].speak("jaime", "Hello!");
                spokeAt[0] = frame;
            }
            NpcAnimator animator = body.getControl(NpcAnimator.class);
            String clip = animator == null ? null : animator.playing();
            if (clip != null && (clips.isEmpty() || !clips.get(clips.size() - 1).equals(clip))) {
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
}
