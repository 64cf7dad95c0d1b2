package dev.animus.api;

import java.util.Map;
import java.util.Optional;

/**
 * An NPC's behaviour state as read at one moment: the variables its behaviours set, its
 * emotion and its scheduled activity. Immutable; read it again for a later one.
 *
 * @param emotion its emotion now ("neutral" until something changes it)
 * @param activity the activity its schedule has it on, or null
 * @param variables the variables its behaviours have set (unmodifiable)
 */
public record NpcState(String emotion, String activity, Map<String, Object> variables) {

    public NpcState {
        variables = Map.copyOf(variables);
    }

    /** @return the variable's value, if a behaviour has set it */
    public Optional<Object> variable(String name) {
        return Optional.ofNullable(variables.get(name));
    }
}
