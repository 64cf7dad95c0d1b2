package dev.animus.dialogue;

import java.util.Locale;
import java.util.Set;

/**
 * Conversation state for retrieval: words that lean on what the player asked just before
 * ("And the axe?" after "How much is a sword?", "is it open now?") are looked up together with
 * it, so the facts found answer the pair. Words that stand alone are looked up alone: a new
 * question must not drag the last one's facts along. Pure functions; any thread.
 */
public final class FollowUp {
    /** Seconds of game time after which the last question no longer counts. */
    public static final double WINDOW_SECONDS = 120;
    /** How a follow-up opens. */
    // spotless:off
    private static final String[] OPENINGS = {"and ", "what about ", "how about ", "what of ", "same for ", "also ",
            "and what about ", "then what about ", "or "};
    /** Words that point back at what was just asked, in a short follow-up ("is it open?"). */
    private static final Set<String> POINTERS = Set.of("it", "its", "that", "them", "those", "they", "there", "he",
            "she", "him", "her", "one", "ones", "this");
    // spotless:on
    /** Follow-ups that point back are this short, in words. */
    private static final int SHORT = 5;

    private FollowUp() {}

    /**
     * @param previous what the player asked this NPC last, within {@link #WINDOW_SECONDS}, or
     *     null if nothing
     * @param words what the player says now (not null)
     * @return the text to retrieve facts for: the words, or the last question and the words
     */
    public static String query(String previous, String words) {
        return previous == null || previous.isBlank() || !leansOnThePrevious(words)
                ? words
                : previous.strip() + " " + words.strip();
    }

    /**
     * @return whether the words ask the last question about something else ("And the axe?",
     *     "what about Tilda?"): the fact the last answer stated is not the answer this time
     */
    public static boolean movesOn(String words) {
        String w = normal(words);
        for (String opening : OPENINGS) {
            if (w.startsWith(opening)) {
                return true;
            }
        }
        return false;
    }

    private static String normal(String words) {
        return words.toLowerCase(Locale.ROOT)
                .strip()
                .replaceAll("[^\\p{L}\\p{N}' ]+", " ")
                .replaceAll("\\s+", " ");
    }

    /** @return whether the words read as a follow-up of something asked before */
    static boolean leansOnThePrevious(String words) {
        if (movesOn(words)) {
            return true;
        }
        String[] parts = normal(words).split(" ");
        if (parts.length > SHORT) {
            return false;
        }
        for (String part : parts) {
            if (POINTERS.contains(part)) {
                return true;
            }
        }
        return false;
    }
}
