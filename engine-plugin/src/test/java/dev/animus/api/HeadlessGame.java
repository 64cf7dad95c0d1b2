package dev.animus.api;

import com.jme3.app.SimpleApplication;
import com.jme3.system.AppSettings;
import com.jme3.system.JmeContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * A real headless jME application for tests: runs a set-up step, then a per-frame step on
 * the render thread until it says stop (or a time limit passes).
 */
public final class HeadlessGame extends SimpleApplication {
    static {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    private final Consumer<HeadlessGame> setUp;
    private final BiPredicate<HeadlessGame, Long> everyFrame;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable failure;
    private long frame;

    /**
     * @param fps the frame rate (jME treats &le;0 as 60; use a large number for unthrottled)
     * @param setUp runs once in simpleInitApp
     * @param everyFrame runs in every simpleUpdate with the frame number; returns false to stop
     */
    public HeadlessGame(int fps, Consumer<HeadlessGame> setUp, BiPredicate<HeadlessGame, Long> everyFrame) {
        super((com.jme3.app.state.AppState[]) null);
        this.setUp = setUp;
        this.everyFrame = everyFrame;
        AppSettings settings = new AppSettings(true);
        settings.setFrameRate(fps);
        settings.setAudioRenderer(null);
        setSettings(settings);
        setShowSettings(false);
        setPauseOnLostFocus(false);
    }

    /**
     * The dialogue tests' set-up: attaches the plugin, loads {@code Worlds/talk.world} and gives
     * its two NPCs, Brann and the guard, bare bodies. Call it from the set-up step.
     *
     * @param animus the plugin state
     * @return the running world
     */
    public WorldSession talkWorld(AnimusAppState animus) {
        getStateManager().attach(animus);
        WorldSession world = animus.loadWorld("Worlds/talk.world");
        for (String id : java.util.List.of("brann", "guard")) {
            com.jme3.scene.Node body = new com.jme3.scene.Node(id);
            getRootNode().attachChild(body);
            animus.addNpc(body, id);
        }
        return world;
    }

    /** Starts the game, waits for it to finish and stop, and rethrows a failure from the render thread. */
    public void runToEnd(long timeoutSeconds) throws Throwable {
        start(JmeContext.Type.Headless);
        boolean finished = done.await(timeoutSeconds, TimeUnit.SECONDS);
        stop(true);
        if (failure != null) {
            throw failure;
        }
        if (!finished) {
            throw new AssertionError("the game did not finish in " + timeoutSeconds + " s (frame " + frame + ")");
        }
    }

    @Override
    public void simpleInitApp() {
        try {
            setUp.accept(this);
        } catch (Throwable t) {
            failure = t;
            done.countDown();
        }
    }

    @Override
    public void simpleUpdate(float tpf) {
        if (done.getCount() == 0) {
            return;
        }
        frame++;
        try {
            if (!everyFrame.test(this, frame)) {
                done.countDown();
            }
        } catch (Throwable t) {
            failure = t;
            done.countDown();
        }
    }
}
