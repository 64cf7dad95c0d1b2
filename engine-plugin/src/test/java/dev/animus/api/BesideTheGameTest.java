package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.app.state.BaseAppState;
import com.jme3.input.KeyInput;
import com.jme3.input.controls.KeyTrigger;
import com.simsilica.lemur.GuiGlobals;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Animus in a game that already has its own things: Lemur set up by the game, its own key
 * mappings (on the keys the demo uses, too), and its own AppStates. The plugin must take
 * none of them over.
 */
class BesideTheGameTest {
    /** One of the game's own states, counting its updates. */
    private static final class GameState extends BaseAppState {
        int updates;

        @Override
        public void update(float tpf) {
            updates++;
        }

        @Override
        protected void initialize(com.jme3.app.Application app) {}

        @Override
        protected void cleanup(com.jme3.app.Application app) {}

        @Override
        protected void onEnable() {}

        @Override
        protected void onDisable() {}
    }

    @Test
    void theGamesLemurKeysAndStatesStayTheGames() throws Throwable {
        AnimusAppState animus =
                new AnimusAppState(AnimusConfig.builder().dialogue(false).build());
        GameState mine = new GameState();
        GuiGlobals[] before = new GuiGlobals[1];
        GuiGlobals[] after = new GuiGlobals[1];
        List<String> said = new CopyOnWriteArrayList<>();
        boolean[] mapped = new boolean[2];
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    GuiGlobals.initialize(app); // the game set Lemur up first
                    before[0] = GuiGlobals.getInstance();
                    app.getInputManager().addMapping("MyGame.Talk", new KeyTrigger(KeyInput.KEY_RETURN));
                    app.getInputManager().addMapping("MyGame.Debug", new KeyTrigger(KeyInput.KEY_F3));
                    app.getStateManager().attach(mine);
                    WorldSession world = app.talkWorld(animus);
                    world.addActionListener(c -> {
                        if (c.action() instanceof dev.animus.world.Action.Say s) {
                            said.add(s.line());
                        }
                    });
                },
                (app, frame) -> {
                    if (frame == 3) {
                        animus.world().speak("guard", "Hello.");
                    }
                    after[0] = GuiGlobals.getInstance();
                    mapped[0] = app.getInputManager().hasMapping("MyGame.Talk");
                    mapped[1] = app.getInputManager().hasMapping("MyGame.Debug");
                    return said.isEmpty() && frame < 600;
                });
        game.runToEnd(60);

        assertSame(before[0], after[0], "Lemur stays the game's: Animus did not initialise it again");
        assertTrue(mapped[0] && mapped[1], "the game's key mappings are still there");
        assertTrue(mine.updates > 3, "the game's own state kept running");
        assertFalse(said.isEmpty(), "and the NPC answered, its bubble drawn with the game's Lemur");
    }
}
