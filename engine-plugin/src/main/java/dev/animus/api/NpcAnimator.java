package dev.animus.api;

import com.jme3.anim.AnimClip;
import com.jme3.anim.AnimComposer;
import com.jme3.anim.tween.action.BlendableAction;
import com.jme3.renderer.RenderManager;
import com.jme3.renderer.ViewPort;
import com.jme3.scene.Spatial;
import com.jme3.scene.control.AbstractControl;
import dev.animus.world.CharacterModel;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays an NPC's actions and emotions on its character's {@link AnimComposer}, through the clip
 * mapping of its world-file entry: the schedule's activity loops; an action or emotion from a
 * behaviour or the decoder plays once, blended in and out, and the activity resumes. Added by
 * the plugin to an NPC's spatial when that spatial (or a child) has an AnimComposer. Render
 * thread only.
 */
public final class NpcAnimator extends AbstractControl {
    private static final Logger LOG = LoggerFactory.getLogger(NpcAnimator.class);
    /** Seconds over which one clip blends into the next. */
    public static final double BLEND_SECONDS = 0.25;

    private final AnimComposer composer;
    private final String npcId;
    private final ClipMapper mapper;
    private CharacterModel model;
    private final Set<String> warned = new HashSet<>();
    private String activity = "idle";
    private boolean walking;
    private String playing;
    private float oneShotLeft;

    private NpcAnimator(AnimComposer composer, String npcId, CharacterModel model, ClipMapper mapper) {
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
    static NpcAnimator of(Spatial npc, String npcId, CharacterModel model, ClipMapper mapper) {
        NpcAnimator existing = npc.getControl(NpcAnimator.class);
        if (existing != null) {
            return existing;
        }
        AnimComposer[] found = new AnimComposer[1];
        npc.depthFirstTraversal(s -> {
            if (found[0] == null && s.getControl(AnimComposer.class) != null) {
                found[0] = s.getControl(AnimComposer.class);
            }
        });
        if (found[0] == null) {
            return null;
        }
        NpcAnimator animator = new NpcAnimator(found[0], npcId, model, mapper);
        npc.addControl(animator);
        animator.loop(animator.activity);
        return animator;
    }

    /** A hot reload changed the NPC's clip mapping: the activity restarts with the new one. */
    void remap(CharacterModel newModel) {
        if (!newModel.equals(model)) {
            model = newModel;
            warned.clear();
            oneShotLeft = 0;
            loop(activity);
        }
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
    void setActivity(String action) {
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
    void perform(String action) {
        playOnce(clipFor(action, model.animations()), "action '" + action + "'");
    }

    /** An emotion shown once, if the model maps it to a clip. */
    void show(String emotion) {
        String clip = clipFor(emotion, model.emotions());
        if (clip != null) {
            playOnce(clip, "emotion '" + emotion + "'");
        }
    }

    private void loop(String activity) {
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

    /** The world file's clip for an action or emotion, else the game's {@link ClipMapper}'s. */
    private String clipFor(String name, java.util.Map<String, String> mapping) {
        String clip = mapping.get(name);
        if (clip != null) {
            return clip;
        }
        try {
            return mapper.clipFor(npcId, name, java.util.Collections.unmodifiableCollection(composer.getAnimClipsNames()));
        } catch (RuntimeException e) {
            if (warned.add("mapper:" + name)) {
                LOG.error("The game's ClipMapper failed for '{}' of '{}'; nothing plays", name, npcId, e);
            }
            return null;
        }
    }

    private void playOnce(String clip, String what) {
        if (clip == null || !exists(clip, what)) {
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
            LOG.warn("The world file maps {} to clip '{}', which the character model does not have; clips: {}",
                    what, clip, composer.getAnimClipsNames());
        }
        return false;
    }

    @Override
    protected void controlUpdate(float tpf) {
        if (oneShotLeft > 0) {
            oneShotLeft -= tpf;
            if (oneShotLeft <= 0) {
                loop(activity);
            }
        }
    }

    @Override
    protected void controlRender(RenderManager rm, ViewPort vp) {
    }
}
