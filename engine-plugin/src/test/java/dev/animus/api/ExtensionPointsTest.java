package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import dev.animus.behaviour.NpcCommand;
import dev.animus.scene.NpcAnimator;
import dev.animus.world.Action;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What a game plugs in from Java: its rig's clip names, and how bubbles are drawn. */
class ExtensionPointsTest {
    @Test
    void aClipMapperPlaysTheGamesClipsAndABubbleDrawerDrawsTheLines() throws Throwable {
        List<String> asked = new CopyOnWriteArrayList<>();
        ClipMapper mapper = (npc, name, clips) -> {
            asked.add(npc + ":" + name);
            return name.equals("idle") ? "Idle_Loop" : ClipMapper.SAME_NAME.clipFor(npc, name, clips);
        };
        Map<String, List<String>> drawn = new ConcurrentHashMap<>();
        Map<String, Spatial> spatials = new ConcurrentHashMap<>();
        BubbleDrawer drawer = npcId -> new BubbleDrawer.Bubble() {
            private final Node node = new Node("my bubble of " + npcId);

            {
                spatials.put(npcId, node);
            }

            @Override
            public Spatial spatial() {
                return node;
            }

            @Override
            public void setText(String text) {
                drawn.computeIfAbsent(npcId, k -> new CopyOnWriteArrayList<>()).add(text);
            }

            @Override
            public void setAlpha(float alpha) {}

            @Override
            public Vector3f size() {
                return new Vector3f(1, 0.3f, 0);
            }
        };
        AnimusAppState animus = new AnimusAppState(AnimusConfig.builder()
                .dialogue(false)
                .clips(mapper)
                .bubbles(drawer)
                .build());
        FakeEncoder.into(animus); // clips and bubbles, not meaning
        Node brann = Rigs.rig("brann", "Idle_Loop", "Nod", "Walk");
        Node guard = new Node("guard");
        String[] before = new String[1];
        String[] after = new String[1];
        Spatial[] hungOn = new Spatial[1];
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getStateManager().attach(animus);
                    animus.loadWorld("Worlds/talk.world");
                    app.getRootNode().attachChild(brann);
                    app.getRootNode().attachChild(guard);
                    animus.addNpc(brann, "brann");
                    animus.addNpc(guard, "guard");
                },
                (app, frame) -> {
                    WorldSession world = animus.world();
                    if (frame == 3) {
                        world.runtime().perform(new NpcCommand("brann", "test", new Action.Animate("idle"), null));
                        world.speak("guard", "Hello.");
                    }
                    if (frame == 10) {
                        before[0] = brann.getControl(NpcAnimator.class).playing();
                        world.runtime().perform(new NpcCommand("brann", "test", new Action.Animate("nod"), null));
                        after[0] = brann.getControl(NpcAnimator.class).playing();
                    }
                    Spatial mine = spatials.get("guard");
                    if (mine != null && mine.getParent() != null && hungOn[0] == null) {
                        hungOn[0] = mine.getParent().getParent(); // the bubble node, then the NPC
                    }
                    return frame < 60 * 2;
                });
        game.runToEnd(120);

        assertEquals("Idle_Loop", before[0], "the world file maps no clips: the game's mapper chose");
        assertEquals("Nod", after[0], "and for 'nod', the clip of the same name");
        assertTrue(asked.contains("brann:nod"), asked.toString());
        assertTrue(
                drawn.getOrDefault("guard", List.of()).stream().anyMatch(t -> t.contains("Move along")),
                "the game's drawer drew the guard's line: " + drawn);
        assertSame(guard, hungOn[0], "hung above the guard");
    }
}
