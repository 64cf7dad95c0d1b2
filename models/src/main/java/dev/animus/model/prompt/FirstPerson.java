package dev.animus.model.prompt;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fact a world file states about its NPC ("She keeps a jar of peppermints.") as the NPC says
 * it ("I keep a jar of peppermints."). World files write an NPC's facts in the third person,
 * with "He", "She" or the NPC's own first name as the subject; only those facts change. A fact
 * about anyone or anything else ("Mr. Okafor is on leave.", "They travel by night.") is said as
 * written. Pure functions; any thread.
 *
 * <p>The subject becomes "I" and the verb right after it (an adverb such as "only" or "never"
 * may come between) takes the first person: "keeps" becomes "keep", "is" "am", "has" "have",
 * "doesn't" "don't"; a past tense or a modal ("trained", "can") stays. Then "his" and "him"
 * (or "her", "hers") become "my", "me" and "mine", and "himself" "myself" (after the NPC's
 * name, whose pronoun is unknown, only "himself" or "herself").
 */
public final class FirstPerson {
    private static final Pattern WORD = Pattern.compile("[\\p{L}'’]+");
    // spotless:off
    private static final Set<String> ADVERBS = Set.of("always", "never", "often", "still", "only", "also", "usually",
            "sometimes", "rarely", "just", "really", "secretly", "even", "once", "already", "barely", "hardly", "mostly",
            "seldom", "now", "alone", "personally", "proudly", "quietly", "openly", "certainly", "probably", "clearly");
    private static final Map<String, String> VERBS = Map.ofEntries(Map.entry("is", "am"), Map.entry("isn't", "am not"),
            Map.entry("has", "have"), Map.entry("hasn't", "haven't"), Map.entry("does", "do"),
            Map.entry("doesn't", "don't"), Map.entry("was", "was"), Map.entry("wasn't", "wasn't"),
            Map.entry("goes", "go"));
    /** Words after which "her" is the object ("gave her a coin" is not; "told her." is). */
    private static final Set<String> AFTER_OBJECT = Set.of("a", "an", "the", "to", "in", "on", "at", "for", "with",
            "by", "from", "of", "and", "or", "but", "about", "that", "this", "if", "when", "as", "so", "up", "out",
            "off", "away", "back", "again", "too", "very", "once", "twice", "every", "some", "any", "no", "more", "most",
            "money", "nothing", "everything", "anything", "something", "last", "yesterday", "today", "tonight", "here",
            "there", "home", "over", "down", "into", "onto", "after", "before", "until", "while", "because", "all");
    // spotless:on

    private FirstPerson() {}

    /**
     * @param fact one of the NPC's facts, as the world file writes it (not null)
     * @param npcName the NPC's display name ("Dolores Reyes", "Brann the blacksmith"); its first
     *     word counts as the NPC's name (may be empty)
     * @return the fact in the NPC's own words
     */
    public static String say(String fact, String npcName) {
        String text = fact.strip();
        Matcher first = WORD.matcher(text);
        if (!first.find() || first.start() != 0) {
            return text;
        }
        String subject = first.group();
        String lower = subject.toLowerCase(Locale.ROOT);
        String own = firstName(npcName);
        Pronouns p;
        String rest;
        if (lower.equals("he") || lower.equals("she")) {
            p = lower.equals("he") ? Pronouns.HE : Pronouns.SHE;
            rest = "I" + verb(text.substring(first.end()));
        } else if (lower.equals("he's") || lower.equals("she's") || lower.equals("he’s") || lower.equals("she’s")) {
            p = lower.startsWith("he") ? Pronouns.HE : Pronouns.SHE;
            String after = text.substring(first.end());
            boolean perfect =
                    after.matches("(?s)\\s+(been|got|had|never|always|just|already|lost|made|seen|done)\\b.*");
            rest = (perfect ? "I've" : "I'm") + after;
        } else if (lower.equals("his") || lower.equals("her")) {
            p = lower.equals("his") ? Pronouns.HE : Pronouns.SHE;
            rest = "My" + text.substring(first.end());
        } else if (!own.isEmpty()
                && subject.equals(own)
                && first.end() < text.length()
                && Character.isWhitespace(text.charAt(first.end()))) {
            p = Pronouns.EITHER;
            rest = "I" + verb(text.substring(first.end()));
        } else {
            return unnamed(text);
        }
        return objects(rest, p);
    }

    /**
     * A fact whose subject is something else ("Visiting hours on her ward end at 8."): its "his"
     * or "her" is the NPC's when no one else comes before it, neither a name nor a person
     * ("The captain pays her" stays, the captain may mean another woman).
     */
    private static String unnamed(String text) {
        Matcher m = WORD.matcher(text);
        boolean first = true;
        while (m.find()) {
            String word = m.group();
            String lower = word.toLowerCase(Locale.ROOT);
            if (lower.equals("his") || lower.equals("him") || lower.equals("himself")) {
                return objects(text, Pronouns.HE);
            }
            if (lower.equals("her") || lower.equals("hers") || lower.equals("herself")) {
                return objects(text, Pronouns.SHE);
            }
            if (!first && Character.isUpperCase(word.charAt(0))
                    || PEOPLE.contains(lower)
                    || lower.equals("he")
                    || lower.equals("she")) {
                return text; // someone else the pronoun may point at
            }
            first = false;
        }
        return text;
    }

