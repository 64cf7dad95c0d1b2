package dev.animus.demo.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The strict checks of the held-out evaluation, on plain text. Pure functions; any thread.
 *
 * <h2>Words</h2>
 * Text is compared as words: lower-cased, a possessive {@code 's} dropped ({@code Piet's} is
 * {@code piet}), other apostrophes dropped ({@code don't} is {@code dont}), every other character that is not a letter or digit is a
 * space ({@code bean-counter} is {@code bean counter}, {@code 6:40} is {@code 6 40}). A phrase
 * matches when its words occur in the reply's words as a whole run: {@code Fox} matches "a fox
 * lives there" but not "foxes" or "foxglove".
 *
 * <h2>Numbers</h2>
 * The numbers a text states are read from digits ({@code 40}, {@code 1,200}, {@code 4th},
 * {@code 6pm}) and from number words: cardinals ({@code forty-five}, {@code two hundred and
 * five}, {@code a dozen}), ordinals from {@code third} up ({@code fourth}, {@code twentieth}).
 * A number followed by {@code thousand}, {@code million} or {@code billion} states both its
 * product and its base ({@code 310 million}: 310,000,000, and 310 "in millions"). A reply
 * states the number N when one of its numbers has value or base N: {@code 40} is not stated by
 * "140 silver" nor by "4 or 0", {@code 2000} is stated by "two thousand".
 *
 * <h2>Required tokens</h2>
 * A question's tokens are groups separated by {@code ;}, each a list of alternatives separated
 * by {@code |}; every group must match ({@link #matches}). An alternative that reads as exactly
 * one number ({@code 11}, {@code eleven}, {@code second}) matches when the reply states that
 * number; any other alternative matches as a whole-word phrase.
 *
 * <h2>Inventions</h2>
 * {@link #inventedNumbers} and {@link #inventedNames} list what a reply states that its sources
 * (the NPC's name, persona and all of its facts, and the question) do not:
 * <ul>
 * <li>a number is invented when neither its value nor its base is among the sources' values
 * and bases. The words {@code one}, {@code first} and {@code second} standing alone are not read
 * as numbers here ("no one", "at first"), though they do satisfy a required token.</li>
 * <li>a name is a word that starts with a capital letter and is not the first word of a
 * sentence (the reply's first word, or one after {@code . ! ? …} or a line break, quotes and
 * brackets skipped); it is invented when the sources do not have that word in any case. The
 * pronoun {@code I} and its contractions, titles ({@code Mr}, {@code Mrs}, {@code Ms},
 * {@code Dr}, {@code Sir}, {@code Miss}, {@code Madam}) and English function words ({@code My},
 * {@code The}, {@code There}, ...: {@link #FUNCTION_WORDS}) are never names.</li>
 * </ul>
 *
 * <h2>"Don't know"</h2>
 * {@link #saysDontKnow} holds when the reply contains one of {@link #DONT_KNOW}'s phrases (as
 * words), or is one of the NPC's fallback lines, or is empty: each is a reply that declines to
 * state a fact.
 */
public final class Scoring {
    private Scoring() {}

    /**
     * Phrases of ignorance, in {@link #words} form. They cover how the bundled model declines
     * (its voices' "Don't know. Not my business.", "Can't say.", "No idea, love, sorry.", "That
     * is not known to me.", "I have no information on that.", "Can't say I know...", "That I
     * cannot say, child.", "It is not given to me to know.", "Dunno. Ask someone else!", "I don't
     * remember that...") and the plain ways a person does.
     */
    // spotless:off
    public static final List<String> DONT_KNOW = List.of("dont know", "do not know", "dunno", "no idea", "cant say",
            "cannot say", "can not say", "couldnt say", "couldnt tell", "cant tell", "cannot tell", "not known to me",
            "no information", "dont remember", "do not remember", "cant remember", "cannot remember", "not given to me",
            "not sure", "never heard", "wouldnt know", "ask someone else", "no clue", "havent a clue", "not my business",
            "i know nothing", "know nothing about", "dont have that", "have no answer", "not for me to say");
    // spotless:on

    private static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "dr", "sir", "miss", "madam");
    /** English function words: capitalised mid-sentence ("Well, My friend") they are still no names. */
    // spotless:off
    private static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "my", "your", "his", "her", "its",
            "our", "their", "this", "that", "these", "those", "me", "you", "he", "she", "it", "we", "they", "him", "us",
            "them", "and", "but", "or", "so", "no", "not", "yes", "there", "here", "what", "who", "where", "when", "why",
            "how", "oh", "ah", "hm", "well", "in", "on", "at", "of", "to", "for", "with", "by", "from", "is", "are");
    // spotless:on
    private static final Pattern POSSESSIVE = Pattern.compile("['’]s(?![\\p{L}\\p{N}])");
    private static final Pattern THOUSANDS = Pattern.compile("(?<=\\d),(?=\\d{3}(?!\\d))");
    private static final Pattern DIGITS = Pattern.compile("(\\d+)(st|nd|rd|th|am|pm|s)?");
    private static final Pattern CAPITALISED = Pattern.compile("(?<![\\p{L}\\p{N}'’])\\p{Lu}[\\p{L}\\p{N}'’]*");
    // spotless:off
    private static final Map<String, Integer> UNITS = Map.ofEntries(Map.entry("zero", 0), Map.entry("one", 1),
            Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("thirteen", 13), Map.entry("fourteen", 14),
            Map.entry("fifteen", 15), Map.entry("sixteen", 16), Map.entry("seventeen", 17), Map.entry("eighteen", 18),
            Map.entry("nineteen", 19));
    private static final Map<String, Integer> TENS = Map.of("twenty", 20, "thirty", 30, "forty", 40, "fifty", 50,
            "sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);
    private static final Map<String, Integer> ORDINALS = Map.ofEntries(Map.entry("first", 1), Map.entry("second", 2),
            Map.entry("third", 3), Map.entry("fourth", 4), Map.entry("fifth", 5), Map.entry("sixth", 6),
            Map.entry("seventh", 7), Map.entry("eighth", 8), Map.entry("ninth", 9), Map.entry("tenth", 10),
            Map.entry("eleventh", 11), Map.entry("twelfth", 12), Map.entry("thirteenth", 13),
            Map.entry("fourteenth", 14), Map.entry("fifteenth", 15), Map.entry("sixteenth", 16),
            Map.entry("seventeenth", 17), Map.entry("eighteenth", 18), Map.entry("nineteenth", 19),
            Map.entry("twentieth", 20), Map.entry("thirtieth", 30), Map.entry("fortieth", 40), Map.entry("fiftieth", 50),
            Map.entry("sixtieth", 60), Map.entry("seventieth", 70), Map.entry("eightieth", 80),
            Map.entry("ninetieth", 90), Map.entry("hundredth", 100));
    private static final Map<String, Long> SCALES = Map.of("thousand", 1_000L, "million", 1_000_000L,
            "billion", 1_000_000_000L);
    // spotless:on
    /** Number words that, standing alone, usually are not numbers. */
    private static final Set<String> WEAK = Set.of("one", "first", "second");

    /**
     * A number a text states.
     *
     * @param value what it is worth ({@code 310 million}: 310000000)
     * @param base the number before a trailing thousand, million or billion (310), else the value
     * @param weak whether it is a lone "one", "first" or "second"
     */
    public record Number(long value, long base, boolean weak) {
        /** @return whether this states n */
        public boolean states(long n) {
            return value == n || base == n;
        }
    }

    /** @return the text as words: lower case, apostrophes dropped, other non-alphanumerics as single spaces */
    public static String words(String text) {
        String t = POSSESSIVE
                .matcher(THOUSANDS.matcher(text).replaceAll("").toLowerCase(Locale.ROOT))
                .replaceAll("")
                .replace("'", "")
                .replace("’", "");
        return t.replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    /** @return whether the phrase's words occur in the text's words as a whole run */
    public static boolean hasPhrase(String text, String phrase) {
        String p = words(phrase);
        return !p.isEmpty() && (" " + words(text) + " ").contains(" " + p + " ");
    }

    /** @return the numbers the text states, in order */
    public static List<Number> numbers(String text) {
        String[] w = words(text).split(" ");
        List<Number> out = new ArrayList<>();
        int i = 0;
        while (i < w.length) {
            Matcher d = DIGITS.matcher(w[i]);
            if (d.matches() && d.group(1).length() <= 15) {
                long v = Long.parseLong(d.group(1));
                i++;
                if (d.group(2) == null && i < w.length && SCALES.containsKey(w[i])) {
                    out.add(new Number(v * SCALES.get(w[i]), v, false));
                    i++;
                } else {
                    out.add(new Number(v, v, false));
                }
                continue;
            }
            int start = i;
            long total = 0;
            long current = 0;
            long base = -1;
            boolean any = false;
            boolean ordinal = false;
            String last = "start"; // start, a, unit, tens, hundred, scale, and
            while (i < w.length && !ordinal) {
                String x = w[i];
                boolean joins =
                        last.equals("start") || last.equals("hundred") || last.equals("scale") || last.equals("and");
                if (UNITS.containsKey(x) && (joins || last.equals("tens") && UNITS.get(x) < 10)) {
                    current += UNITS.get(x);
                    last = "unit";
                } else if (TENS.containsKey(x) && joins) {
                    current += TENS.get(x);
                    last = "tens";
                } else if (ORDINALS.containsKey(x) && (joins || last.equals("tens") && ORDINALS.get(x) < 10)) {
                    current += ORDINALS.get(x);
                    ordinal = true;
                } else if ((x.equals("dozen") || x.equals("hundred")) && (last.equals("unit") || last.equals("a"))) {
                    current = (current == 0 ? 1 : current) * (x.equals("dozen") ? 12 : 100);
                    last = x.equals("dozen") ? "unit" : "hundred";
                } else if (SCALES.containsKey(x)
                        && (last.equals("unit") || last.equals("tens") || last.equals("hundred") || last.equals("a"))) {
                    base = total + (current == 0 ? 1 : current);
                    total = base * SCALES.get(x);
                    current = 0;
                    last = "scale";
                } else if (x.equals("and")
                        && (last.equals("hundred") || last.equals("scale"))
                        && i + 1 < w.length
                        && (UNITS.containsKey(w[i + 1])
                                || TENS.containsKey(w[i + 1])
                                || ORDINALS.containsKey(w[i + 1]))) {
                    last = "and"; // "two hundred and five": the number goes on
                } else if (x.equals("a")
                        && last.equals("start")
                        && i + 1 < w.length
                        && (w[i + 1].equals("hundred") || w[i + 1].equals("dozen") || SCALES.containsKey(w[i + 1]))) {
                    last = "a"; // "a hundred", "a dozen", "a million": the number starts at the next word
                } else {
                    break;
                }
                any = any || !x.equals("a");
                i++;
            }
            if (!any) {
                i = start + 1;
                continue;
            }
            long value = total + current;
            boolean weak = i - start == 1 && WEAK.contains(w[start]);
            out.add(new Number(value, base >= 0 && current == 0 ? base : value, weak));
        }
        return out;
    }

    /** @return whether the text states n, in digits or words */
    public static boolean states(String text, long n) {
        return numbers(text).stream().anyMatch(x -> x.states(n));
    }

    /**
     * @param alternative one alternative of a token group
     * @return the number it reads as, when it reads as exactly one number and nothing else, else null
     */
    static Long asNumber(String alternative) {
        String w = words(alternative);
        if (w.isEmpty()) {
            return null;
        }
        List<Number> n = numbers(w);
        if (n.size() != 1) {
            return null;
        }
        // every word of the alternative belongs to the number ("two thousand", "4th", "eleven")
        for (String word : w.split(" ")) {
            if (!DIGITS.matcher(word).matches()
                    && !UNITS.containsKey(word)
                    && !TENS.containsKey(word)
                    && !ORDINALS.containsKey(word)
                    && !SCALES.containsKey(word)
                    && !word.equals("hundred")
                    && !word.equals("and")
                    && !word.equals("a")) {
                return null;
            }
        }
        return n.get(0).value();
    }

    /** @return whether one alternative matches the reply */
    public static boolean matchesAlternative(String reply, String alternative) {
        Long n = asNumber(alternative);
        return n != null ? states(reply, n) : hasPhrase(reply, alternative);
    }

    /**
     * @param tokens groups separated by ';', alternatives by '|'
     * @return the groups, each its alternatives, blanks dropped
     */
    public static List<List<String>> groups(String tokens) {
        List<List<String>> out = new ArrayList<>();
        for (String g : tokens.split(";")) {
            List<String> alts = new ArrayList<>();
            for (String a : g.split("\\|")) {
                if (!a.isBlank()) {
                    alts.add(a.strip());
                }
            }
            if (!alts.isEmpty()) {
                out.add(List.copyOf(alts));
            }
        }
        return List.copyOf(out);
    }

    /** @return whether every group of the tokens has an alternative the reply matches */
    public static boolean matches(String reply, String tokens) {
        List<List<String>> g = groups(tokens);
        return !g.isEmpty() && g.stream().allMatch(alts -> alts.stream().anyMatch(a -> matchesAlternative(reply, a)));
    }

    /** @return the groups of the tokens that the reply does not match */
    public static List<String> missing(String reply, String tokens) {
        return groups(tokens).stream()
                .filter(alts -> alts.stream().noneMatch(a -> matchesAlternative(reply, a)))
                .map(alts -> String.join("|", alts))
                .toList();
    }

    /**
     * @param reply what the NPC said
     * @param fallbackLines the NPC's fallback lines
     * @return whether the reply declines to state anything (see the class comment)
     */
    public static boolean saysDontKnow(String reply, List<String> fallbackLines) {
        String w = words(reply);
        if (w.isEmpty()) {
            return true;
        }
        for (String line : fallbackLines) {
            if (!words(line).isEmpty() && w.equals(words(line))) {
                return true;
            }
        }
        String padded = " " + w + " ";
        return DONT_KNOW.stream().anyMatch(p -> padded.contains(" " + p + " "));
    }

    /** @return the numbers of the reply that the sources state neither as value nor as base, as written values */
    public static List<Long> inventedNumbers(String reply, List<String> sources) {
        Set<Long> known = new HashSet<>();
        for (String s : sources) {
            for (Number n : numbers(s)) {
                known.add(n.value());
                known.add(n.base());
            }
        }
        Set<Long> out = new LinkedHashSet<>();
        for (Number n : numbers(reply)) {
            if (!n.weak() && !known.contains(n.value()) && !known.contains(n.base())) {
                out.add(n.value());
            }
        }
        return List.copyOf(out);
    }

    /** @return the capitalised words of the reply, not starting a sentence, that no source has (see the class comment) */
    public static List<String> inventedNames(String reply, List<String> sources) {
        Set<String> known = new HashSet<>();
        for (String s : sources) {
            known.addAll(List.of(words(s).split(" ")));
        }
        Set<String> out = new LinkedHashSet<>();
        Matcher m = CAPITALISED.matcher(reply);
        while (m.find()) {
            if (startsSentence(reply, m.start())) {
                continue;
            }
            String word = m.group().replaceAll("['’](s|S)?$", "");
            String w = words(word);
            if (w.isEmpty()
                    || w.equals("i")
                    || TITLES.contains(w)
                    || FUNCTION_WORDS.contains(w)
                    || word.matches("I['’].*")) {
                continue;
            }
            if (!known.contains(w) && !known.contains(words(m.group()))) {
                out.add(word);
            }
        }
        return List.copyOf(out);
    }

    /** Whether the word at {@code at} is the reply's first or follows . ! ? or a line break (quotes and brackets skipped). */
    static boolean startsSentence(String text, int at) {
        int i = at - 1;
        while (i >= 0
                && (Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '\n'
                        || "\"'“”‘’([«".indexOf(text.charAt(i)) >= 0)) {
            i--;
        }
        if (i < 0) {
            return true;
        }
        char c = text.charAt(i);
        return c == '.' || c == '!' || c == '?' || c == '\n' || c == '…';
    }
}
