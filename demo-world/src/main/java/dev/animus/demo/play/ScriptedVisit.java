package dev.animus.demo.play;

import com.jme3.app.state.ScreenshotAppState;
import com.jme3.bounding.BoundingBox;
import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import dev.animus.api.AnimusAppState;
import dev.animus.world.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A visit played by script in the real windowed game, as a player would: walk up to Brann,
 * open the text field, type a question and send it, wait for his reply, then look around.
 * Screenshots along the way and a report ({@code report.properties}: the reply, the bubble's
 * text and height, Brann's clips, frame times while he thought) go to a folder; the window
 * test reads them. Render thread.
 */
final class ScriptedVisit {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptedVisit.class);
    /** Lanternfall's smith and what a visitor asks him; in another world, its first NPC. */
    static final String NPC = "brann";

    static final String QUESTION = "How much is an iron sword?";
    static final String ANY_WORLD_QUESTION = "What can you tell me about this place?";
    /** Seconds of game time the visit may take before it gives up. */
    static final float TIME_LIMIT = 240;

    private enum Step {
        ARRIVE,
        WALK,
        TYPE,
        SEND,
        WAIT_REPLY,
        READ,
        LOOK,
        WAIT_LOOK,
        DEBUG,
        NIGHT,
        DONE
    }

    private final LanternfallDemo game;
    private final Path folder;
    private final ScreenshotAppState camera;
    private final Properties report = new Properties();
    private final Set<String> clips = new LinkedHashSet<>();
    private final List<Float> frameMs = new ArrayList<>();
    private final List<Float> walkingFrameMs = new ArrayList<>();
    private Step step = Step.ARRIVE;
    private float inStep;
    private float total;
    private String clipBefore;

    /** @return who the visit (or the headless tour) asks: Brann in Lanternfall, else the first NPC */
    static String npcOf(World world) {
        return world.npcsById().containsKey(NPC) ? NPC : world.npcs().get(0).id();
    }

    static String questionFor(World world) {
        return world.npcsById().containsKey(NPC) ? QUESTION : ANY_WORLD_QUESTION;
    }

    private final String npc;
    private final String question;

    ScriptedVisit(LanternfallDemo game, Path folder) {
        this.game = game;
        this.npc = npcOf(game.world().world());
        this.question = questionFor(game.world().world());
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the visit's folder " + folder, e);
        }
        camera = game.screenshotsTo(folder, "visit");
    }

    void update(float tpf) {
        inStep += tpf;
        total += tpf;
        if (total > TIME_LIMIT && step != Step.DONE) {
            finish("gave up at step " + step + " after " + TIME_LIMIT + " s");
            return;
        }
        Node brann = (Node) game.animus().npc(npc).getSpatial();
        String playing = game.animus().npc(npc).playingClip();
        if (step.ordinal() >= Step.SEND.ordinal() && playing != null) {
            clips.add(playing);
        }
        switch (step) {
            case ARRIVE -> { // the first view: the village as a new player finds it
                if (inStep > 1.5f) {
                    shot("0-arrival");
                    next(Step.WALK);
                }
            }
            case WALK -> {
                walkingFrameMs.add(tpf * 1000); // the baseline: nobody is thinking of a reply
                Vector3f him = brann.getWorldTranslation();
                Vector3f eye = game.getCamera().getLocation();
                Vector3f stand = him.add(new Vector3f(eye.x - him.x, 0, eye.z - him.z)
                        .normalizeLocal()
                        .multLocal(4.5f));
                Vector3f to = stand.subtract(eye.x, 0, eye.z).setY(0);
                float d = to.length();
                if (d > 0.1f) {
                    game.getCamera().setLocation(eye.add(to.normalize().multLocal(Math.min(d, 4 * tpf))));
                }
                game.getCamera().lookAt(him.add(0, 1.4f, 0), Vector3f.UNIT_Y);
                if (d <= 0.1f && inStep > 1) {
                    shot("1-walked-to-" + npc);
                    clipBefore = playing;
                    game.talkTo(npc);
                    next(Step.TYPE);
                }
            }
            case TYPE -> {
                if (inStep > 0.5f) {
                    game.talk().type(question);
                    next(Step.SEND);
                }
            }
            case SEND -> {
                if (inStep > 0.5f) {
                    shot("2-typing");
                    game.talk().send(); // as Enter does: the words go to the nearest villager
                    next(Step.WAIT_REPLY);
                }
            }
            case WAIT_REPLY -> {
                frameMs.add(tpf * 1000);
                game.getCamera().lookAt(brann.getWorldTranslation().add(0, 1.6f, 0), Vector3f.UNIT_Y);
                String reply = game.replyOf(npc);
                AnimusAppState animus = game.animus();
                if (reply != null && reply.equals(animus.bubbleText(npc))) {
                    report.setProperty("reply", reply);
                    report.setProperty("bubble.text", animus.bubbleText(npc));
                    Spatial bubble = brann.getChild(AnimusAppState.BUBBLE_NODE);
                    report.setProperty(
                            "bubble.y", Float.toString(bubble == null ? Float.NaN : bubble.getWorldTranslation().y));
                    report.setProperty(
                            "bubble.attachedTo",
                            bubble == null ? "" : bubble.getParent().getName());
                    report.setProperty("brann.headY", Float.toString(headY(brann)));
                    next(Step.READ);
                }
            }
            case READ -> {
                frameMs.add(tpf * 1000);
                if (inStep > 1) {
                    shot("3-" + npc + "-answers");
                    next(Step.LOOK);
                }
            }
            case LOOK -> {
                game.lookAround();
                next(Step.WAIT_LOOK);
            }
            case WAIT_LOOK -> {
                String shown = game.look().shown();
                if (shown != null && !shown.startsWith("(looking")) {
                    report.setProperty("look", shown);
                    game.debug().toggle();
                    next(Step.DEBUG);
                }
            }
            case DEBUG -> {
                if (inStep > 1.5f && !report.containsKey("debug")) { // the debug panel has refreshed
                    shot("4-look-around-and-debug");
                    report.setProperty("debug", game.debug().text());
                } else if (inStep > 3) { // the screenshot is on disk: on to the night, by the lake
                    game.debug().toggle();
                    game.nightByTheWater();
                    next(Step.NIGHT);
                }
            }
            case NIGHT -> {
                if (inStep > 2.5f) { // the lanterns are lit, and the lights have come out over the water
                    report.setProperty(
                            "night.lanterns", Boolean.toString(game.village().lanternsLit()));
                    report.setProperty(
                            "night.lightsOverWater",
                            Boolean.toString(game.village().lightsOverWater()));
                    shot("5-night-by-the-lake");
                    next(Step.DONE);
                }
            }
            case DONE -> {
                if (inStep > 2) { // the screenshot is on disk
                    finish(null);
                }
            }
        }
    }

    private void next(Step s) {
        step = s;
        inStep = 0;
    }

    private void shot(String name) {
        camera.setFileName(name);
        camera.takeScreenshot();
        LOG.info("Screenshot {}/{}.png", folder, name);
    }

    /** The top of the character model, in world space. */
    private static float headY(Node npc) {
        float top = npc.getWorldTranslation().y;
        for (Spatial child : npc.getChildren()) {
            if (child.getWorldBound() instanceof BoundingBox box
                    && !child.getName().equals(AnimusAppState.BUBBLE_NODE)
                    && !child.getName().startsWith("label ")) {
                top = Math.max(top, box.getCenter().y + box.getYExtent());
            }
        }
        return top;
    }

    private void finish(String failure) {
        report.setProperty("question", question);
        report.setProperty("clip.before", String.valueOf(clipBefore));
        report.setProperty("clips.after", String.join(",", clips));
        frameTimes("", frameMs);
        frameTimes("walking.", walkingFrameMs);
        report.setProperty("ok", Boolean.toString(failure == null));
        if (failure != null) {
            report.setProperty("failure", failure);
        }
        try (Writer w = Files.newBufferedWriter(folder.resolve("report.properties"))) {
            report.store(w, "Lanternfall scripted visit");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info("Visit report: {}", report);
        if (failure != null) {
            game.fail("The scripted visit " + failure);
        } else {
            game.finish("The scripted visit is done.");
        }
    }

    /** Frame times: while Brann thought and answered, and while walking to him (the baseline). */
    private void frameTimes(String prefix, List<Float> ms) {
        List<Float> sorted = new ArrayList<>(ms);
        sorted.sort(null);
        if (!sorted.isEmpty()) {
            report.setProperty(prefix + "frames", Integer.toString(sorted.size()));
            report.setProperty(prefix + "frame.p50.ms", fmt(sorted.get(sorted.size() / 2)));
            report.setProperty(prefix + "frame.p99.ms", fmt(sorted.get(Math.min(sorted.size() - 1, (int)
                    (sorted.size() * 0.99)))));
            report.setProperty(prefix + "frame.max.ms", fmt(sorted.get(sorted.size() - 1)));
        }
    }

    private static String fmt(float v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
