package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.anim.AnimComposer;
import com.jme3.asset.plugins.FileLocator;
import com.jme3.export.binary.BinaryExporter;
import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import dev.animus.behaviour.NpcCommand;
import dev.animus.scene.NpcAnimator;
import dev.animus.scene.NpcLocomotion;
import dev.animus.world.Action;
import dev.animus.world.CharacterModel;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NPC controls behave as jME users expect: {@code spatial.clone()} (spawning from a
 * template) gives the clone controls of its own and a brain that waits to be bound, and a
 * {@code .j3o} holding them loads and is bound again by its user data or saved ids.
 */
class ControlCloningTest {
    private static final String KEY = AnimusConfig.DEFAULT_NPC_KEY;
    /** Frames an unbound brain is watched to see it does nothing. */
    private static final int WATCH_FRAMES = 30;
    /** Frames allowed for the encoder to load and the NPCs to think (a safety net, not a timing). */
    private static final long MOST_FRAMES = 60 * 180;

    private static AnimComposer composerOf(Node body) {
        return ((Node) body.getChild(0)).getControl(AnimComposer.class);
    }

    private static long brainsOn(Spatial s) {
        long n = 0;
        for (int i = 0; i < s.getNumControls(); i++) {
            n += s.getControl(i) instanceof NpcBrainControl ? 1 : 0;
        }
        return n;
    }

    /** Every reference field of a clone holds its own object, except those shared by design. */
    private static void assertOwnState(Object original, Object clone, Set<String> shared) {
        assertNotSame(original, clone);
        for (Field f : original.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive() || shared.contains(f.getName())) {
                continue;
            }
            f.setAccessible(true);
            try {
                Object mine = f.get(original);
                if (mine == null || mine instanceof String || mine instanceof Enum<?>) {
                    continue;
                }
                assertNotSame(
                        mine,
                        f.get(clone),
                        original.getClass().getSimpleName() + "." + f.getName()
                                + " is shared between the original and its clone");
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aCloneHasControlsOfItsOwnAndABrainThatThinksOnceTheGameBindsIt() throws Throwable {
        AnimusAppState animus = FakeEncoder.into(new AnimusAppState(
                AnimusConfig.builder().dialogue(false).scanIntervalSeconds(0).build()));
        Node brann = Rigs.rig("brann", "idle", "nod", "walk");
        Node guard = new Node("guard");
        Node[] copy = new Node[1];
        long[] cloneFrame = {-1};
        long[] thoughtsAtClone = new long[1];
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getStateManager().attach(animus);
                    guard.setLocalTranslation(0, 0, -4);
                    app.getRootNode().attachChild(brann);
                    app.getRootNode().attachChild(guard);
                    animus.addNpc(brann, "brann").setThinkInterval(0.1f);
                    animus.addNpc(guard, "guard").setThinkInterval(0.1f);
                    NpcAnimator.of(brann, "brann", CharacterModel.NONE, NpcAnimator.Clips.SAME_NAME);
                    NpcLocomotion.of(brann).patrol(List.of(new Vector3f(0, 0, 0), new Vector3f(5, 0, 0)));
                },
                (app, frame) -> {
                    assertTrue(frame < MOST_FRAMES, "the NPCs did not think in time");
                    NpcBrainControl original = brann.getControl(NpcBrainControl.class);
                    if (copy[0] == null) {
                        if (!animus.modelsReady() || original.latestPerception() == null) {
                            return true;
                        }
                        // Spawn from the template while it thinks, walks and plays.
                        copy[0] = (Node) brann.clone();
                        copy[0].setName("brann copy");
                        copy[0].move(2, 0, 0);
                        app.getRootNode().attachChild(copy[0]);
                        cloneFrame[0] = frame;
                        thoughtsAtClone[0] = original.thoughts();

                        NpcBrainControl brain = copy[0].getControl(NpcBrainControl.class);
                        NpcAnimator animator = copy[0].getControl(NpcAnimator.class);
                        NpcLocomotion legs = copy[0].getControl(NpcLocomotion.class);
                        assertEquals(1, brainsOn(copy[0]));
                        assertSame(copy[0], brain.getSpatial());
                        assertSame(copy[0], animator.getSpatial());
                        assertSame(copy[0], legs.getSpatial());
                        assertOwnState(original, brain, Set.of("sensor"));
                        assertOwnState(brann.getControl(NpcAnimator.class), animator, Set.of("mapper", "model"));
                        assertOwnState(brann.getControl(NpcLocomotion.class), legs, Set.of("facing"));
                        assertSame(composerOf(copy[0]), animator.composer(), "the clone plays on its own AnimComposer");
                        assertNotSame(composerOf(brann), animator.composer());
                        assertEquals(brann.getControl(NpcLocomotion.class).patrolPoints(), legs.patrolPoints());
                        for (int i = 0; i < legs.patrolPoints().size(); i++) {
                            assertNotSame(
                                    brann.getControl(NpcLocomotion.class)
                                            .patrolPoints()
                                            .get(i),
                                    legs.patrolPoints().get(i));
                        }
                        assertFalse(brain.isBound(), "a clone waits to be bound");
                        assertNull(brain.npcId(), "a clone of a bound brain is another NPC: no id yet");
                        assertEquals(0.1f, brain.thinkInterval(), "settings are kept");
                        assertEquals(0, brain.thoughts());
                        assertSame(original, animus.npc("brann"));
                        assertEquals(2, animus.npcs().size());
                        return true;
                    }
                    NpcBrainControl brain = copy[0].getControl(NpcBrainControl.class);
                    if (!brain.isBound()) {
                        if (frame < cloneFrame[0] + WATCH_FRAMES) {
                            return true;
                        }
                        assertEquals(0, brain.thoughts(), "an unbound brain thinks nothing");
                        assertNull(brain.latestPerception());
                        assertEquals(2, animus.npcs().size(), "and registers nothing");
                        assertTrue(original.thoughts() > thoughtsAtClone[0], "the original thinks on");
                        assertSame(brain, animus.addNpc(copy[0], "brann-2"), "addNpc binds the brain the clone has");
                        assertEquals(1, brainsOn(copy[0]));
                        assertSame(brain, animus.npc("brann-2"));
                        assertEquals("brann-2", brain.displayName());
                        return true;
                    }
                    PerceptionUpdate mine = brain.latestPerception();
                    PerceptionUpdate theirs = original.latestPerception();
                    // Both perceive the other: the clone thinks, and the original keeps working.
                    return !(mine != null
                            && mine.text().contains("brann ")
                            && theirs.text().contains("brann-2"));
                });
        game.runToEnd(300);

        NpcBrainControl brain = copy[0].getControl(NpcBrainControl.class);
        assertEquals("brann-2", brain.latestPerception().npcId());
        assertEquals(384, brain.latestPerception().embedding().dimension());
        assertSame(brann.getControl(NpcBrainControl.class), animus.npc("brann"));
    }

