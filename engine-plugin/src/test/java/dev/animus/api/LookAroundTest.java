package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.scene.Node;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Asked "what do you see?" in other words, an NPC describes where it stands; the player can look around too. */
class LookAroundTest {

    @Test
    void anNpcAskedWhatItSeesDescribesItsSurroundings() throws Throwable {
        AnimusAppState animus = new AnimusAppState(AnimusConfig.builder().build());
        Map<String, DialogueReply> replies = new ConcurrentHashMap<>();
        String[] playerSees = new String[1];
        WorldSession[] world = new WorldSession[1];
        Node player = new Node("player");
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getStateManager().attach(animus);
                    world[0] = animus.loadWorld("Worlds/small.world");
                    world[0].setPlayer(player);
                    app.getRootNode().attachChild(player);
                    world[0].spawnNpcs(app.getRootNode(), app.getAssetManager());
                    world[0].addDialogueListener(new DialogueListener() {
                        @Override
                        public void onReply(DialogueReply reply) {
                            replies.put(reply.npcId(), reply);
                        }
                    });
                },
                (app, frame) -> {
                    if (frame == 3) {
                        world[0].speak("keeper", "Tell me what you see around you.");
                        world[0].lookAround(WorldSession.PLAYER).thenAccept(text -> playerSees[0] = text);
                    }
                    return (replies.get("keeper") == null || playerSees[0] == null) && frame < 60 * 120;
                });
        game.runToEnd(180);

        DialogueReply keeper = replies.get("keeper");
        assertTrue(keeper != null && !keeper.fallback(), "the keeper answered: " + keeper);
        assertEquals(java.util.List.of(), keeper.facts(), "a description, not an answer from facts: " + keeper);
        assertFalse(keeper.text().isBlank());
        assertTrue(keeper.text().contains("square"), "it names where it stands: " + keeper.text());
        assertTrue(playerSees[0] != null && !playerSees[0].isBlank(), "the player's look around: " + playerSees[0]);
    }
}
