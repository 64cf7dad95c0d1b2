package example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.system.AppSettings;
import com.jme3.system.JmeContext;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The guide's game runs headless: the world file calls the game's action and Brann answers with the bundled model. */
class GettingStartedTest {

    @Test
    void brannOpensHisShopAndAnswers() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public synchronized void write(int b) {
                captured.write(b);
                original.write(b);
            }
        }, true, StandardCharsets.UTF_8));
        GettingStarted game = new GettingStarted();
        AppSettings settings = new AppSettings(true);
        settings.setAudioRenderer(null);
        game.setSettings(settings);
        game.setShowSettings(false);
        try {
            game.start(JmeContext.Type.Headless);
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (System.nanoTime() < deadline && !(text(captured).contains("brann opens the forge")
                    && text(captured).contains("brann: "))) {
                Thread.sleep(100);
            }
        } finally {
            game.stop(true);
            System.setOut(original);
        }
        String out = text(captured);
        assertTrue(out.contains("brann opens the forge"), "the world file's action called the game's code: " + out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("brann: ") && l.length() > "brann: ".length()),
                "Brann answered: " + out);
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
