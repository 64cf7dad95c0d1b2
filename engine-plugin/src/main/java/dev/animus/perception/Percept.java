package dev.animus.perception;

import java.util.Locale;

/**
 * One thing an NPC notices. Immutable.
 *
 * @param sense how it was noticed
 * @param subject who or what it is about ("player", an NPC id, an event id): the key under
 *     which only changes count as new
 * @param state what the subject is doing, as far as it matters ("draws a sword", "stands"):
 *     a new state of the same subject is a new percept
 * @param text the percept in words ("the stranger draws a sword 3 m away")
 * @param metres how far away
 * @param salience how much it deserves attention, 0 to 1 ({@link Salience})
 */
public record Percept(Sense sense, String subject, String state, String text, float metres, float salience) {

    /** How a percept was noticed. */
    public enum Sense {
        SIGHT,
        HEARING,
        EVENT;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Percept {
        if (subject == null || subject.isBlank() || text == null || text.isBlank()) {
            throw new IllegalArgumentException("a percept needs a subject and a text");
        }
        if (!(salience >= 0 && salience <= 1)) {
            throw new IllegalArgumentException("salience must be in [0, 1], got " + salience);
        }
    }

    /** @return the key under which an NPC remembers what it last noticed of this subject */
    public String key() {
        return sense + ":" + subject;
    }
}
