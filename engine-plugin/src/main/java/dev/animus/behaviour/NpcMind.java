package dev.animus.behaviour;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state behaviours keep per NPC: variables, emotion, when each behaviour last ran, and
 * who is inside each proximity trigger. It survives a hot reload of the world for as long as
 * the NPC (and, for behaviour state, the behaviour id) still exists. Render thread only.
 */
public final class NpcMind {
    final Map<String, Object> vars = new HashMap<>();
    final Map<String, Double> lastRun = new HashMap<>();
    final Map<String, Long> lastDay = new HashMap<>();
    /**
     * By behaviour id, the subjects now inside its proximity trigger's range. Keyed in two
     * levels, so checking a pair each frame builds no string.
     */
    private final Map<String, Set<String>> inside = new HashMap<>();

    String emotion = "neutral";
    String activity;

    /** @return a variable's value (a String or a Double), if set */
    public Optional<Object> variable(String name) {
        return Optional.ofNullable(vars.get(name));
    }

    /** @return every variable (unmodifiable copy) */
    public Map<String, Object> variables() {
        return Map.copyOf(vars);
    }

    /** @return the current emotion */
    public String emotion() {
        return emotion;
    }

    /** @return the schedule's current activity, or null */
    public String activity() {
        return activity;
    }

    /** Forgets the state of behaviours that no longer exist. */
    void retainBehaviours(Set<String> ids) {
        lastRun.keySet().retainAll(ids);
        lastDay.keySet().retainAll(ids);
        inside.keySet().retainAll(ids);
    }

    /** @return whether the subject was outside the behaviour's range until now (it is inside now) */
    boolean enter(String behaviourId, String subject) {
        return inside.computeIfAbsent(behaviourId, k -> new HashSet<>()).add(subject);
    }

    /** The subject is out of the behaviour's range. */
    void leave(String behaviourId, String subject) {
        Set<String> subjects = inside.get(behaviourId);
        if (subjects != null) {
            subjects.remove(subject);
        }
    }
}
