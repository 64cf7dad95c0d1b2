package dev.animus.world;

import java.util.Map;

/**
 * An NPC's character model and how its animation clips map onto Animus's actions.
 *
 * @param asset the model's asset path, inside the asset roots (may be empty: no model)
 * @param animations action name to the model's clip name
 * @param emotions emotion name to the clip played to show it
 * @param migrate whether the model needs {@code AnimMigrationUtils.migrate} (old animation system)
 */
public record CharacterModel(
        String asset, Map<String, String> animations, Map<String, String> emotions, boolean migrate) {

    /** No model: an NPC that has a body the game made itself. */
    public static final CharacterModel NONE = new CharacterModel("", Map.of(), Map.of(), false);

    public CharacterModel {
        animations = Map.copyOf(animations);
        emotions = Map.copyOf(emotions);
    }
}
