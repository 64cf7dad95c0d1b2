package dev.animus.demo.play;

import com.jme3.math.ColorRGBA;
import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import com.simsilica.lemur.Container;
import com.simsilica.lemur.Label;
import com.simsilica.lemur.ProgressBar;
import com.simsilica.lemur.component.QuadBackgroundComponent;

/** A progress bar over the village while characters and models load. Render thread. */
final class LoadingScreen {
    private final Container panel = new Container();
    private final ProgressBar bar = new ProgressBar();

    LoadingScreen(Node gui, int width, int height) {
        panel.setBackground(new QuadBackgroundComponent(new ColorRGBA(0.02f, 0.03f, 0.06f, 0.92f)));
        Label title = panel.addChild(new Label("Lanternfall"));
        title.setFontSize(32);
        title.setColor(new ColorRGBA(1f, 0.8f, 0.45f, 1));
        panel.addChild(new Label("A lakeside village where the NPCs think with Animus"));
        panel.addChild(bar);
        bar.setPreferredSize(new Vector3f(width * 0.4f, 24, 0));
        panel.setLocalTranslation(width * 0.3f, height * 0.6f, 50);
        gui.attachChild(panel);
    }

    /** @param progress 0 to 1 @param message what is loading */
    void show(double progress, String message) {
        bar.setProgressPercent(Math.max(0, Math.min(1, progress)));
        bar.setMessage(message);
    }

    /** @return the progress shown, 0 to 1 */
    double progress() {
        return bar.getProgressPercent();
    }

    void close() {
        panel.removeFromParent();
    }
}
