package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.asset.plugins.FileLocator;
import com.jme3.scene.Node;
import dev.animus.world.WorldFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A game registers its own behaviour action; world files name it, and it runs the game's code on the render thread. */
class GameActionTest {
    static final String WORLD = """
            animus: 1
            world: {id: shop, name: Shop}
            npcs:
              - id: smith
                name: Smith
                persona: gruff
                behaviours:
                  - id: shop
                    when: {spoken_to: true}
                    do:
                      - open_shop: blacksmith
                      - say: "Have a look."
            """;

    @Test
    void aWorldFileCallsTheGamesActionOnTheRenderThread(@TempDir Path assets) throws Throwable {
        Files.createDirectories(assets.resolve("Worlds"));
        Files.writeString(assets.resolve("Worlds/shop.world"), WORLD);
        List<String> calls = new CopyOnWriteArrayList<>();
        Thread[] render = new Thread[1];
        dev.animus.world.World[] viaAssets = new dev.animus.world.World[1];
        AnimusAppState animus = new AnimusAppState(AnimusConfig.builder()
                .dialogue(false)
                .action(
                        "open_shop",
                        (npc, argument, them) -> calls.add(npc + " " + argument + " " + them
                                + (Thread.currentThread() == render[0] ? " on the render thread" : " elsewhere")))
                .build());
        FakeEncoder.into(animus); // game actions, not meaning
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    render[0] = Thread.currentThread();
                    app.getAssetManager().registerLocator(assets.toString(), FileLocator.class);
                    app.getStateManager().attach(animus);
                    WorldSession world = animus.loadWorld("Worlds/shop.world");
                    // Through the AssetManager too, the game's action is a known name.
                    viaAssets[0] =
                            (dev.animus.world.World) app.getAssetManager().loadAsset("Worlds/shop.world");
                    Node smith = new Node("smith");
                    app.getRootNode().attachChild(smith);
                    animus.addNpc(smith, "smith");
                    world.speak("smith", "Can I buy something?");
                },
                (app, frame) -> calls.isEmpty() && frame < 600);
        game.runToEnd(60);
        assertEquals(List.of("smith blacksmith player on the render thread"), calls);
        assertEquals("shop", viaAssets[0].id());
    }

    @Test
    void anActionNobodyRegisteredFailsWithTheRegisteredOnes(@TempDir Path assets) throws Throwable {
        Files.createDirectories(assets.resolve("Worlds"));
        Files.writeString(assets.resolve("Worlds/shop.world"), WORLD);
        AnimusAppState animus = new AnimusAppState(AnimusConfig.builder()
                .dialogue(false)
                .action("open_door", (npc, argument, them) -> {})
                .build());
        Throwable[] failure = new Throwable[1];
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getAssetManager().registerLocator(assets.toString(), FileLocator.class);
                    app.getStateManager().attach(animus);
                    failure[0] = assertThrows(WorldFileException.class, () -> animus.loadWorld("Worlds/shop.world"));
                },
                (app, frame) -> false);
        game.runToEnd(60);
        String message = failure[0].getMessage();
        assertTrue(
                message.contains("Worlds/shop.world:11:")
                        && message.contains("open_shop")
                        && message.contains("did you mean 'open_door'"),
                message);

        IllegalArgumentException builtIn = assertThrows(
                IllegalArgumentException.class,
                () -> AnimusConfig.builder().action("say", (npc, argument, them) -> {}));
        assertTrue(builtIn.getMessage().contains("one of Animus's own actions"), builtIn.getMessage());
    }
}
