package dev.animus.api;

import com.jme3.renderer.RenderManager;
import com.jme3.renderer.ViewPort;
import com.jme3.scene.Spatial;
import com.jme3.scene.control.AbstractControl;
import dev.animus.inference.InferenceResult;
import dev.animus.model.encoder.Embedding;
import dev.animus.perception.Percept;
import dev.animus.perception.PerceptBudget;
import dev.animus.perception.PerceptFilter;
import dev.animus.perception.ThinkRate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The brain of one NPC: senses each think interval, submits a perception request to the
 * plugin's queue, and receives the encoded percept back on the render thread.
 *
 * <p>Add it to the NPC's spatial ({@code spatial.addControl(new NpcBrainControl(animus, "brann"))}),
 * or let {@link AnimusAppState} add one to spatials tagged with user data. Removing the
 * control, or taking its spatial out of the scene, cancels the NPC's pending requests.
 *
 * <p>Render thread only, like every jME control.
 */
public class NpcBrainControl extends AbstractControl {
    private final AnimusAppState animus;
    private final String npcId;
    private String displayName;
    private PerceptionSensor sensor = new ProximitySensor(12f, 3);
    /** Seconds between thoughts, or negative for the AI level of detail to decide. */
    private float thinkInterval = -1;
    private final PerceptFilter attention = new PerceptFilter();
    private final List<Percept> heard = new ArrayList<>();
    private final Map<Long, Percept> submittedPercepts = new HashMap<>();
    private long perceptsSent;
    private long thoughts;
    private long perceptsHeld;
    private boolean resendUnchanged;

    private float sinceThought = Float.MAX_VALUE;
    private String lastSubmittedText;
    private long lastSubmittedId;
    private PerceptionUpdate latest;
    private long updatedFrame = -1;
    private long failures;
    /** After failed requests (a broken or stalled encoder), thinking waits: 0.5 s, doubling, up to 30 s. */
    private final Backoff backoff = new Backoff(0.5, 30);

    /**
     * @param animus the plugin state this NPC thinks through (not null)
     * @param npcId the NPC's id, unique among the plugin's NPCs (not null, not blank)
     */
    public NpcBrainControl(AnimusAppState animus, String npcId) {
        this.animus = Objects.requireNonNull(animus, "animus");
        if (npcId == null || npcId.isBlank()) {
            throw new IllegalArgumentException("An NPC id must not be blank");
        }
        this.npcId = npcId;
        this.displayName = npcId;
    }

    /** @return the NPC's id */
    public String npcId() {
        return npcId;
    }

    /** @return the name other NPCs' percepts use (the id unless set) */
    public String displayName() {
        return displayName;
    }