    @Test
    void aCloneThatKeptItsTemplatesTagIsNotBoundAndTheGameRunsOn() throws Throwable {
        AnimusAppState animus = FakeEncoder.into(new AnimusAppState(
                AnimusConfig.builder().dialogue(false).scanIntervalSeconds(0).build()));
        Node mira = new Node("mira");
        mira.setUserData(KEY, "mira");
        Node twin = new Node("twin");
        twin.setUserData(KEY, "twin");
        twin.setLocalTranslation(3, 0, 0);
        Spatial twinCopy = twin.clone(); // cloned before the scan gave the template a brain
        twinCopy.setName("twin copy");
        twinCopy.setLocalTranslation(0, 0, -3);
        Node[] copy = new Node[1];
        long[] cloneFrame = {-1};
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getStateManager().attach(animus);
                    app.getRootNode().attachChild(mira);
                    app.getRootNode().attachChild(twin);
                    app.getRootNode().attachChild(twinCopy);
                },
                (app, frame) -> {
                    assertTrue(frame < MOST_FRAMES, "the NPCs did not think in time");
                    NpcBrainControl template = mira.getControl(NpcBrainControl.class);
                    if (copy[0] == null) {
                        if (!animus.modelsReady() || template == null || template.latestPerception() == null) {
                            return true;
                        }
                        copy[0] = (Node) mira.clone();
                        copy[0].setName("mira copy");
                        copy[0].move(0, 0, 2);
                        app.getRootNode().attachChild(copy[0]);
                        cloneFrame[0] = frame;
                        return true;
                    }
                    NpcBrainControl brain = copy[0].getControl(NpcBrainControl.class);
                    if (frame == cloneFrame[0] + WATCH_FRAMES) { // many scans later
                        assertFalse(brain.isBound(), "the clone is not bound to its template's id");
                        assertSame(template, animus.npc("mira"));
                        assertFalse(brain.refused("mira"), "the scan refused it once, and logged that once");
                        NpcBrainControl twins = animus.npc("twin");
                        assertNotNull(twins);
                        Spatial other = twins.getSpatial() == twin ? twinCopy : twin;
                        assertFalse(other.getControl(NpcBrainControl.class).isBound(), "one spatial per id");
                        assertEquals(2, animus.npcs().size());
                        // The game gives both an id of their own.
                        copy[0].setUserData(KEY, "mira-2");
                        other.setUserData(KEY, "twin-2");
                        return true;
                    }
                    NpcBrainControl mira2 = animus.npc("mira-2");
                    return !(mira2 != null
                            && mira2.latestPerception() != null
                            && animus.npc("twin-2") != null
                            && animus.npc("twin-2").latestPerception() != null);
                });
        game.runToEnd(300);

        assertSame(copy[0].getControl(NpcBrainControl.class), animus.npc("mira-2"));
        assertEquals(1, brainsOn(copy[0]));
        assertSame(mira.getControl(NpcBrainControl.class), animus.npc("mira"));
        assertEquals(4, animus.npcs().size());
    }

    @Test
    void aSavedSceneLoadsAndItsBrainsAreBoundAgainByTheirUserDataOrSavedIds(@TempDir Path assets) throws Throwable {
        // A game's scene with NPCs in it, saved to a .j3o.
        AnimusAppState maker = new AnimusAppState(); // never attached: it only builds the scene
        Node village = new Node("village");
        Node brann = Rigs.rig("brann", "idle", "nod", "walk");
        village.attachChild(brann);
        maker.addNpc(brann, "brann")
                .setDisplayName("Brann the smith")
                .setThinkInterval(0.1f)
                .setResendUnchanged(true);
        NpcAnimator.of(brann, "brann", CharacterModel.NONE, NpcAnimator.Clips.SAME_NAME)
                .setActivity("idle");
        NpcLocomotion.of(brann).patrol(List.of(new Vector3f(0, 0, 0), new Vector3f(5, 0, 0)));
        Node mira = new Node("mira");
        mira.setLocalTranslation(0, 0, -4);
        mira.setUserData(KEY, "mira");
        village.attachChild(mira);
        maker.addNpc(mira, "mira").setThinkInterval(0.1f);
        BinaryExporter.getInstance().save(village, assets.resolve("village.j3o").toFile());

        AnimusAppState animus = FakeEncoder.into(new AnimusAppState(
                AnimusConfig.builder().dialogue(false).scanIntervalSeconds(0).build()));
        Spatial[] loaded = new Spatial[1];
        String[] playing = new String[2];
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getAssetManager().registerLocator(assets.toString(), FileLocator.class);
                    app.getStateManager().attach(animus);
                    animus.loadWorld("Worlds/talk.world");
                    loaded[0] = app.getAssetManager().loadModel("village.j3o");
                    Node smith = (Node) ((Node) loaded[0]).getChild("brann");
                    NpcBrainControl brain = smith.getControl(NpcBrainControl.class);
                    assertFalse(brain.isBound(), "a loaded brain waits for the scan");
                    assertEquals("brann", brain.npcId());
                    assertEquals("Brann the smith", brain.displayName());
                    assertEquals(0.1f, brain.thinkInterval());
                    assertTrue(brain.resendsUnchanged());
                    assertEquals("idle", smith.getControl(NpcAnimator.class).activity());
                    assertEquals(
                            List.of(new Vector3f(0, 0, 0), new Vector3f(5, 0, 0)),
                            smith.getControl(NpcLocomotion.class).patrolPoints());
                    app.getRootNode().attachChild(loaded[0]);
                },
                (app, frame) -> {
                    assertTrue(frame < MOST_FRAMES, "the loaded NPCs did not think in time");
                    Node smith = (Node) ((Node) loaded[0]).getChild("brann");
                    NpcBrainControl brann2 = animus.npc("brann");
                    NpcBrainControl mira2 = animus.npc("mira");
                    if (frame == 3) {
                        assertSame(smith.getControl(NpcBrainControl.class), brann2, "bound again by its saved id");
                        assertSame(
                                ((Node) loaded[0]).getChild("mira").getControl(NpcBrainControl.class),
                                mira2,
                                "bound again by its user data");
                        NpcAnimator animator = smith.getControl(NpcAnimator.class);
                        assertSame(composerOf(smith), animator.composer());
                        playing[0] = animator.playing();
                        animus.world()
                                .runtime()
                                .perform(new NpcCommand("brann", "test", new Action.Animate("nod"), null));
                        playing[1] = animator.playing();
                    }
                    if (!animus.modelsReady() || brann2 == null || mira2 == null) {
                        return true;
                    }
                    PerceptionUpdate smithSees = brann2.latestPerception();
                    PerceptionUpdate miraSees = mira2.latestPerception();
                    return !(smithSees != null
                            && miraSees != null
                            && miraSees.text().contains("Brann the smith")
                            && smith.getLocalTranslation().x > 0.5f);
                });
        game.runToEnd(300);

        Node smith = (Node) ((Node) loaded[0]).getChild("brann");
        assertEquals(1, brainsOn(smith));
        assertEquals("walk", playing[0], "the loaded animator resumed: walking its patrol");
        assertEquals("nod", playing[1], "and plays what the world performs");
        assertTrue(smith.getControl(NpcLocomotion.class).walking(), "the loaded NPC walks its patrol on");
        assertTrue(
                animus.npc("brann").latestPerception().text().contains("mira"),
                animus.npc("brann").latestPerception().text());
    }
}
