package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.memory.FactIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the render thread asks for never makes it wait: a scene description while the decoder
 * is still loading, a save and a world swap while the disk is busy, and detaching the plugin
 * while a batch runs. Each is asked for with what it depends on held shut by the test; the
 * game must go on drawing frames before the test lets it through. (A safety timer lets it
 * through after a few seconds anyway, so a render thread that waits fails the test instead of
 * hanging it.)
 */
class RenderThreadNeverWaitsTest {
    /** Frames the game must draw while a dependency is held before the test lets it go. */
    private static final int FRAMES_WHILE_HELD = 5;

    private static final String BUSY = "a batch that will not finish yet";

    @TempDir
    Path saves;

    /** One held dependency: asked for on some frame, let through after enough frames or the safety timer. */
    private static final class Hold {
        final String what;
        final Runnable release;
        long askedAtFrame = -1;
        long framesWhileHeld;
        long longestFrameNanos;
        private long lastFrameNanos;
        volatile boolean released;

        Hold(String what, Runnable release) {
            this.what = what;
            this.release = release;
        }

        void asked(long frame) {
            askedAtFrame = frame;
            lastFrameNanos = System.nanoTime();
        }

        /** Called every frame on the render thread: counts frames drawn while held. */
        void frame() {
            if (askedAtFrame < 0 || released) {
                return;
            }
            long now = System.nanoTime();
            longestFrameNanos = Math.max(longestFrameNanos, now - lastFrameNanos);
            lastFrameNanos = now;
            if (++framesWhileHeld >= FRAMES_WHILE_HELD) {
                letGo();
            }
        }

        synchronized void letGo() {
            if (!released) {
                released = true;
                release.run();
            }
        }
    }

    @Test
    void lookAroundSaveWorldSwapAndDetachNeverHoldUpAFrame() throws Throwable {
        AnimusAppState animus =
                new AnimusAppState(AnimusConfig.builder().saveFolder(saves).build());
        GatedEncoder<?, ?>[] encoder = new GatedEncoder<?, ?>[1];
        animus.faults = m -> {
            encoder[0] = new GatedEncoder<>(m);
            encoder[0].load.hold(); // the only worker loads the encoder first: the decoder stays cold
            return encoder[0];
        };
        CountDownLatch saveThread = new CountDownLatch(1);
        Map<String, Hold> holds = new LinkedHashMap<>();
        holds.put("lookAround", new Hold("a description while the decoder is cold", () -> encoder[0].load.release()));
        holds.put("swap", new Hold("a save and a world swap while the save thread is busy", saveThread::countDown));
        holds.put("detach", new Hold("detaching while a batch runs", () -> encoder[0].batch.release()));
        ScheduledExecutorService safety = Executors.newSingleThreadScheduledExecutor();
        WorldSession[] world = new WorldSession[1];
        CompletableFuture<?>[] description = new CompletableFuture<?>[1];
        CompletableFuture<?>[] saved = new CompletableFuture<?>[1];
        CompletableFuture<?>[] facts = new CompletableFuture<?>[1];
        CompletableFuture<?>[] busy = new CompletableFuture<?>[1];
        boolean[] detached = {false};
        String[] step = {"lookAround"};

        HeadlessGame game = new HeadlessGame(60, app -> world[0] = app.talkWorld(animus), (app, frame) -> {
            holds.values().forEach(Hold::frame);
            switch (step[0]) {
                case "lookAround" -> {
                    Hold h = holds.get("lookAround");
                    if (h.askedAtFrame < 0 && frame >= 2) {
                        description[0] = world[0].lookAround("brann");
                        h.asked(frame);
                        safety.schedule(h::letGo, 5, TimeUnit.SECONDS);
                    } else if (description[0] != null && description[0].isDone()) {
                        step[0] = "swap";
                    }
                }
                case "swap" -> {
                    Hold h = holds.get("swap");
                    if (h.askedAtFrame < 0) {
                        world[0].saves().runInTurn(() -> {
                            try {
                                saveThread.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                        saved[0] = world[0].save(saves.resolve("talk.save.db"));
                        WorldSession old = world[0];
                        world[0] = animus.useWorld(old.world()); // the old session closes its save thread
                        h.asked(frame);
                        safety.schedule(h::letGo, 5, TimeUnit.SECONDS);
                        // the methods any thread may call, from another thread, with a world just swapped
                        facts[0] = CompletableFuture.supplyAsync(() -> world[0].relevantFacts("brann", "a sword?", 2))
                                .thenCompose(f -> f);
                    } else if (saved[0].isDone() && facts[0].isDone()) {
                        step[0] = "detach";
                    }
                }
                case "detach" -> {
                    Hold h = holds.get("detach");
                    if (busy[0] == null) {
                        encoder[0].holds = inputs -> inputs.contains(BUSY);
                        encoder[0].batch.hold();
                        busy[0] = animus.embed("test", BUSY);
                    } else if (!detached[0] && encoder[0].batch.waiting() == 1) {
                        app.getStateManager().detach(animus); // cleaned up at the next frame's state update
                        detached[0] = true;
                    } else if (detached[0] && h.askedAtFrame < 0 && !animus.isInitialized()) {
                        h.asked(frame);
                        safety.schedule(h::letGo, 5, TimeUnit.SECONDS);
                    } else if (h.released && animus.stopped().isDone()) {
                        return false;
                    }
                }
                default -> throw new IllegalStateException(step[0]);
            }
            return frame < 60 * 180;
        });
        try {
            game.runToEnd(240);
        } finally {
            safety.shutdownNow();
        }

        for (Hold h : holds.values()) {
            System.getLogger("test")
                    .log(
                            System.Logger.Level.INFO,
                            h.what + ": " + h.framesWhileHeld + " frames while held, longest "
                                    + h.longestFrameNanos / 1_000_000 + " ms");
            assertTrue(h.askedAtFrame >= 0, h.what + " was never asked for");
            assertEquals(FRAMES_WHILE_HELD, h.framesWhileHeld, h.what + ": the render thread waited on it");
        }
        assertNotNull(description[0].get(1, TimeUnit.SECONDS), "the description came once the decoder loaded");
        assertEquals(
                saves.resolve("talk.save.db"),
                saved[0].get(1, TimeUnit.SECONDS),
                "the save asked for before the swap was still written");
        assertTrue(Files.size(saves.resolve("talk.save.db")) > 0);
        @SuppressWarnings("unchecked")
        List<FactIndex.Scored> found = (List<FactIndex.Scored>) facts[0].get(1, TimeUnit.SECONDS);
        assertEquals(2, found.size(), "facts retrieved from another thread: " + found);
        assertTrue(animus.stopped().isDone(), "the detached plugin's workers stopped and its models closed");
        assertTrue(busy[0].isDone(), "the batch that ran while detaching ended");
        assertFalse(animus.isInitialized());
    }
}
