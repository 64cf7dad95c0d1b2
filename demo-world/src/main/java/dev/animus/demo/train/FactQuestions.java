package dev.animus.demo.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Questions a player might ask that one fact answers, built from the fact's own words: what it
 * is about (the subject before its verb, the names it holds, the phrases after the verb), asked
 * in many shapes, some typed by what the fact holds (a price, a time, a place, a person). Two
 * families of shapes that share none: {@link Phrasing#TRAIN} to train on and
 * {@link Phrasing#HELD_OUT} to measure on, so a fine-tune is judged on wordings it never saw.
 * Plain rules, no parser: a world file's facts are short sentences. Pure functions; any thread.
 */
final class FactQuestions {
    /** Which family of question shapes. */
    enum Phrasing {
        TRAIN,
        HELD_OUT
    }

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\d][\\p{L}\\d'’.-]*");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    // spotless:off
    /** Words that end a subject: auxiliaries, modals, and adverbs that come before a verb. */
    private static final Set<String> VERB_CUES = Set.of("is", "are", "was", "were", "has", "have", "had", "can",
            "can't", "cannot", "will", "won't", "would", "could", "should", "must", "may", "might", "does", "doesn't",
            "do", "don't", "did", "didn't", "isn't", "aren't", "wasn't", "hasn't", "never", "always", "only", "still",
            "also", "often", "usually", "once", "secretly", "really");
    /** Words that follow a verb in "-s" or "-ed" ("charges 12", "keeps a jar", "trained in"). */
    private static final Set<String> AFTER_VERB = Set.of("a", "an", "the", "his", "her", "their", "its", "my",
            "every", "each", "at", "in", "on", "to", "for", "by", "from", "with", "up", "out", "off", "back", "no",
            "all", "some", "any", "into", "over", "under", "through", "across", "around", "near", "behind", "if", "when",
            "until", "since", "only", "twice", "once", "here", "there", "him", "them", "me", "us", "you", "it", "late",
            "early", "well", "more", "less", "than", "about");
    /** Common verbs in their plain form, which "the backups run every night" leaves without an "-s". */
    private static final Set<String> PLAIN_VERBS = Set.of("run", "open", "close", "leave", "arrive", "start", "meet",
            "come", "go", "sit", "live", "work", "sell", "cost", "stay", "serve", "eat", "sleep", "take", "make",
            "need", "want", "get", "know", "use", "keep", "play", "pay", "sail", "ride", "fly", "drive", "walk",
            "carry", "hold", "wear", "read", "write", "teach", "learn", "begin", "end", "lie", "stand", "belong");
    private static final Set<String> FUNCTION = Set.of("a", "an", "the", "of", "to", "in", "on", "at", "for",
            "with", "by", "from", "and", "or", "but", "is", "are", "was", "were", "be", "been", "being", "has", "have",
            "had", "can", "will", "would", "could", "should", "must", "may", "might", "does", "do", "did", "not",
            "no", "his", "her", "hers", "him", "their", "them", "its", "he", "she", "they", "it", "we", "i", "you",
            "who", "whom", "that", "which", "what", "if", "every", "each", "any", "some", "more", "most", "than",
            "only", "until", "since", "before", "after", "into", "over", "under", "about", "there", "this", "these",
            "those", "once", "twice", "never", "always", "also", "very", "so", "as", "up", "out", "all", "one",
            "anyone", "someone", "everyone", "nobody", "anything", "something", "everything", "nothing", "here",
            "when", "where", "while", "because", "though", "just", "still", "often", "usually", "even", "own",
            "off", "back", "down", "through", "across", "around", "near", "behind", "again", "too", "much", "many",
            "other", "another", "such", "same", "per", "via", "isn't", "doesn't", "don't", "can't", "won't");
    /** Irregular verb forms that are no topic on their own ("bound", "lost", "kept"). */
    private static final Set<String> VERB_FORMS = Set.of("bound", "lost", "kept", "born", "sold", "told", "left",
            "came", "went", "made", "found", "held", "built", "taught", "bought", "brought", "caught", "fought",
            "thought", "won", "ran", "saw", "gave", "took", "knew", "grew", "drew", "flew", "wore", "tore", "long",
            "comes", "goes", "says", "climb", "sell", "buy", "paid", "laid", "led", "fed", "met", "sat", "slept",
            "spent", "sent", "lent", "felt", "dealt", "meant", "heard", "hid", "shut", "set", "put", "cut");
    private static final Set<String> DETERMINERS = Set.of("a", "an", "the", "his", "her", "their", "its", "my",
            "our", "your", "every", "each", "some", "this", "that", "these", "those", "no", "any");
    /** Prepositions after which a subject says more than players ask ("the lift to the fourteenth floor"). */
    private static final Set<String> SUBJECT_ENDS =
            Set.of("to", "of", "under", "in", "from", "at", "for", "with", "on", "behind", "near");
    private static final Set<String> PRONOUNS = Set.of("there", "he", "she", "they", "it", "we", "i", "you");
    private static final Set<String> TITLES = Set.of("Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Sir", "Lady", "Lord",
            "Captain", "Master", "Mistress", "Father", "Mother", "Brother", "Sister", "Old", "Uncle", "Aunt");
    private static final Set<String> MONEY = Set.of("cost", "costs", "price", "prices", "pay", "pays", "paid",
            "charge", "charges", "charged", "fee", "fare", "rent", "dollars", "dollar", "euros", "euro", "pounds",
            "silver", "gold", "copper", "coins", "coin", "credits", "marks", "crowns", "pennies", "cents", "shillings",
            "bucks", "sells", "sold", "worth");
    private static final Set<String> TIME = Set.of("am", "pm", "o'clock", "noon", "midnight", "dawn", "dusk",
            "morning", "mornings", "evening", "evenings", "night", "nights", "afternoon", "until", "since", "daily",
            "weekly", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mondays",
            "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays", "hour", "hours", "minutes",
            "days", "weeks", "years", "opens", "closes", "starts", "leaves", "arrives");
    private static final Set<String> PLACE = Set.of("in", "at", "under", "behind", "beside", "near", "inside",
            "above", "below", "upstairs", "downstairs", "next");

    private static final List<String> GENERAL_TRAIN = List.of("What about %s?", "Tell me about %s.", "%s?",
            "What do you know about %s?", "Anything about %s?", "what can you tell me about %s",
            "Know anything about %s?", "I want to ask about %s.", "And %s?", "about %s...");
    private static final List<String> GENERAL_HELD = List.of("Could you tell me something about %s?",
            "Any word on %s?", "so... %s?", "I was wondering about %s.", "wat about %s", "what's the story with %s?");
    private static final List<String> MONEY_TRAIN = List.of("How much is %s?", "What does %s cost?",
            "price of %s?", "how much for %s");
    private static final List<String> MONEY_HELD = List.of("What would %s set me back?",
            "How much do I pay for %s?");
    private static final List<String> TIME_TRAIN = List.of("When is %s?", "What time is %s?", "when %s?");
    private static final List<String> TIME_HELD = List.of("Until when is %s?", "At what hour is %s?");
    private static final List<String> PLACE_TRAIN = List.of("Where is %s?", "where can I find %s");
    private static final List<String> PLACE_HELD = List.of("Where would I find %s?");
    private static final List<String> PERSON_TRAIN = List.of("Who is %s?", "who's %s");
    private static final List<String> PERSON_HELD = List.of("Do you know who %s is?");
    // spotless:on

    private FactQuestions() {}

    /**
     * @param fact one fact, as the world file writes it
     * @param npcName the NPC whose fact it is (its first name is a subject like "he")
     * @param phrasing which family of shapes
     * @param toOwner whether the NPC whose fact it is is asked ("her team" becomes "your team")
     * @return the questions, each once, in a fixed order (empty for a fact with no content word)
     */
    static List<String> questions(String fact, String npcName, Phrasing phrasing, boolean toOwner) {
        boolean train = phrasing == Phrasing.TRAIN;
        List<String> words = words(fact);
        Set<String> lower = new LinkedHashSet<>();
        words.forEach(w -> lower.add(w.toLowerCase(Locale.ROOT)));
        boolean number = NUMBER.matcher(fact).find();
        boolean money = number && lower.stream().anyMatch(MONEY::contains);
        boolean time = lower.stream().anyMatch(TIME::contains) || fact.matches(".*\\d+[:.]\\d\\d.*");
        boolean place = lower.stream().anyMatch(PLACE::contains);
        Set<String> out = new LinkedHashSet<>();
        String subject = subject(words, npcName);
        for (String about : topics(fact, npcName)) {
            String topic = toOwner ? about.replaceFirst("^(his|her|their) ", "your ") : about;
            for (String shape : train ? GENERAL_TRAIN : GENERAL_HELD) {
                out.add(ask(shape, topic));
            }
            boolean isSubject = about.equals(subject);
            if (money && isSubject) {
                (train ? MONEY_TRAIN : MONEY_HELD).forEach(s -> out.add(ask(s, topic)));
            }
            if (time && isSubject) {
                (train ? TIME_TRAIN : TIME_HELD).forEach(s -> out.add(ask(s, topic)));
            }
            if (place && isSubject) {
                (train ? PLACE_TRAIN : PLACE_HELD).forEach(s -> out.add(ask(s, topic)));
            }
            if (!isSubject && Character.isUpperCase(topic.charAt(0)) && topic.contains(" ")) {
                (train ? PERSON_TRAIN : PERSON_HELD).forEach(s -> out.add(ask(s, topic)));
            }
        }
        return List.copyOf(out);
    }

    /**
     * What a fact is about, most telling first: its subject (when it is not the NPC itself),
     * the names it holds, then up to two phrases after its verb.
     */
    static List<String> topics(String fact, String npcName) {
        List<String> words = words(fact);
        Set<String> topics = new LinkedHashSet<>();
        String subject = subject(words, npcName);
        if (subject != null) {
            topics.add(subject);
            topics.addAll(shorter(subject));
        }
        topics.addAll(names(words, npcName));
        int verb = verbAt(words);
        int start = verb < 0 ? 1 : verb + 1;
        int phrases = 0;
        for (String phrase : phrases(words.subList(Math.min(start, words.size()), words.size()))) {
            if (phrases < 2 && topics.add(phrase)) {
                phrases++;
            }
        }
        return List.copyOf(topics);
    }

    /**
     * A subject as players shorten it: without what follows its first preposition ("the lift to
     * the fourteenth floor": "the lift"), and its head noun alone ("an iron sword": "a sword").
     */
    static List<String> shorter(String subject) {
        List<String> words = List.of(subject.split(" "));
        if (words.stream().anyMatch(w -> Character.isUpperCase(w.charAt(0)))) {
            return List.of(); // a name is asked as written
        }
        int cut = words.size();
        for (int i = 1; i < words.size(); i++) {
            if (SUBJECT_ENDS.contains(words.get(i))) {
                cut = i;
                break;
            }
        }
        List<String> out = new ArrayList<>();
        List<String> head = words.subList(0, cut);
        if (cut < words.size() && cut > 0) {
            out.add(String.join(" ", head));
        }
        boolean article = DETERMINERS.contains(head.get(0));
        int modifiers = head.size() - (article ? 1 : 0) - 1;
        if (modifiers > 0) {
            String noun = head.get(head.size() - 1);
            String first = head.get(0);
            String determiner = !article
                    ? ""
                    : first.equals("a") || first.equals("an")
                            ? ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ")
                            : first + " ";
            out.add(determiner + noun);
        }
        return out;
    }

    /**
     * What a right reply must say, in the evaluation's token syntax ({@code Scoring.matches}):
     * every number and name of the fact, or, for a fact with neither, its two longest content words.
     */
    static String key(String fact, String npcName) {
        List<String> words = words(fact);
        List<String> key = new ArrayList<>();
        Matcher m = NUMBER.matcher(fact);
        while (m.find()) {
            key.add(m.group());
        }
        for (String name : names(words, npcName)) {
            key.add(name.substring(name.lastIndexOf(' ') + 1));
        }
        if (key.isEmpty()) {
            words.stream()
                    .map(FactQuestions::bare)
                    .filter(w -> !FUNCTION.contains(w.toLowerCase(Locale.ROOT)) && w.length() > 2)
                    .map(w -> w.toLowerCase(Locale.ROOT))
                    .distinct()
                    .sorted((a, b) -> b.length() - a.length())
                    .limit(2)
                    .forEach(key::add);
        }
        return String.join(";", new LinkedHashSet<>(key));
    }

    /** The words before the verb, without a leading article's capital; null for "he", "she" or the NPC's own name. */
    private static String subject(List<String> words, String npcName) {
        int end = verbAt(words);
        if (end <= 0) {
            return null;
        }
        List<String> subject = new ArrayList<>(words.subList(0, end));
        String first = bare(subject.get(0));
        if (subject.size() == 1
                && (PRONOUNS.contains(first.toLowerCase(Locale.ROOT)) || first.equals(firstName(npcName)))) {
            return null;
        }
        int comma = -1;
        for (int i = 0; i < subject.size(); i++) {
            if (subject.get(i).endsWith(",")) {
                comma = i;
                break;
            }
        }
        if (comma >= 0) {
            subject = subject.subList(0, comma + 1);
        }
        String text = String.join(" ", subject.stream().map(FactQuestions::bare).toList());
        return lowerArticle(text);
    }

    /** The index of the subject's verb: an auxiliary, or a word in "-s" or "-ed" before an article, a preposition or a number. */
    private static int verbAt(List<String> words) {
        if (words.size() > 1 && PRONOUNS.contains(bare(words.get(0)).toLowerCase(Locale.ROOT))) {
            return 1; // "She sells dates", "There are nine barrels"
        }
        for (int i = 1; i < words.size(); i++) {
            String w = bare(words.get(i)).toLowerCase(Locale.ROOT);
            if (VERB_CUES.contains(w) || i >= 2 && PLAIN_VERBS.contains(w)) {
                return i;
            }
            boolean afterDeterminer =
                    DETERMINERS.contains(bare(words.get(i - 1)).toLowerCase(Locale.ROOT));
            if ((w.endsWith("s") || w.endsWith("ed")) && w.length() > 3 && i + 1 < words.size() && !afterDeterminer) {
                String next = bare(words.get(i + 1)).toLowerCase(Locale.ROOT);
                if (AFTER_VERB.contains(next) || NUMBER.matcher(next).matches()) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Capitalised words after the first, runs joined ("Harriet Lindqvist", "Mr. Okafor"), not the NPC's own name. */
    private static List<String> names(List<String> words, String npcName) {
        List<String> names = new ArrayList<>();
        List<String> run = new ArrayList<>();
        String own = firstName(npcName);
        for (int i = 1; i <= words.size(); i++) {
            String w = i < words.size() ? bare(words.get(i)) : "";
            boolean capital = !w.isEmpty() && Character.isUpperCase(w.charAt(0)) && !w.equals("I");
            if (capital && !w.equals(own)) {
                run.add(TITLES.contains(words.get(i)) ? words.get(i) : w);
            }
            boolean ends = !capital
                    || w.equals(own)
                    || (i < words.size() && words.get(i).endsWith(","));
            if (ends && !run.isEmpty()) {
                if (!(run.size() == 1 && TITLES.contains(run.get(0)))) {
                    names.add(String.join(" ", run));
                }
                run.clear();
            }
        }
        return names;
    }

    /** Runs of content words in the order they come ("of" may join two: "jar of peppermints"), lone verb forms left out. */
    private static List<String> phrases(List<String> words) {
        List<String> phrases = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (int i = 0; i <= words.size(); i++) {
            String w = i < words.size() ? bare(words.get(i)) : "";
            String lw = w.toLowerCase(Locale.ROOT);
            boolean content = !w.isEmpty()
                    && !FUNCTION.contains(lw)
                    && !NUMBER.matcher(w).matches()
                    && !Character.isUpperCase(w.charAt(0));
            boolean joiner = lw.equals("of") && !run.isEmpty();
            if (content || joiner) {
                run.add(lw);
            }
            boolean punctuated = i < words.size() && words.get(i).matches(".*[,;:]$");
            if ((!content && !joiner) || punctuated || i == words.size()) {
                while (!run.isEmpty() && run.get(run.size() - 1).equals("of")) {
                    run.remove(run.size() - 1);
                }
                // A lone verb form is not a topic ("handed", "asking").
                boolean verbOnly = run.size() == 1
                        && (run.get(0).endsWith("ed")
                                || run.get(0).endsWith("ing")
                                || run.get(0).endsWith("en")
                                || PLAIN_VERBS.contains(run.get(0))
                                || VERB_FORMS.contains(run.get(0))
                                || run.get(0).length() < 4);
                if (!run.isEmpty() && !verbOnly) {
                    phrases.add(String.join(" ", run));
                }
                run.clear();
            }
        }
        return phrases;
    }

    /** The shape filled in; a shape that opens with the topic gets a capital ("Visitor badges?"). */
    private static String ask(String shape, String topic) {
        String q = String.format(Locale.ROOT, shape, topic);
        return shape.startsWith("%s") ? Character.toUpperCase(q.charAt(0)) + q.substring(1) : q;
    }

    /** The subject without the capital it has only for opening the sentence ("Visitor badges"); a name keeps it. */
    private static String lowerArticle(String text) {
        String[] parts = text.split(" ");
        boolean name = TITLES.contains(parts[0])
                || Arrays.stream(parts).allMatch(p -> !p.isEmpty() && Character.isUpperCase(p.charAt(0)));
        return name || text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            String w = m.group();
            int end = m.end();
            if (end < text.length() && ",;:".indexOf(text.charAt(end)) >= 0) {
                w += text.charAt(end);
            }
            words.add(w);
        }
        return words;
    }

    /** A word without its trailing punctuation (a title's dot stays). */
    private static String bare(String word) {
        if (TITLES.contains(word)) {
            return word;
        }
        return word.replaceAll("[,;:.]+$", "");
    }

    private static String firstName(String npcName) {
        String[] parts = npcName.strip().split("\\s+");
        return parts.length == 0 ? "" : parts[0];
    }
}
