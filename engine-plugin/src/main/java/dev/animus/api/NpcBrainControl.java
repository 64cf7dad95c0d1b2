package dev.animus.api;

import com.jme3.export.InputCapsule;
import com.jme3.export.JmeExporter;
import com.jme3.export.JmeImporter;
import com.jme3.export.OutputCapsule;
import com.jme3.renderer.RenderManager;
import com.jme3.renderer.ViewPort;
import com.jme3.scene.Spatial;
import com.jme3.scene.control.AbstractControl;
import com.jme3.util.clone.Cloner;
import dev.animus.inference.InferenceResult;
import dev.animus.inference.RequestKind;
import dev.animus.inference.ResultStatus;
import dev.animus.model.encoder.Embedding;
import dev.animus.perception.Percept;
import dev.animus.perception.PerceptBudget;
import dev.animus.perception.PerceptFilter;
import dev.animus.perception.ThinkRate;
import dev.animus.runtime.Backoff;
import dev.animus.scene.NpcAnimator;
import dev.animus.scene.NpcLocomotion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
 * <h2>Clones and saved scenes</h2>
 * A brain is <em>bound</em> when it has an NPC id and an {@link AnimusAppState}: only then does
 * it think. {@link #NpcBrainControl()} makes an unbound one, and so do these:
 * <ul>
 * <li>{@code spatial.clone()} (spawning from a template): the clone's brain keeps the
 *     template's settings (display name if one was set, sensor, think interval, resending) but
 *     has fresh state of its own and, if the template's brain is bound, no id, so it registers
 *     nothing and thinks nothing. The game binds it with {@code animus.addNpc(clone, "guard-2")},
 *     which binds the brain already there instead of adding a second, or by tagging the clone
 *     with its own id ({@code clone.setUserData(AnimusConfig.DEFAULT_NPC_KEY, "guard-2")}) for
 *     the state's scan. A clone that keeps its template's tag is not bound: the scan logs an
 *     error once naming both spatials and leaves it unbound until it gets an id of its own.
 * <li>A {@code .j3o} ({@link #write}/{@link #read}) keeps the id, display name, think interval
 *     and resending, not the plugin state nor the sensor (a game with its own sensor sets it
 *     again after loading). A loaded brain is unbound until the state's scan finds it under the
 *     scene root: it is bound to the spatial's user-data tag if it has one, else to its saved
 *     id (an id in use is refused as above). {@code assetManager.loadModel} hands out clones of
 *     the loaded scene, which keep the saved ids: load a scene once, or bind each copy's NPCs
 *     to new ids.
 * </ul>
 *
 * <p>Render thread only, like every jME control.
 */
public class NpcBrainControl extends AbstractControl {
    // Per-NPC state is not final: cloneFields gives a clone its own. A new field of mutable
    // per-NPC state must get a fresh value there too (ControlCloningTest checks).
    /** The plugin state it thinks through; null while unbound. */
    private AnimusAppState animus;
    /** Its id; null for an unbound clone, the saved id for an unbound loaded brain. */
    private String npcId;
    /** The name set for percepts, or null for the id. */
    private String displayName;
    /** The id the scan last refused to bind this brain to (in use), so that is logged once. */
    private String refusedId;

    private PerceptionSensor sensor = new ProximitySensor(12f, 3);
    /** Seconds between thoughts, or negative for the AI level of detail to decide. */
    private float thinkInterval = -1;
    /**
     * The interval the level of detail chose last. An NPC that does not think every frame is
     * not asked again (a distance and a frustum test a frame) until the mid-range interval has
     * passed since its last thought: a crowd pays for the test on a fraction of the frames, and
     * one the player walks up to thinks every frame within that quarter of a second.
     */
    private float lodInterval = -1;

    private PerceptFilter attention = new PerceptFilter();
    private List<Percept> heard = new ArrayList<>();
    /** Sounds and events that were noticed but never encoded (shed, rejected, failed): noticed again next think. */
    private List<Percept> missed = new ArrayList<>();
    /** Most missed sounds kept for the next think; older ones are dropped, so an overload cannot pile them up. */
    static final int MOST_MISSED = 8;

    private Map<Long, Percept> submittedPercepts = new HashMap<>();
    /** How many times each missed sound was sent already (by identity: a sound happens once). */
    private Map<Percept, Integer> retries = new IdentityHashMap<>();
    /** A sound is sent at most this many times: one that waited longer is old news. */
    static final int MOST_SENDS = 3;

    private long perceptsSent;
    private long thoughts;
    private long perceptsHeld;
    private boolean resendUnchanged;

    private float sinceThought = Float.MAX_VALUE;
    /** Frames this NPC's thought has waited for the frame's think budget. */
    private int framesLate;

    private String lastSubmittedText;
    private long lastSubmittedId;
    private PerceptionUpdate latest;
    private long updatedFrame = -1;
    private long failures;
    /** After failed requests (a broken or stalled encoder), thinking waits: 0.5 s, doubling, up to 30 s. */
    private Backoff backoff = newBackoff();

    /**
     * @param animus the plugin state this NPC thinks through (not null)
     * @param npcId the NPC's id, unique among the plugin's NPCs (not null, not blank)
     */
    public NpcBrainControl(AnimusAppState animus, String npcId) {
        this.animus = Objects.requireNonNull(animus, "animus");
        this.npcId = requireId(npcId);
    }

    /**
     * An unbound brain, for jME's importer (.j3o): no id and no plugin state, so it thinks
     * nothing until {@link AnimusAppState#addNpc} or the state's scan binds it (see the class
     * documentation).
     */
    public NpcBrainControl() {}

    private static String requireId(String npcId) {
        if (npcId == null || npcId.isBlank()) {
            throw new IllegalArgumentException("An NPC id must not be blank");
        }
        return npcId;
    }

    private static Backoff newBackoff() {
        return new Backoff(0.5, 30);
    }

    /**
     * @return the NPC's id; for an unbound brain, the id it was saved with, or null (a clone)
     */
    public String npcId() {
        return npcId;
    }

    /** @return whether it has an id and a plugin state, and so thinks (see the class documentation) */
    public boolean isBound() {
        return animus != null;
    }

    /** @return whether it is bound to this plugin state */
    boolean isBoundTo(AnimusAppState state) {
        return animus != null && animus == state;
    }

    /**
     * Binds an unbound brain (a clone's, a loaded one) to a plugin state and an id, and
     * registers it if it is on a spatial. Called by {@link AnimusAppState#addNpc} and its scan.
     *
     * @throws IllegalStateException if it is bound already
     * @throws IllegalArgumentException if the id is blank or in use (the brain stays unbound)
     */
    void bind(AnimusAppState state, String id) {
        if (animus != null) {
            throw new IllegalStateException("The brain of NPC '" + npcId + "' is bound already");
        }
        Objects.requireNonNull(state, "animus");
        String wasId = npcId;
        npcId = requireId(id);
        animus = state;
        if (getSpatial() != null) {
            try {
                state.register(this);
            } catch (RuntimeException e) {
                animus = null;
                npcId = wasId;
                throw e;
            }
        }
        refusedId = null;
        playsFor();
    }

    /** Its character's animator (a clone's, a loaded one's) chooses clips for this NPC's id. */
    private void playsFor() {
        NpcAnimator animator = getSpatial() == null ? null : getSpatial().getControl(NpcAnimator.class);
        if (animator != null && npcId != null) {
            animator.playFor(npcId);
        }
    }

    /**
     * The scan could not bind this unbound brain to an id in use.
     *
     * @return whether this is the first time for that id (so it is logged once)
     */
    boolean refused(String id) {
        if (id.equals(refusedId)) {
            return false;
        }
        refusedId = id;
        return true;
    }

    /** @return the name other NPCs' percepts use (the id unless set) */
    public String displayName() {
        return displayName != null ? displayName : npcId;
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

    /** @return seconds between thoughts as set, or -1 when the AI level of detail decides */
    public float thinkInterval() {
        return thinkInterval;
    }

    /** @return whether a percept is submitted even when its text equals the last one */
    public boolean resendsUnchanged() {
        return resendUnchanged;
    }

    @Override
    public void setSpatial(Spatial newSpatial) {
        Spatial old = getSpatial();
        super.setSpatial(newSpatial);
        if (animus == null) {
            return; // unbound: nothing to register until bound
        }
        if (old == null && newSpatial != null) {
            animus.register(this);
            playsFor();
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
        if (animus == null) {
            return; // unbound (a clone, a loaded brain): thinks nothing until bound
        }
        long start = System.nanoTime();
        updatedFrame = animus.frame();
        if (animus.isRunning()) {
            if (sinceThought == Float.MAX_VALUE) { // first frame: spread NPCs over their interval
                sinceThought = ThinkRate.stagger(
                        animus.npcIndex(this), animus.config().thinkRate().farInterval());
            }
            sinceThought += tpf;
            float interval = thinkInterval >= 0 ? thinkInterval : levelOfDetail();
            if (sinceThought >= interval && backoff.ready()) {
                if (animus.mayThink(framesLate)) {
                    framesLate = 0;
                    sinceThought = 0;
                    long thinking = System.nanoTime();
                    think();
                    animus.thought(System.nanoTime() - thinking);
                } else {
                    framesLate++; // the frame's thoughts are spent: this NPC thinks in one of the next
                }
            }
        }
        animus.addRenderCost(System.nanoTime() - start);
    }

    private float levelOfDetail() {
        // A positive interval is the mid-range or the far one, so the mid-range one bounds both.
        if (lodInterval <= 0 || sinceThought >= animus.config().thinkRate().midInterval()) {
            lodInterval = animus.thinkInterval(this);
        }
        return lodInterval;
    }

    private void think() {
        thoughts++;
        String text = sensor.sense(this, animus.npcsNear(this, sensor.range()));
        if (text != null && (resendUnchanged || !text.equals(lastSubmittedText))) {
            lastSubmittedText = text;
            lastSubmittedId = animus.submitPerception(this, text);
        }
        List<Percept> noticed = animus.see(this);
        if (!heard.isEmpty() || !missed.isEmpty()) {
            noticed = new ArrayList<>(noticed);
            noticed.addAll(heard);
            noticed.addAll(missed);
            heard.clear();
            missed.clear();
        }
        List<Percept> fresh = attention.changes(noticed);
        List<Percept> sent = PerceptBudget.top(fresh, animus.senses(this).perceptsPerThink());
        perceptsHeld += fresh.size() - sent.size();
        if (!retries.isEmpty() && sent.size() < fresh.size()) { // a missed sound the budget left out is let go
            fresh.stream()
                    .filter(p -> sent.stream().noneMatch(q -> q == p))
                    .forEach(retries::remove); // by identity, as keyed
        }
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
        if (result.kind() == RequestKind.PERCEPT) {
            Percept p = submittedPercepts.remove(result.requestId());
            if (p != null && result.status() == ResultStatus.COMPLETED) {
                backoff.succeeded();
                retries.remove(p);
                animus.notifyPercept(
                        this, p, result.output(Embedding.class), result.frame(), result.latencyNanos() / 1e6);
            } else if (p != null && result.status() != ResultStatus.CANCELLED) {
                failed(result);
                notEncoded(p);
            }
            return;
        }
        switch (result.status()) {
            case COMPLETED -> {
                backoff.succeeded();
                // A result older than the one shown is stale: never step back in time.
                if (latest == null || result.frame() >= latest.frame()) {
                    latest = new PerceptionUpdate(
                            npcId,
                            (String) result.input(),
                            result.output(Embedding.class),
                            result.frame(),
                            result.latencyNanos() / 1e6);
                    animus.notifyPerception(latest);
                }
            }
            case FAILED, REJECTED, SHED -> {
                failed(result);
                if (result.requestId() == lastSubmittedId) {
                    lastSubmittedText = null; // never encoded: the same situation is sent again at the next think
                }
            }
            default -> {}
        }
    }

    /**
     * A percept noticed but never encoded is noticed again at the next think: a sight by
     * forgetting it was seen (so it is new while it lasts), a sound or event by keeping it for
     * the next think ({@link #MOST_SENDS} sends at most, {@link #MOST_MISSED} sounds waiting at
     * most). Each is sent again once per think at most, so an overloaded queue is not flooded;
     * the backoff of failed models still applies.
     */
    private void notEncoded(Percept p) {
        if (p.sense() == Percept.Sense.SIGHT) {
            attention.forget(p);
            return;
        }
        int sent = retries.merge(p, 1, Integer::sum);
        if (sent >= MOST_SENDS) {
            retries.remove(p);
            return;
        }
        if (missed.size() >= MOST_MISSED) {
            retries.remove(missed.remove(0));
        }
        missed.add(p);
    }

    /** Counts a failure; a model that failed (not mere overload) makes the NPC wait before it thinks again. */
    private void failed(InferenceResult result) {
        failures++;
        if (result.status() == ResultStatus.FAILED) {
            backoff.failed();
        }
    }

    /** @return the clip its character plays now, or null (no AnimComposer, or nothing playing) */
    public String playingClip() {
        NpcAnimator animator = getSpatial() == null ? null : getSpatial().getControl(NpcAnimator.class);
        return animator == null ? null : animator.playing();
    }

    /** @return whether the plugin is walking it somewhere now (its schedule or a behaviour's walk_to) */
    public boolean walking() {
        NpcLocomotion legs = getSpatial() == null ? null : getSpatial().getControl(NpcLocomotion.class);
        return legs != null && legs.walking();
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
        missed.clear();
        retries.clear();
        attention.reset();
    }

    @Override
    protected void controlRender(RenderManager rm, ViewPort vp) {}

    /**
     * A clone ({@code spatial.clone()}) keeps the settings and gets fresh state of its own, and
     * no plugin state: it is unbound until bound (see the class documentation). The clone of a
     * bound brain is another NPC and has no id; the clone of an unbound one keeps the id it
     * carries (the AssetManager hands out clones of the scene it loaded from a .j3o).
     */
    @Override
    public void cloneFields(Cloner cloner, Object original) {
        super.cloneFields(cloner, original);
        if (animus != null) {
            npcId = null;
        }
        animus = null;
        refusedId = null;
        attention = new PerceptFilter();
        heard = new ArrayList<>();
        missed = new ArrayList<>();
        submittedPercepts = new HashMap<>();
        retries = new IdentityHashMap<>();
        backoff = newBackoff();
        perceptsSent = 0;
        thoughts = 0;
        perceptsHeld = 0;
        failures = 0;
        sinceThought = Float.MAX_VALUE;
        framesLate = 0;
        lastSubmittedText = null;
        lastSubmittedId = 0;
        latest = null;
        updatedFrame = -1;
    }

    /** Saves the id, the display name if set, the think interval and resending (not the plugin state nor the sensor). */
    @Override
    public void write(JmeExporter ex) throws IOException {
        super.write(ex);
        OutputCapsule out = ex.getCapsule(this);
        out.write(npcId, "npcId", null);
        out.write(displayName, "displayName", null);
        out.write(thinkInterval, "thinkInterval", -1f);
        out.write(resendUnchanged, "resendUnchanged", false);
    }

    /** Reads what {@link #write} saved: the brain is unbound until the state's scan binds it. */
    @Override
    public void read(JmeImporter im) throws IOException {
        super.read(im);
        InputCapsule in = im.getCapsule(this);
        String id = in.readString("npcId", null);
        npcId = id == null || id.isBlank() ? null : id;
        String name = in.readString("displayName", null);
        displayName = name == null || name.isBlank() ? null : name;
        float interval = in.readFloat("thinkInterval", -1f);
        thinkInterval = interval >= 0 ? interval : -1;
        resendUnchanged = in.readBoolean("resendUnchanged", false);
    }
}
