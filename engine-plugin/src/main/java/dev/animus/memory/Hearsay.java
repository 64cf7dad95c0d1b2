package dev.animus.memory;

import java.util.Objects;

/**
 * Where a memory that was told, not witnessed, came from. Immutable.
 *
 * <p>The {@code content} is the witness's memory retold in the third person ("The stranger drew
 * a weapon near Vey."), made once, when the witness first tells it; every later telling passes
 * the same words on, so a rumour is never reworded into something nobody saw.
 *
 * @param fromId the NPC who told it
 * @param fromName that NPC's name, as the listener says it
 * @param witnessId the NPC who saw or was told it first
 * @param witnessName that NPC's name
 * @param content what happened, as the witness's memory says it, in the third person
 * @param hops how many tellings it is from the witness (1: the witness told it)
 */
public record Hearsay(String fromId, String fromName, String witnessId, String witnessName, String content, int hops) {

    public Hearsay {
        Objects.requireNonNull(fromId, "fromId");
        Objects.requireNonNull(fromName, "fromName");
        Objects.requireNonNull(witnessId, "witnessId");
        Objects.requireNonNull(witnessName, "witnessName");
        if (content == null || content.isBlank()) {
            throw new IllegalArgumentException("hearsay needs a content");
        }
        if (hops < 1) {
            throw new IllegalArgumentException("hops must be at least 1, got " + hops);
        }
    }

    /** @return how the listener remembers it: "Vey told me: The stranger drew a weapon near Vey." */
    public String memoryText() {
        return fromName + " told me: " + content;
    }
}
