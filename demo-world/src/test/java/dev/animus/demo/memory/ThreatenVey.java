package dev.animus.demo.memory;

import com.jme3.scene.Node;
import dev.animus.api.AnimusAppState;
import dev.animus.api.AnimusConfig;
import dev.animus.api.HeadlessGame;
import dev.animus.api.WorldSession;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The first process of {@link VeyRemembersTest}: in a headless Lanternfall, the player
 * threatens Captain Vey; once Vey remembers it, the world is saved and the process ends.
 */
public final class ThreatenVey {
    /** What the player says. */
    static final String THREAT = "I will cut your throat, you old fool.";

    private ThreatenVey() {}

    public static void main(String[] args) throws Throwable {
        Path file = Path.of(args[0]);
        AnimusAppState animus =
                new AnimusAppState(AnimusConfig.builder().dialogue(false).build());
        WorldSession[] world = new WorldSession[1];
        boolean[] said = new boolean[1];
        java.util.concurrent.CompletableFuture<Path>[] saved = new java.util.concurrent.CompletableFuture[1];
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getStateManager().attach(animus);
                    world[0] = animus.loadWorld("Worlds/lanternfall.world");
                    Node vey = new Node("vey");
                    app.getRootNode().attachChild(vey);
                    animus.addNpc(vey, "vey");
                },
                (app, frame) -> {
                    WorldSession w = world[0];
                    if (!said[0] && w.semanticTriggersReady()) {
                        said[0] = true;
                        w.speak("vey", THREAT);
                    }
                    if (saved[0] == null
                            && w.memories("vey").stream().anyMatch(m -> m.text().contains("threatened me"))) {
                        saved[0] = w.save(file);
                    }
                    return (saved[0] == null || !saved[0].isDone()) && frame < 60 * 120;
                });
        game.runToEnd(180);
        saved[0].get(30, TimeUnit.SECONDS);
        System.out.println("saved " + file);
        System.exit(0);
    }
}
