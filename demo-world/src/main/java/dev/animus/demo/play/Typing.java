package dev.animus.demo.play;

import com.jme3.font.BitmapFont;
import com.jme3.font.BitmapText;
import com.jme3.input.KeyInput;
import com.jme3.input.RawInputListener;
import com.jme3.input.event.JoyAxisEvent;
import com.jme3.input.event.JoyButtonEvent;
import com.jme3.input.event.KeyInputEvent;
import com.jme3.input.event.MouseButtonEvent;
import com.jme3.input.event.MouseMotionEvent;
import com.jme3.input.event.TouchEvent;
import com.jme3.scene.Node;
import java.util.function.Consumer;

/**
 * A line the player types to a villager: Enter opens it, Enter sends it, Escape closes it.
 * While it is open it takes every key, so the game's own keys do not fire as letters are typed.
 * (A stand-in until the Lemur text field of the playable demo.)
 */
final class Typing implements RawInputListener {
    /** Longest line, like the prompt's own cap. */
    static final int MAX_CHARS = 200;

    private final BitmapText line;
    private final Consumer<String> onSend;
    private final Consumer<Boolean> onActive;
    private final StringBuilder text = new StringBuilder();
    private boolean active;

    /**
     * @param font the GUI font
     * @param gui the GUI node to show the line on
     * @param screenHeight the window's height in pixels
     * @param onSend gets the words when the player presses Enter (render thread)
     * @param onActive told when typing starts (true) and ends (false)
     */
    Typing(BitmapFont font, Node gui, int screenHeight, Consumer<String> onSend, Consumer<Boolean> onActive) {
        this.onSend = onSend;
        this.onActive = onActive;
        this.line = new BitmapText(font);
        line.setLocalTranslation(10, 3 * line.getLineHeight() + 6, 0);
        gui.attachChild(line);
    }

    boolean active() {
        return active;
    }

    @Override
    public void onKeyEvent(KeyInputEvent evt) {
        if (!evt.isPressed()) {
            if (active) {
                evt.setConsumed();
            }
            return;
        }
        int key = evt.getKeyCode();
        if (!active) {
            if (key == KeyInput.KEY_RETURN || key == KeyInput.KEY_NUMPADENTER) {
                setActive(true);
                evt.setConsumed();
            }
            return;
        }
        evt.setConsumed();
        if (key == KeyInput.KEY_RETURN || key == KeyInput.KEY_NUMPADENTER) {
            String words = text.toString().strip();
            setActive(false);
            if (!words.isEmpty()) {
                onSend.accept(words);
            }
        } else if (key == KeyInput.KEY_ESCAPE) {
            setActive(false);
        } else if (key == KeyInput.KEY_BACK) {
            if (!text.isEmpty()) {
                text.setLength(text.length() - 1);
            }
        } else if (evt.getKeyChar() >= ' ' && text.length() < MAX_CHARS) {
            text.append(evt.getKeyChar());
        }
        refresh();
    }

    private void setActive(boolean on) {
        active = on;
        text.setLength(0);
        refresh();
        onActive.accept(on);
    }

    private void refresh() {
        line.setText(active ? "Say: " + text + "_   (Enter: send, Esc: cancel)" : "");
    }

    @Override
    public void beginInput() {
    }

    @Override
    public void endInput() {
    }

    @Override
    public void onJoyAxisEvent(JoyAxisEvent evt) {
    }

    @Override
    public void onJoyButtonEvent(JoyButtonEvent evt) {
    }

    @Override
    public void onMouseMotionEvent(MouseMotionEvent evt) {
    }

    @Override
    public void onMouseButtonEvent(MouseButtonEvent evt) {
    }

    @Override
    public void onTouchEvent(TouchEvent evt) {
    }
}
