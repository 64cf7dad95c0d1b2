package dev.animus.api;

import java.util.Collection;

/**
 * Which animation clip of a game's own rig plays an NPC's action or emotion, where the NPC's
 * world-file entry maps none ({@code model: {animations: {wave: Wave01}}} always wins). Register
 * one with {@link AnimusConfig.Builder#clips(ClipMapper)}. Called on the render thread; it
 * must be quick (it runs whenever an NPC starts an action).
 */
@FunctionalInterface
public interface ClipMapper {
    /**
     * @param npcId the NPC (not null)
     * @param name the action ("walk", "wave", "idle") or emotion ("angry") to play (not null)
     * @param clips the clips its character's {@code AnimComposer} has (not null, not modifiable)
     * @return the clip to play, one of {@code clips}, or null to play none
     */
    String clipFor(String npcId, String name, Collection<String> clips);

    /** The default: a clip named like the action itself, in any case ("walk" plays "Walk"). */
    ClipMapper SAME_NAME = (npcId, name, clips) ->
            clips.stream().filter(c -> c.equalsIgnoreCase(name)).findFirst().orElse(null);
}
