package dev.animus.scene;

import com.jme3.anim.AnimClip;
import com.jme3.anim.AnimComposer;
import com.jme3.anim.tween.action.BlendableAction;
import com.jme3.export.InputCapsule;
import com.jme3.export.JmeExporter;
import com.jme3.export.JmeImporter;
import com.jme3.export.OutputCapsule;
import com.jme3.renderer.RenderManager;
import com.jme3.renderer.ViewPort;
import com.jme3.scene.Spatial;
import com.jme3.scene.control.AbstractControl;
import com.jme3.util.clone.Cloner;
import dev.animus.world.CharacterModel;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays an NPC's actions and emotions on its character's {@link AnimComposer}, through the clip
 * mapping of its world-file entry: the schedule's activity loops; an action or emotion from a
 * behaviour or the decoder plays once, blended in and out, and the activity resumes. Added by
 * the plugin to an NPC's spatial when that spatial (or a child) has an AnimComposer. Render
 * thread only.
 *
 * <p>A clone ({@code spatial.clone()}) gets its own animator, playing on the clone's own
 * AnimComposer, with the same clip mapping and activity. A {@code .j3o} keeps the activity
 * (the clip mapping comes from the world file and the game's clip mapper, so it is not
 * saved): a loaded animator resumes its activity by clip name ({@link Clips#SAME_NAME})
 * and takes the NPC's mapping the next time the world animates the NPC. Either plays for the
 * id of the brain on its spatial once that is bound ({@link #playFor}).
 */
public final class NpcAnimator extends AbstractControl {
    /** Which clip plays what the world file maps to none (the game's {@code ClipMapper}). */
    @FunctionalInterface
    public interface Clips {
        /** @return the clip to play for an action or emotion, one of {@code clips}, or null for none */
        String clipFor(String npcId, String name, Collection<String> clips);

        /** A clip named like the action itself, in any case. */
        Clips SAME_NAME = (npcId, name, clips) ->
                clips.stream().filter(c -> c.equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    private static final Logger LOG = LoggerFactory.getLogger(NpcAnimator.class);
    /** Seconds over which one clip blends into the next. */
    public static final double BLEND_SECONDS = 0.25;

    /** The character's composer; null until found under the spatial (after loading). */
    private AnimComposer composer;

    private String npcId;
    private Clips mapper = Clips.SAME_NAME;
    private CharacterModel model = CharacterModel.NONE;
    private Set<String> warned = new HashSet<>();
    private String activity = "idle";
    private boolean walking;
    private String playing;
    private float oneShotLeft;
    /** Loaded from a .j3o: the activity starts again on the first frame. */
    private boolean resume;

    /** An animator for jME's importer (.j3o); the plugin makes its own with {@code of}. */
    public NpcAnimator() {}

    private NpcAnimator(AnimComposer composer, String npcId, CharacterModel model, Clips mapper) {
        this.composer = composer;
        this.npcId = npcId;
        this.model = model;
        this.mapper = mapper;
    }

    /**
     * The animator of an NPC's spatial, added if missing.
     *
     * @param npc the NPC's spatial
     * @param npcId its id
     * @param model its clip mapping
     * @param mapper the game's clips for what the mapping leaves out
     * @return the animator, or null if no AnimComposer is under the spatial (nothing to animate)
     */
    public static NpcAnimator of(Spatial npc, String npcId, CharacterModel model, Clips mapper) {
        NpcAnimator existing = npc.getControl(NpcAnimator.class);
        if (existing != null) { // maybe loaded or cloned: it takes this NPC's mapping
            existing.npcId = npcId;
            if (existing.mapper != mapper) {
                existing.mapper = mapper;
                existing.restart(model);
            } else {
                existing.remap(model);
            }
            return existing;
        }
        AnimComposer found = composerUnder(npc);
        if (found == null) {
            return null;
        }
        NpcAnimator animator = new NpcAnimator(found, npcId, model, mapper);
        npc.addControl(animator);
        animator.loop(animator.activity);
        return animator;
    }

    private static AnimComposer composerUnder(Spatial npc) {
        AnimComposer[] found = new AnimComposer[1];
        npc.depthFirstTraversal(s -> {
            if (found[0] == null && s.getControl(AnimComposer.class) != null) {
                found[0] = s.getControl(AnimComposer.class);
            }
        });
        return found[0];
    }

    /** @return the composer it plays on (found under its spatial after loading), or null */
    public AnimComposer composer() {
        if (composer == null && spatial != null) {
            composer = composerUnder(spatial);
        }
        return composer;
    }

    /** @return the id clips are chosen for: the bound brain's on its spatial, else the one it was made for */
    private String npcId() {
        return npcId != null ? npcId : String.valueOf(spatial == null ? null : spatial.getName());
    }

    /** The NPC's brain was bound to this id (a clone's, a loaded one's): clips are chosen for it. */
    public void playFor(String id) {
        this.npcId = id;
    }

    /** A hot reload changed the NPC's clip mapping: the activity restarts with the new one. */
    public void remap(CharacterModel newModel) {
        if (!newModel.equals(model)) {
            restart(newModel);
        }
    }

    private void restart(CharacterModel newModel) {
        model = newModel;
        warned.clear();
        oneShotLeft = 0;
        loop(activity);
    }

    /** @return the clip now playing, or null */
    public String playing() {
        return playing;
    }

    /** @return the action that loops when nothing else plays */
    public String activity() {
        return activity;
    }

    /** The schedule's activity (idle, walk, work, sit, sleep, ...): loops from now on. */
    public void setActivity(String action) {
        activity = action;
        if (oneShotLeft <= 0) {
            loop(action);
        }
    }

    /** While the NPC walks, its walk clip loops instead of the activity. */
    void setWalking(boolean walking) {
        if (walking != this.walking) {
            this.walking = walking;
            if (oneShotLeft <= 0) {
                loop(activity);
            }
        }
    }

    /** An action performed once (wave, nod, talk, alert, ...), then back to the activity. */
    public void perform(String action) {
        if (composer() == null) {
            return;
        }
        playOnce(clipFor(action, model.animations()), "action '" + action + "'");
    }

    /** An emotion shown once, if the model maps it to a clip. */
    public void show(String emotion) {
        if (composer() == null) {
            return;
        }
        String clip = clipFor(emotion, model.emotions());
        if (clip != null) {
            playOnce(clip, "emotion '" + emotion + "'");
        }
    }

    private void loop(String activity) {
        if (composer() == null) {
            return;
        }
        String walk = walking ? clipFor("walk", model.animations()) : null;
        String action = walk != null ? "walk" : activity;
        String clip = walk != null ? walk : clipFor(action, model.animations());
        if (clip == null) {
            clip = clipFor("idle", model.animations());
        }
        if (clip != null && exists(clip, "activity '" + action + "'")) {
            start(clip);
            oneShotLeft = 0;
        }
    }

    /** The world file's clip for an action or emotion, else the game's mapper's. */
    private String clipFor(String name, Map<String, String> mapping) {
        String clip = mapping.get(name);
        if (clip != null) {
            return clip;
        }
        try {
            return mapper.clipFor(npcId(), name, Collections.unmodifiableCollection(composer.getAnimClipsNames()));
        } catch (RuntimeException e) {
            if (warned.add("mapper:" + name)) {
                LOG.error("The game's ClipMapper failed for '{}' of '{}'; nothing plays", name, npcId(), e);
            }
            return null;
        }
    }

    private void playOnce(String clip, String what) {
        if (clip == null || composer() == null || !exists(clip, what)) {
            return;
        }
        AnimClip anim = composer.getAnimClip(clip);
        start(clip);
        oneShotLeft = (float) Math.max(0.5, anim.getLength());
    }

    private void start(String clip) {
        var action = composer.action(clip);
        if (action instanceof BlendableAction blendable) {
            blendable.setTransitionLength(BLEND_SECONDS);
        }
        composer.setCurrentAction(clip);
        playing = clip;
    }

    /** A clip the world file names but the model lacks is reported once, not thrown. */
    private boolean exists(String clip, String what) {
        if (composer.getAnimClip(clip) != null) {
            return true;
        }
        if (warned.add(clip)) {
            LOG.warn(
                    "The world file maps {} to clip '{}', which the character model does not have; clips: {}",
                    what,
                    clip,
                    composer.getAnimClipsNames());
        }
        return false;
    }

    @Override
    protected void controlUpdate(float tpf) {
        if (resume) {
            resume = false;
            loop(activity);
        }
        if (oneShotLeft > 0) {
            oneShotLeft -= tpf;
            if (oneShotLeft <= 0) {
                loop(activity);
            }
        }
    }

    @Override
    protected void controlRender(RenderManager rm, ViewPort vp) {}

    /** A clone plays on the clone's AnimComposer, with warnings of its own. */
    @Override
    public void cloneFields(Cloner cloner, Object original) {
        super.cloneFields(cloner, original);
        composer = composer == null ? null : cloner.clone(composer);
        warned = new HashSet<>(warned);
    }

    /** Saves the NPC id, the activity and whether it walks (not the clip mapping, which is the world's and the game's). */
    @Override
    public void write(JmeExporter ex) throws IOException {
        super.write(ex);
        OutputCapsule out = ex.getCapsule(this);
        out.write(npcId, "npcId", null);
        out.write(activity, "activity", "idle");
        out.write(walking, "walking", false);
    }

    /** Reads what {@link #write} saved; the activity starts again on the first frame. */
    @Override
    public void read(JmeImporter im) throws IOException {
        super.read(im);
        InputCapsule in = im.getCapsule(this);
        npcId = in.readString("npcId", null);
        activity = in.readString("activity", "idle");
        walking = in.readBoolean("walking", false);
        resume = true;
    }
}
