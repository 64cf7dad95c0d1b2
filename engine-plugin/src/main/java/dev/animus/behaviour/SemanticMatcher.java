package dev.animus.behaviour;

import dev.animus.model.encoder.Embedding;
import dev.animus.world.Trigger;
import java.util.List;
import java.util.Map;

/**
 * Decides which semantic trigger a percept means, if any.
 *
 * <p>A bare cosine threshold does not work with small sentence encoders: "the stranger
 * raises a fist at me" is about as close to "someone greets me" as to "someone threatens
 * me". So a percept is compared with the NPC's trigger sentences and with everyday
 * {@link #ANCHORS}, and a trigger fires only when it is the closest of all and reaches its
 * floor. See {@link Trigger.Semantic#DEFAULT_THRESHOLD} for how well that works.
 *
 * <p>Immutable; any thread.
 */
public final class SemanticMatcher {
    /** Everyday situations that should fire nothing: the "none of the above" class. */
    // spotless:off
    public static final List<String> ANCHORS = List.of("someone walks past me", "someone is standing near me",
            "someone talks about the weather", "someone gives me something", "someone asks me for directions",
            "someone wants to buy food or a room", "nothing happens");
    // spotless:on

    private final Map<String, Embedding> triggers;
    private final List<Embedding> anchors;

    /**
     * @param triggers each trigger sentence's embedding (not null)
     * @param anchors the embeddings of {@link #ANCHORS} (not null)
     */
    public SemanticMatcher(Map<String, Embedding> triggers, List<Embedding> anchors) {
        this.triggers = Map.copyOf(triggers);
        this.anchors = List.copyOf(anchors);
    }

    /** @return whether this matcher knows the trigger sentence */
    public boolean knows(String trigger) {
        return triggers.containsKey(trigger);
    }

    /**
     * @param candidates the NPC's semantic triggers (not null)
     * @param percept the percept, encoded from the NPC's point of view (not null)
     * @return the trigger sentence that fires, or null
     */
    public String match(List<Trigger.Semantic> candidates, Embedding percept) {
        Trigger.Semantic best = null;
        float bestScore = -2;
        for (Trigger.Semantic c : candidates) {
            Embedding e = triggers.get(c.text());
            if (e != null) {
                float s = percept.cosine(e);
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
        }
        if (best == null || bestScore < best.threshold()) {
            return null;
        }
        for (Embedding a : anchors) {
            if (percept.cosine(a) >= bestScore) {
                return null; // an everyday situation explains the percept better
            }
        }
        return best.text();
    }
}
