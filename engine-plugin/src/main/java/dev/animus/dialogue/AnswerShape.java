package dev.animus.dialogue;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What kind of answer a question asks for, when its words say so plainly, and whether a fact
 * has one: "how many ...?" and "how much ...?" want a number (digits, or words such as
 * "twelve", "a dozen", "few", "free";
 * "second" is an order, not a count), and "what's ... name?" or "what is ... called?" a name (a
 * capitalised word inside the sentence, or a quoted one). A fact without one cannot be the
 * answer, however close its words are ("what's the name of your best camel?" and "The caravan
 * has 58 camels."). Most questions ask for neither, and any fact may answer them. Pure
 * functions; any thread.
 */
public final class AnswerShape {
    /** A kind of answer. */
    public enum Kind {
        /** The question does not say. */
        ANY,
        /** A count or an amount. */
        NUMBER,
        /** A proper name. */
        NAME
    }

    // spotless:off
    private static final Set<String> COUNTS = Set.of("one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
            "hundreds", "thousand", "thousands", "million", "millions", "dozen", "dozens", "score", "few", "several",
            "many", "lots", "plenty", "none", "nobody", "both", "half", "couple", "pair", "single", "once", "twice",
            "no", "only", "every", "each", "all", "handful", "more", "less", "fewer", "most", "free", "nothing",
            "cheap", "costs", "price", "expensive");
    // spotless:on
    private static final Pattern DIGIT = Pattern.compile("\\d");
    private static final Pattern HOW_MANY =
            Pattern.compile("\\b(how|hw)\\s+(many|mny|much|mch)\\b|\\bwhat\\s+does\\b.*\\bcost\\b");
    private static final Pattern NAME =
            Pattern.compile("\\b(what|whats|wats|what's|what is)\\b.*\\b(name|named|called)\\b|\\bname\\s+of\\b"
                    + "|\\bwhat\\s+do\\s+(you|they|people|we|u)\\s+call\\b");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\d][\\p{L}\\d'’-]*");
    private static final Set<String> NOT_NAMES = Set.of("I", "I'm", "I've", "I'll", "I'd");
    private static final Set<String> TITLES = Set.of("Mr", "Mrs", "Ms", "Dr", "St", "Capt", "Prof");
    /** Common words that open a sentence: capitalised there, yet no name. */
    // spotless:off
    private static final Set<String> OPENERS = Set.of("the", "a", "an", "his", "her", "their", "its", "our", "my",
            "your", "this", "that", "these", "those", "there", "here", "it", "he", "she", "they", "we", "you", "every",
            "each", "all", "some", "no", "on", "in", "at", "by", "for", "from", "after", "before", "since", "until",
            "only", "once", "when", "if", "most", "many", "one", "two", "three", "both", "nobody", "everyone", "someone",
            "people", "nothing", "anyone", "never", "always", "last", "next", "earlier", "today", "tonight", "tomorrow",
            "yesterday", "behind", "under", "near", "across", "beside", "inside", "outside", "above", "below");
    // spotless:on

    private AnswerShape() {}

    /** @return the kind of answer the words ask for ({@link Kind#ANY} unless they say plainly) */
    public static Kind askedFor(String words) {
        String w = words.toLowerCase(Locale.ROOT).replace('’', '\'');
        if (HOW_MANY.matcher(w).find()) {
            return Kind.NUMBER;
        }
        if (NAME.matcher(w).find()) {
            return Kind.NAME;
        }
        return Kind.ANY;
    }

    /** @return whether the fact has an answer of the kind the words ask for */
    public static boolean fits(String words, String fact) {
        return switch (askedFor(words)) {
            case ANY -> true;
            case NUMBER -> hasCount(fact);
            case NAME -> hasName(fact);
        };
    }

    private static boolean hasCount(String fact) {
        if (DIGIT.matcher(fact).find()) {
            return true;
        }
        var m = WORD.matcher(fact.toLowerCase(Locale.ROOT));
        while (m.find()) {
            for (String part : m.group().split("-")) { // "thirty-six"
                if (COUNTS.contains(part) || part.endsWith("teen")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A capitalised word inside a sentence, or one that opens it but is no common opening word
     * ("Tomas is the apprentice."), or anything in quotes. Errs on the side of a name.
     */
    private static boolean hasName(String fact) {
        if (fact.indexOf('"') >= 0 || fact.indexOf('“') >= 0) {
            return true;
        }
        var m = WORD.matcher(fact);
        boolean sentenceStart = true;
        String previous = "";
        int last = 0;
        while (m.find()) {
            String between = fact.substring(last, m.start());
            // "Mr. Okafor": a title's full stop does not end a sentence.
            sentenceStart |= between.matches(".*[.!?:].*") && !TITLES.contains(previous);
            String word = m.group();
            if (Character.isUpperCase(word.charAt(0))
                    && !NOT_NAMES.contains(word)
                    && (!sentenceStart || !OPENERS.contains(word.toLowerCase(Locale.ROOT)))) {
                return true;
            }
            sentenceStart = false;
            previous = word;
            last = m.end();
        }
        return false;
    }
}
