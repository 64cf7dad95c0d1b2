package dev.animus.dialogue;

import java.util.Locale;
import java.util.Set;

/**
 * Whether a player's words ask for something a fact could answer: a question ("whats the wifi
 * pw", "is okafor in today?") or a request ("I need a room", "tell me about the mill"). A
 * greeting, a threat or a remark is not, and gets the decoder's free reply even when a fact
 * resembles it. Pure functions; any thread.
 */
public final class Questions {
    /** Words that open a question, as players type them (apostrophes dropped, common slang). */
    // spotless:off
    private static final Set<String> OPENING = Set.of("what", "whats", "wat", "wot", "who", "whos", "whom", "whose",
            "where", "wheres", "when", "whens", "why", "how", "hows", "which", "is", "isnt", "are", "arent", "am", "was",
            "were", "do", "does", "dont", "did", "didnt", "can", "cant", "could", "will", "would", "should", "shall",
            "may", "might", "have", "has", "had", "any", "anything", "anyone", "got", "tell", "know", "explain",
            "describe", "name", "r", "u", "wanna", "wich", "need", "want", "looking", "hw", "wht", "wen", "y");
    /** Question words that ask wherever they stand. */
    private static final Set<String> WH = Set.of("what", "whats", "who", "whos", "whom", "whose", "where", "wheres",
            "when", "whens", "why", "how", "hows", "which", "wich");
    /** Requests that open with "I": "I need", "I'm looking for", "I'd like". */
    private static final Set<String> REQUESTS = Set.of("i need", "i want", "i am looking", "im looking", "id like",
            "i would like", "i wonder", "i wanna", "i was wondering", "i have a question", "i got a question");
    /** Words that may come first before the question itself: "so, where...", "and the axe?". */
    private static final Set<String> FILLERS = Set.of("so", "and", "but", "ok", "okay", "hey", "hi", "hello", "well",
            "um", "uh", "erm", "excuse", "me", "sorry", "please", "then", "oh", "right", "listen", "say", "sir", "madam",
            "mate", "friend", "quick", "question", "also", "now");

    /** Questions that are small talk, not a request for a fact: the decoder's free reply answers them. */
    private static final Set<String> SMALL_TALK = Set.of("how are you", "how r u", "how are u", "how r you",
            "hows it going", "how is it going", "whats up", "wassup", "sup", "how do you do", "how have you been",
            "hows life", "how is life", "hows business", "how is business", "hows your day", "how is your day",
            "how was your day", "are you ok", "are you okay", "you ok", "you okay", "you alright", "are you alright",
            "are you well", "how are things", "hows things", "how are you doing", "how you doing", "hows everything",
            "isnt it", "dont you think");
    // spotless:on

    private Questions() {}

    /**
     * @param words what the player said (not null)
     * @return whether they ask for something
     */
    public static boolean asks(String words) {
        String[] w =
                words.toLowerCase(Locale.ROOT).replace("'", "").replace("’", "").split("[^\\p{L}\\p{N}]+");
        int i = 0;
        while (i < w.length && (w[i].isEmpty() || FILLERS.contains(w[i]))) {
            i++;
        }
        if (smallTalk(w, i)) {
            return false;
        }
        if (words.indexOf('?') >= 0) {
            return true;
        }
        if (i >= w.length) {
            return false;
        }
        if (OPENING.contains(w[i])) {
            return true;
        }
        for (int j = i; j < w.length; j++) {
            if (WH.contains(w[j])) { // "printer keeps eating paper, why", "the forge is where?"
                return true;
            }
        }
        String two = i + 1 < w.length ? w[i] + " " + w[i + 1] : w[i];
        String three = i + 2 < w.length ? two + " " + w[i + 2] : two;
        String four = i + 3 < w.length ? three + " " + w[i + 3] : three;
        return REQUESTS.contains(two) || REQUESTS.contains(three) || REQUESTS.contains(four);
    }

    /** Whether the words from {@code from} on are small talk: "how are you today?", "nice day, isn't it?". */
    private static boolean smallTalk(String[] w, int from) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < w.length; i++) {
            if (!w[i].isEmpty()) {
                b.append(b.isEmpty() ? "" : " ").append(w[i]);
            }
        }
        String text = b.toString();
        for (String phrase : SMALL_TALK) {
            if (text.equals(phrase) || text.startsWith(phrase + " ") || text.endsWith(" " + phrase)) {
                return true;
            }
        }
        return false;
    }
}
