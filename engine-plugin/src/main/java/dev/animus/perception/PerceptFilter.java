package dev.animus.perception;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One NPC's attention: of what it notices each time it thinks, only what changed is new.
 * A subject seen in the same state as last time is not re-sent; one that left and came back
 * is new again. Sounds and events are always new (they happen once). Not thread-safe.
 */
public final class PerceptFilter {
    private Map<String, String> lastStates = new HashMap<>();

    /**
     * @param noticed everything noticed now
     * @return what is new, in the given order
     */
    public List<Percept> changes(List<Percept> noticed) {
        Map<String, String> now = new HashMap<>();
        List<Percept> fresh = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Percept p : noticed) {
            if (p.sense() != Percept.Sense.SIGHT) {
                fresh.add(p);
                continue;
            }
            if (!seen.add(p.key())) {
                continue; // one state per subject per look
            }
            now.put(p.key(), p.state());
            if (!p.state().equals(lastStates.get(p.key()))) {
                fresh.add(p);
            }
        }
        lastStates = now;
        return fresh;
    }

    /** Forgets what was noticed, so everything is new again (after a reload or a long sleep). */
    public void reset() {
        lastStates = new HashMap<>();
    }
}
