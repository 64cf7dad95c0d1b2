package dev.animus.scene;

import com.jme3.math.ColorRGBA;
import com.jme3.math.Vector3f;
import com.jme3.scene.Spatial;
import com.simsilica.lemur.Container;
import com.simsilica.lemur.Insets3f;
import com.simsilica.lemur.Label;
import com.simsilica.lemur.component.QuadBackgroundComponent;

/** The plugin's own bubble: a white Lemur label on a dark, translucent quad, word-wrapped at 3 m. */
final class LemurBubble implements SpeechBubbles.View {
    private static final ColorRGBA BACKGROUND = new ColorRGBA(0.05f, 0.05f, 0.08f, 0.85f);

    private final Container box = new Container();
    private final Label label;
    private final QuadBackgroundComponent background = new QuadBackgroundComponent(BACKGROUND.clone());

    LemurBubble() {
        box.setBackground(background);
        box.setInsets(new Insets3f(4, 6, 4, 6));
        label = box.addChild(new Label(""));
        label.setColor(ColorRGBA.White.clone());
        label.setMaxWidth(SpeechBubbles.WRAP);
        box.setLocalScale(SpeechBubbles.SCALE);
    }

    @Override
    public Spatial spatial() {
        return box;
    }

    @Override
    public void setText(String text) {
        label.setText(text);
        // Centred over the head, growing upwards: Lemur lays out from the top left.
        Vector3f size = box.getPreferredSize();
        box.setLocalTranslation(-size.x * SpeechBubbles.SCALE / 2, size.y * SpeechBubbles.SCALE, 0);
    }

    @Override
    public void setAlpha(float alpha) {
        label.setColor(new ColorRGBA(1, 1, 1, alpha));
        background.setColor(new ColorRGBA(BACKGROUND.r, BACKGROUND.g, BACKGROUND.b, BACKGROUND.a * alpha));
    }

    @Override
    public Vector3f size() {
        return box.getPreferredSize().mult(SpeechBubbles.SCALE);
    }
}
