package dev.animus.demo.play;

import com.jme3.input.InputManager;
import com.jme3.input.KeyInput;
import com.jme3.input.controls.ActionListener;
import com.jme3.input.controls.KeyTrigger;
import java.util.function.Consumer;

/** The demo's keys, mapped under names of their own so they never collide with a game's. */
final class Keys {
    enum Key {
        WEAPON(KeyInput.KEY_F),
        COIN(KeyInput.KEY_G),
        SKIP_TIME(KeyInput.KEY_T),
        HURT(KeyInput.KEY_H),
        TALK(KeyInput.KEY_RETURN),
        LOOK(KeyInput.KEY_L),
        DEBUG(KeyInput.KEY_F3);

        final int code;

        Key(int code) {
            this.code = code;
        }

        String mapping() {
            return "Lanternfall " + name();
        }
    }

    private Keys() {}

    /** Calls {@code onPress} on the render thread when a key goes down. */
    static void bind(InputManager input, Consumer<Key> onPress) {
        ActionListener listener = (name, pressed, tpf) -> {
            if (pressed) {
                for (Key k : Key.values()) {
                    if (k.mapping().equals(name)) {
                        onPress.accept(k);
                    }
                }
            }
        };
        for (Key k : Key.values()) {
            input.addMapping(k.mapping(), new KeyTrigger(k.code));
            input.addListener(listener, k.mapping());
        }
    }
}