    /** Words for a person, any of whom a later "his" or "her" may mean. */
    // spotless:off
    private static final Set<String> PEOPLE = Set.of("man", "woman", "men", "women", "boy", "girl", "child",
            "captain", "doctor", "nurse", "teacher", "father", "mother", "brother", "sister", "son", "daughter", "wife",
            "husband", "friend", "uncle", "aunt", "cousin", "master", "mistress", "boss", "chief", "king", "queen",
            "mayor", "priest", "guard", "patient", "customer", "stranger", "owner", "widow", "apprentice", "someone",
            "everyone", "nobody", "anyone", "who");
    // spotless:on

    private enum Pronouns {
        HE,
        SHE,
        EITHER
    }

    private static String firstName(String npcName) {
        Matcher m = WORD.matcher(npcName == null ? "" : npcName.strip());
        return m.find() && m.start() == 0 ? m.group() : "";
    }

    /** The verb at the start of {@code after} (past any adverbs) in the first person. */
    private static String verb(String after) {
        Matcher m = WORD.matcher(after);
        int from = 0;
        while (m.find(from)) {
            if (!after.substring(from, m.start()).isBlank()) {
                return after; // punctuation before the verb: leave the sentence as it is
            }
            String word = m.group();
            String lower = word.toLowerCase(Locale.ROOT).replace('’', '\'');
            if (ADVERBS.contains(lower)) {
                from = m.end();
                continue;
            }
            String base = VERBS.containsKey(lower) ? VERBS.get(lower) : baseForm(lower);
            return after.substring(0, m.start()) + base + after.substring(m.end());
        }
        return after;
    }

    /** "keeps" to "keep", "watches" to "watch", "carries" to "carry"; other words as they are. */
    static String baseForm(String word) {
        if (word.length() < 3
                || !word.endsWith("s")
                || word.endsWith("ss")
                || word.endsWith("us")
                || word.endsWith("is")
                || word.contains("'")) {
            return word;
        }
        if (word.endsWith("ies")) {
            return word.length() <= 4
                    ? word.substring(0, word.length() - 1)
                    : word.substring(0, word.length() - 3) + "y";
        }
        if (word.endsWith("sses")
                || word.endsWith("shes")
                || word.endsWith("ches")
                || word.endsWith("xes")
                || word.endsWith("zzes")
                || word.endsWith("oes")) {
            return word.substring(0, word.length() - 2);
        }
        return word.substring(0, word.length() - 1);
    }

    /** His, him, her, hers and himself or herself after the subject, as the NPC says them. */
    private static String objects(String text, Pronouns p) {
        StringBuilder out = new StringBuilder(text.length());
        Matcher m = WORD.matcher(text);
        int at = 0;
        while (m.find()) {
            out.append(text, at, m.start());
            String word = m.group();
            String lower = word.toLowerCase(Locale.ROOT);
            String said = word;
            // Named by its name, the NPC's pronoun is unknown: "Tam gave her a coin" stays "her".
            boolean he = p == Pronouns.HE;
            boolean she = p == Pronouns.SHE;
            if (he && lower.equals("his")) {
                said = followedByWord(text, m.end()) ? "my" : "mine";
            } else if (she && lower.equals("hers")) {
                said = "mine";
            } else if (he && lower.equals("him")) {
                said = "me";
            } else if (p != Pronouns.SHE && lower.equals("himself") || p != Pronouns.HE && lower.equals("herself")) {
                said = "myself";
            } else if (she && lower.equals("her")) {
                said = objectHer(text, m.end()) ? "me" : "my";
            }
            if (!said.equals(word) && Character.isUpperCase(word.charAt(0))) {
                said = Character.toUpperCase(said.charAt(0)) + said.substring(1);
            }
            out.append(said);
            at = m.end();
        }
        return out.append(text.substring(at)).toString();
    }

    private static boolean followedByWord(String text, int end) {
        return end < text.length()
                && text.charAt(end) == ' '
                && end + 1 < text.length()
                && Character.isLetterOrDigit(text.charAt(end + 1));
    }

    /** Whether "her" ending at {@code end} is an object ("told her.", "gave her the key") rather than "her boat". */
    private static boolean objectHer(String text, int end) {
        if (!followedByWord(text, end)) {
            return true;
        }
        Matcher next = WORD.matcher(text);
        return next.find(end + 1)
                && next.start() == end + 1
                && AFTER_OBJECT.contains(next.group().toLowerCase(Locale.ROOT));
    }
}
