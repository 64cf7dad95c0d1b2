package dev.animus.memory;

import dev.animus.model.encoder.Embedding;
import java.util.Objects;

/**
 * Something an NPC remembers. Immutable.
 *
 * @param text what happened, from the NPC's point of view ("The stranger threatened me.")
 * @param time when, in game seconds since the world started
 * @param importance how much it matters, 0 (trivial) to 1 (life-changing)
 * @param embedding the text's sentence embedding, for relevance
 * @param hearsay who told it, when it was told rather than witnessed; null for the NPC's own
 * @param secret whether the NPC never passes it on
 */
public record Memory(String text, double time, float importance, Embedding embedding, Hearsay hearsay, boolean secret) {

    /** Something the NPC witnessed itself, not secret. */
    public Memory(String text, double time, float importance, Embedding embedding) {
        this(text, time, importance, embedding, null, false);
    }

    public Memory {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a memory needs a text");
        }
        if (!(importance >= 0 && importance <= 1)) {
            throw new IllegalArgumentException("importance must be in [0, 1], got " + importance);
        }
        if (!Double.isFinite(time)) {
            throw new IllegalArgumentException("time must be finite, got " + time);
        }
        Objects.requireNonNull(embedding, "embedding");
    }

    /** @return whether it was told by another NPC rather than witnessed */
    public boolean heard() {
        return hearsay != null;
    }
}