    /** @param name the name other NPCs' percepts use (not blank) @return this control */
    public NpcBrainControl setDisplayName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A display name must not be blank");
        }
        this.displayName = name;
        return this;
    }

    /** @param sensor what the NPC senses (not null; default: a 12 m proximity sensor) @return this control */
    public NpcBrainControl setSensor(PerceptionSensor sensor) {
        this.sensor = Objects.requireNonNull(sensor, "sensor");
        return this;
    }

    /**
     * Fixes how often this NPC thinks, overriding the AI level of detail
     * ({@link AnimusConfig#thinkRate()}), which by default decides it from the
     * distance to the player and whether the player can see the NPC.
     *
     * @param seconds time between two thoughts (&ge;0; 0 = every frame)
     * @return this control
     */
    public NpcBrainControl setThinkInterval(float seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("think interval must be >= 0 seconds, got " + seconds);
        }
        this.thinkInterval = seconds;
        return this;
    }

    /**
     * @param resend whether to submit a percept even when its text equals the last one
     *     (default false: only changes are sent)
     * @return this control
     */
    public NpcBrainControl setResendUnchanged(boolean resend) {
        this.resendUnchanged = resend;
        return this;
    }

    /** @return the newest encoded percept, or null before the first */
    public PerceptionUpdate latestPerception() {
        return latest;
    }

    /** @return how many of this NPC's requests failed */
    public long failures() {
        return failures;
    }

    /** @return the frame this control last ran in, or -1 */
    long updatedFrame() {
        return updatedFrame;
    }

    @Override
    public void setSpatial(Spatial newSpatial) {
        Spatial old = getSpatial();
        super.setSpatial(newSpatial);
        if (old == null && newSpatial != null) {
            animus.register(this);
        } else if (old != null && newSpatial == null) {
            animus.unregister(this);
        }
    }

    /** @return how many times this NPC has looked around so far (the AI level of detail sets how often) */
    public long thoughts() {
        return thoughts;
    }

    /** @return new percepts sent to the encoder so far (changes only, within budget) */
    public long perceptsSent() {
        return perceptsSent;
    }

    /** @return new percepts left out so far because they did not fit the budget of a think */
    public long perceptsOverBudget() {
        return perceptsHeld;
    }

    @Override
    protected void controlUpdate(float tpf) {
        long start = System.nanoTime();
        updatedFrame = animus.frame();
        if (animus.isRunning()) {
            if (sinceThought == Float.MAX_VALUE) { // first frame: spread NPCs over their interval
                sinceThought = ThinkRate.stagger(animus.npcIndex(this), animus.config().thinkRate().farInterval());
            }
            sinceThought += tpf;
            float interval = thinkInterval >= 0 ? thinkInterval : animus.thinkInterval(this);
            if (sinceThought >= interval && backoff.ready()) {
                sinceThought = 0;
                think();
            }
        }
        animus.addRenderCost(System.nanoTime() - start);
    }

    private void think() {
        thoughts++;
        String text = sensor.sense(this, animus.npcsNear(this, sensor.range()));
        if (text != null && (resendUnchanged || !text.equals(lastSubmittedText))) {
            lastSubmittedText = text;
            lastSubmittedId = animus.submitPerception(this, text);
        }
        List<Percept> noticed = animus.see(this);
        if (!heard.isEmpty()) {
            noticed = new ArrayList<>(noticed);
            noticed.addAll(heard);
            heard.clear();
        }
        List<Percept> fresh = attention.changes(noticed);
        List<Percept> sent = PerceptBudget.top(fresh, animus.senses(this).perceptsPerThink());
        perceptsHeld += fresh.size() - sent.size();
        for (Percept p : sent) {
            submittedPercepts.put(animus.submitPercept(this, p), p);
            perceptsSent++;
        }
    }

    /** A sound this NPC heard: it becomes a percept at its next think. Render thread. */
    void heard(Percept percept) {
        heard.add(percept);
    }

    /** Applies a result of one of this NPC's requests. Render thread, from the state. */
    void accept(InferenceResult result) {
        if (result.kind() == dev.animus.inference.RequestKind.PERCEPT) {
            Percept p = submittedPercepts.remove(result.requestId());
            if (p != null && result.status() == dev.animus.inference.ResultStatus.COMPLETED) {
                backoff.succeeded();
                animus.notifyPercept(this, p, result.output(Embedding.class), result.frame(), result.latencyNanos() / 1e6);
            } else if (p != null && result.status() != dev.animus.inference.ResultStatus.CANCELLED) {
                failed(result);
            }
            return;
        }
        switch (result.status()) {
            case COMPLETED -> {
                backoff.succeeded();
                // A result older than the one shown is stale: never step back in time.
                if (latest == null || result.frame() >= latest.frame()) {
                    latest = new PerceptionUpdate(npcId, (String) result.input(), result.output(Embedding.class),
                            result.frame(), result.latencyNanos() / 1e6);
                    animus.notifyPerception(latest);
                }
            }
            case FAILED, REJECTED, SHED -> failed(result);
            default -> { }
        }
    }

    /** Counts a failure; a model that failed (not mere overload) makes the NPC wait before it thinks again. */
    private void failed(InferenceResult result) {
        failures++;
        if (result.status() == dev.animus.inference.ResultStatus.FAILED) {
            backoff.failed();
        }
    }

    /** @return seconds before this NPC thinks again after its requests failed, 0 if it is not waiting */
    public double backoffSeconds() {
        return backoff.secondsLeft();
    }

    /** @return the id of the last perception request this NPC submitted, or 0 */
    long lastSubmittedId() {
        return lastSubmittedId;
    }

    /** Forgets what was sent so the next thought submits again (after a cancellation). */
    void forgetSubmitted() {
        lastSubmittedText = null;
        lastSubmittedId = 0;
        submittedPercepts.clear();
        attention.reset();
    }

    @Override
    protected void controlRender(RenderManager rm, ViewPort vp) {
    }
}
