package dev.animus.perception;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One NPC's attention: of what it notices each time it thinks, only what changed is new.
 * A subject seen in the same state as last time is not re-sent; one that left and came back
 * is new again. Sounds and events are always new (they happen once). Not thread-safe.
 */
public final class PerceptFilter {
    /** What each subject in sight was doing at the last look, by subject (only sight is filtered). */
    private Map<String, String> lastStates = new HashMap<>();
    /** The map being filled by the current look; the two swap, so a look allocates no map. */
    private Map<String, String> now = new HashMap<>();

    /**
     * @param noticed everything noticed now
     * @return what is new, in the given order
     */
    public List<Percept> changes(List<Percept> noticed) {
        now.clear();
        List<Percept> fresh = new ArrayList<>();
        for (Percept p : noticed) {
            if (p.sense() != Percept.Sense.SIGHT) {
                fresh.add(p);
                continue;
            }
            if (now.putIfAbsent(p.subject(), p.state()) != null) {
                continue; // one state per subject per look
            }
            if (!p.state().equals(lastStates.get(p.subject()))) {
                fresh.add(p);
            }
        }
        Map<String, String> last = lastStates;
        lastStates = now;
        now = last;
        return fresh;
    }

    /**
     * Forgets one sighting, so the subject in that state is new again at the next look: for a
     * percept that was noticed but never reached the encoder. A subject seen in another state
     * since is left as it is.
     *
     * @param percept a sight returned by {@link #changes}
     */
    public void forget(Percept percept) {
        if (percept.sense() == Percept.Sense.SIGHT) {
            lastStates.remove(percept.subject(), percept.state());
        }
    }

    /** Forgets what was noticed, so everything is new again (after a reload or a long sleep). */
    public void reset() {
        lastStates.clear();
    }
}
