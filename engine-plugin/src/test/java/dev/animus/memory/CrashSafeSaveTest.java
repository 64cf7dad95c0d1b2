package dev.animus.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate JVM saves in a loop and is killed with SIGKILL at random moments, often in the
 * middle of a save: every time, the file opens with a whole save no older than the last one
 * reported done.
 */
class CrashSafeSaveTest {
    /** Kills per CI run; the README's reliability section documents a longer run. */
    private static final int KILLS = Integer.getInteger("animus.crashKills", 5);

    @Test
    void killingTheSaverNeverLosesACompletedSave(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("crash.save.db");
        SplittableRandom random = new SplittableRandom(7);
        int lastDone = 0;
        for (int round = 0; round < KILLS; round++) {
            Process p = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            SaveLoop.class.getName(),
                            file.toString())
                    .redirectErrorStream(true)
                    .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            int done = 0;
            int target = 1 + random.nextInt(4);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while (done < target && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                if (line.startsWith("saved ")) {
                    done = Integer.parseInt(line.substring(6));
                }
            }
            // Let it get some way into the next save, then kill it with no chance to clean up.
            Thread.sleep(random.nextInt(40));
            p.destroyForcibly(); // SIGKILL on Linux
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertTrue(done >= 1, "the saver never finished a save");

            WorldSave loaded = MemoryStore.load(file, "crash");
            int saved = (int) loaded.clockSeconds();
            assertTrue(saved >= done, "save " + saved + " is older than the last completed one, " + done);
            assertEquals(SaveLoop.big(saved), loaded, "the save is whole, not a mix of two");
            lastDone = saved;
        }
        assertTrue(lastDone > 0);
    }
}
