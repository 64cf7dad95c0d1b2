package example;

import com.jme3.app.SimpleApplication;
import com.jme3.scene.Node;
import dev.animus.api.AnimusConfig;
import dev.animus.api.AnimusAppState;
import dev.animus.api.WorldSession;

/** The getting-started guide's game: one NPC brought to life. The README shows the marked lines. */
public class GettingStarted extends SimpleApplication {

    public static void main(String[] args) {
        new GettingStarted().start();
    }

    @Override
    public void simpleInitApp() {
        // getting-started:begin
        AnimusAppState animus = new AnimusAppState(AnimusConfig.builder()
                .action("open_shop", (npc, shop, who) -> System.out.println(npc + " opens the " + shop))
                .build());
        stateManager.attach(animus);
        WorldSession world = animus.loadWorld("Worlds/village.world");   // from your assets folder

        Node brann = new Node("Brann");                                  // your character's spatial
        rootNode.attachChild(brann);
        animus.addNpc(brann, "brann");                                   // now it thinks

        world.addDialogueListener(reply -> System.out.println(reply.npcId() + ": " + reply.text()));
        world.speak("brann", "How much is a sword?");                   // as if the player said it
        // getting-started:end
    }
}
