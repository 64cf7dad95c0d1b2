package dev.animus.demo.play;

import com.jme3.input.KeyInput;
import com.jme3.math.ColorRGBA;
import com.jme3.scene.Node;
import com.simsilica.lemur.Container;
import com.simsilica.lemur.GuiGlobals;
import com.simsilica.lemur.Label;
import com.simsilica.lemur.TextField;
import com.simsilica.lemur.component.QuadBackgroundComponent;
import com.simsilica.lemur.event.KeyAction;
import java.util.function.Consumer;

/**
 * The line the player types to a villager, a Lemur text field at the bottom of the screen:
 * Enter opens it (focused, so the game's keys do not fire while typing), Enter sends, Escape
 * closes. Render thread.
 */
final class TalkField {
    /** Longest line, like the prompt's own cap. */
    static final int MAX_CHARS = 200;

    private final Container panel = new Container();
    private final Label to = new Label("");
    private final TextField field = new TextField("");
    private final Node gui;
    private final Consumer<String> onSend;
    private final Consumer<Boolean> onOpen;

    /**
     * @param gui the GUI node
     * @param width the screen's width in pixels
     * @param onSend gets the words when the player presses Enter
     * @param onOpen told when the field opens (true) and closes (false)
     */
    TalkField(Node gui, int width, Consumer<String> onSend, Consumer<Boolean> onOpen) {
        this.gui = gui;
        this.onSend = onSend;
        this.onOpen = onOpen;
        panel.setBackground(new QuadBackgroundComponent(new ColorRGBA(0, 0, 0, 0.65f)));
        panel.addChild(to);
        panel.addChild(field);
        field.setSingleLine(true);
        field.setPreferredWidth(width * 0.6f);
        field.getActionMap().put(new KeyAction(KeyInput.KEY_RETURN), (source, key) -> send());
        field.getActionMap().put(new KeyAction(KeyInput.KEY_NUMPADENTER), (source, key) -> send());
        field.getActionMap().put(new KeyAction(KeyInput.KEY_ESCAPE), (source, key) -> close());
        panel.setLocalTranslation(width * 0.2f, 90, 10);
    }

    /** @return whether the player is typing */
    boolean open() {
        return panel.getParent() != null;
    }

    /** Opens the field to talk to someone. */
    void open(String name) {
        to.setText("Say to " + name + " (Enter sends, Esc closes):");
        field.setText("");
        gui.attachChild(panel);
        GuiGlobals.getInstance().requestFocus(field);
        onOpen.accept(true);
    }

    /** Types text into the field, as the keyboard would (for the scripted tour). */
    void type(String text) {
        field.setText(text);
    }

    /** Sends what is typed, as Enter does. */
    void send() {
        String words = field.getText().strip();
        close();
        if (!words.isEmpty()) {
            onSend.accept(words.length() > MAX_CHARS ? words.substring(0, MAX_CHARS) : words);
        }
    }

    private void close() {
        if (open()) {
            GuiGlobals.getInstance().releaseFocus(field);
            panel.removeFromParent();
            onOpen.accept(false);
        }
    }
}
