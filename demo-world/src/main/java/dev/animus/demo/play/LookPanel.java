package dev.animus.demo.play;

import com.jme3.math.ColorRGBA;
import com.jme3.scene.Node;
import com.simsilica.lemur.Container;
import com.simsilica.lemur.Label;
import com.simsilica.lemur.component.QuadBackgroundComponent;

/** The "look around" panel: what the player sees, as the decoder describes it. Render thread. */
final class LookPanel {
    /** Seconds a description stays up. */
    static final float SHOWN_SECONDS = 20;

    private final Container panel = new Container();
    private final Label title = new Label("You look around");
    private final Label text = new Label("");
    private final Node gui;
    private float left;

    LookPanel(Node gui, int width, int height) {
        this.gui = gui;
        panel.setBackground(new QuadBackgroundComponent(new ColorRGBA(0.05f, 0.05f, 0.1f, 0.75f)));
        title.setColor(new ColorRGBA(1f, 0.85f, 0.5f, 1));
        panel.addChild(title);
        panel.addChild(text);
        text.setMaxWidth(width * 0.35f);
        panel.setLocalTranslation(20, height - 60, 10);
    }

    /** Shows that a description is being written. */
    void thinking() {
        show("(looking...)");
    }

    void show(String description) {
        text.setText(description);
        gui.attachChild(panel);
        left = SHOWN_SECONDS;
    }

    /** @return the text shown, or null when hidden */
    String shown() {
        return panel.getParent() == null ? null : text.getText();
    }

    void update(float tpf) {
        if (left > 0) {
            left -= tpf;
            if (left <= 0) {
                panel.removeFromParent();
            }
        }
    }
}
