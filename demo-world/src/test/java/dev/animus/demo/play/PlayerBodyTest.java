package dev.animus.demo.play;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.asset.DesktopAssetManager;
import com.jme3.math.Vector3f;
import com.jme3.renderer.Camera;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import org.junit.jupiter.api.Test;

/** The player's arms stay in front of the eyes, wherever they look, and hold the sword when drawn. */
class PlayerBodyTest {

    @Test
    void theArmsFollowTheEyesAndTheSwordComesOutOnF() {
        Node root = new Node("root");
        PlayerBody body = new PlayerBody(new DesktopAssetManager(true), root);
        Camera eyes = new Camera(1280, 720);
        eyes.setFrustumPerspective(50, 1280f / 720, 0.05f, 1000);
        eyes.setLocation(new Vector3f(10, 1.7f, 5));
        eyes.lookAt(new Vector3f(-20, 1.7f, -30), Vector3f.UNIT_Y);
        body.follow(eyes, 0);
        root.updateGeometricState();
        java.util.List<Spatial> hands = new java.util.ArrayList<>();
        root.depthFirstTraversal(s -> {
            if (s.getName().equals("hand")) {
                hands.add(s);
            }
        });
        assertTrue(hands.size() == 2, "two hands: " + hands);
        for (Spatial hand : hands) {
            Vector3f at = hand.getWorldTranslation();
            Vector3f seen = eyes.getScreenCoordinates(at);
            assertTrue(at.subtract(eyes.getLocation()).dot(eyes.getDirection()) > 0.3f, "in front: " + at);
            assertTrue(seen.x > 0 && seen.x < 1280 && seen.y > 0 && seen.y < 720 / 2f, "low in the view: " + seen);
        }
        assertFalse(body.swordShowing());
        body.weaponDrawn(true);
        assertTrue(body.swordShowing());
        body.weaponDrawn(false);
        assertFalse(body.swordShowing());
    }
}
