package dev.animus.model.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Memory lines as the plugin puts them among a prompt's facts ("Earlier today, the stranger
 * threatened me, saying "Hand it over."", "Yesterday, the stranger gave me a coin."), and
 * questions about them ("Do you remember me?") with replies that use what is remembered. The
 * line formats must match the plugin's (its {@code NpcMemories.promptLine} and
 * {@code Importance.judge}); the model learns to read them only as they are written there.
 */
final class MemoryBank {
    /** What kind of thing is remembered, most important first: a general question recalls the most important. */
    enum Topic {
        THREAT,
        WEAPON,
        GIFT,
        WORDS
    }

    /**
     * A question about the past and its answer.
     *
     * @param lines the facts and memory lines of the prompt
     * @param question what the player asks
     * @param reply what the NPC answers
     * @param action its action
     * @param emotion its emotion
     * @param key what a right reply contains ("threat", "coin"), or null when nothing is remembered
     */
    record Recall(List<String> lines, String question, String reply, String action, String emotion, String key) {}

    private record Remembered(Topic topic, String line, String when, String detail) {}

    // spotless:off
    private static final List<String> THREATS = List.of("Give me your money or else!", "I will hurt you.",
            "Hand it over, now!", "One more word and you're dead.", "I'll burn this place down.",
            "I will kill you, old man.", "Watch your back.", "You'll regret this.", "Get out of my way or I'll cut you.");
    private static final List<String> GIFTS = List.of("a coin", "a coin", "an apple", "a loaf of bread", "a flower",
            "a silver ring", "a fish", "a letter", "a bottle of wine", "a candle");
    private static final List<String> WORDS = List.of("How much is the sword?", "Where is the inn?", "Nice weather today.",
            "What's your name?", "Have you seen my dog?", "The bridge is broken.", "I'm looking for work.",
            "When does the market open?", "Tell me about the lake.", "I like your hat.");
    private static final List<String> GENERAL = List.of("Do you remember me?", "Remember me?", "Have we met before?",
            "Do you know who I am?", "Do you remember what I did?", "What do you think of me?", "Have you seen me before?",
            "Do you recall our last meeting?", "What happened earlier?");
    private static final List<String> ABOUT_THREAT = List.of("Did I threaten you?", "Are you still angry with me?",
            "Do you trust me?", "Are you afraid of me?");
    private static final List<String> ABOUT_WEAPON = List.of("Did I scare you?", "Are you afraid of me?",
            "Do you trust me?", "Did you see my sword?");
    private static final List<String> ABOUT_GIFT = List.of("Did I give you anything?", "Do you remember my gift?",
            "What did I give you?", "Did you like my present?");
    private static final List<String> ABOUT_WORDS = List.of("What did I say to you?", "Do you remember what I said?",
            "What did I ask you?", "Do you remember what I said to you?");
    private static final List<String> STRANGERS = List.of("No, I don't think we've met.", "I don't know you, stranger.",
            "Never seen you before.", "No. Should I?");
    // spotless:on

    private final SplittableRandom random;
    private final Names names;
    private final Quotes quotes;

    MemoryBank(SplittableRandom random, Names names) {
        this.random = random;
        this.names = names;
        this.quotes = new Quotes(random, names);
    }

    /**
     * A question about the past for an NPC: one to three memories with some of its facts, or,
     * now and then, no memories at all (it has never met the player).
     */
    Recall recall(SynthNpc npc, List<Fact> facts) {
        List<String> lines = new ArrayList<>();
        for (Fact f : facts.subList(0, Math.min(random.nextInt(3), facts.size()))) {
            lines.add(f.text());
        }
        if (random.nextInt(6) == 0) {
            return new Recall(lines, pick(GENERAL), pick(STRANGERS), "talk", "neutral", null);
        }
        List<Remembered> remembered = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        while (remembered.size() < count) {
            Remembered m = memory();
            if (remembered.stream().noneMatch(r -> r.topic() == m.topic())) {
                remembered.add(m);
            }
        }
        // A general question recalls the most important memory; a specific one its own kind.
        boolean general = random.nextBoolean();
        Remembered asked = general
                ? remembered.stream()
                        .min((a, b) -> a.topic().compareTo(b.topic()))
                        .orElseThrow()
                : remembered.get(0);
        if (asked.topic() == Topic.WORDS) { // "what did I say?": a threat is words too, and matters more
            asked = remembered.stream()
                    .filter(r -> r.topic() == Topic.THREAT)
                    .findFirst()
                    .orElse(asked);
        }
        String question = general
                ? pick(GENERAL)
                : pick(
                        switch (asked.topic()) {
                            case THREAT -> ABOUT_THREAT;
                            case WEAPON -> ABOUT_WEAPON;
                            case GIFT -> ABOUT_GIFT;
                            case WORDS -> ABOUT_WORDS;
                        });
        // Retrieval ranks the memory asked about first, usually.
        List<String> memoryLines = new ArrayList<>();
        for (Remembered r : remembered) {
            if (r != asked) {
                memoryLines.add(r.line());
            }
        }
        memoryLines.add(random.nextDouble() < 0.7 ? 0 : random.nextInt(memoryLines.size() + 1), asked.line());
        lines.addAll(random.nextBoolean() ? 0 : lines.size(), memoryLines);
        return reply(npc, asked, question, ABOUT_WORDS.contains(question), lines);
    }

    /** The facts with, now and then, a memory line that has nothing to do with the question. */
    List<String> mixedIn(List<String> facts) {
        if (random.nextInt(4) != 0) {
            return facts;
        }
        List<String> out = new ArrayList<>(facts);
        out.add(out.isEmpty() ? 0 : 1 + random.nextInt(out.size()), memory().line());
        return out;
    }

    /** @param aboutWords the player asked what he said: a threat is then quoted */
    private Recall reply(SynthNpc npc, Remembered m, String question, boolean aboutWords, List<String> lines) {
        Voice voice = npc.voice();
        String alert = npc.actions().contains("alert") ? "alert" : "talk";
        String nod = npc.actions().contains("nod") ? "nod" : "talk";
        return switch (m.topic()) {
            case THREAT ->
                new Recall(
                        lines,
                        question,
                        aboutWords
                                ? pick(List.of(
                                        "You said \"" + m.detail() + "\" I remember that threat.",
                                        "You threatened me. You said \"" + m.detail() + "\"",
                                        "I remember. " + FactBank.cap(m.when()) + " you said \"" + m.detail()
                                                + "\" That was a threat."))
                                : pick(List.of(
                                        "I remember you. You threatened me " + m.when() + ".",
                                        "You threatened me " + m.when() + ". I have not forgotten.",
                                        "You said \"" + m.detail() + "\" I remember that threat.",
                                        opened(voice, "you threatened me " + m.when() + ". Keep away from me."))),
                        alert,
                        voice.threatEmotion,
                        "threat");
            case WEAPON ->
                new Recall(
                        lines,
                        question,
                        pick(List.of(
                                "You drew a weapon on me " + m.when() + ". I don't trust you.",
                                "I remember. You drew a weapon near me " + m.when() + ".")),
                        alert,
                        voice.threatEmotion,
                        "weapon");
            case GIFT ->
                new Recall(
                        lines,
                        question,
                        pick(List.of(
                                "You gave me " + m.detail() + " " + m.when() + ". Thank you.",
                                "Of course. You gave me " + m.detail() + ".",
                                opened(voice, "you gave me " + m.detail() + " " + m.when() + "."))),
                        nod,
                        voice.greetingEmotion,
                        m.detail());
            case WORDS ->
                new Recall(
                        lines,
                        question,
                        pick(List.of(
                                "You said \"" + m.detail() + "\"",
                                "I remember. " + m.when().substring(0, 1).toUpperCase(Locale.ROOT)
                                        + m.when().substring(1) + " you said \"" + m.detail() + "\"")),
                        "talk",
                        "neutral",
                        m.detail());
        };
    }

    /** The sentence after one of the voice's openers: "Oh, love, you ...", or "Hm. You ...". */
    private String opened(Voice voice, String sentence) {
        String opener = pick(voice.openers);
        return opener + " " + (opener.endsWith(",") ? sentence : FactBank.cap(sentence));
    }

    private Remembered memory() {
        String when = when();
        String lead = switch (when) {
            case "earlier today" -> "Earlier today";
            case "yesterday" -> "Yesterday";
            default -> when.substring(0, 1).toUpperCase(Locale.ROOT) + when.substring(1);
        };
        Topic topic = pick(List.of(Topic.values()));
        return switch (topic) {
            case THREAT -> {
                String words = random.nextInt(3) == 0 ? pick(THREATS) : quotes.threat();
                yield new Remembered(
                        topic, lead + ", the stranger threatened me, saying \"" + words + "\"", when, words);
            }
            case WEAPON -> new Remembered(topic, lead + ", the stranger drew a weapon near me.", when, null);
            case GIFT -> {
                String gift = random.nextInt(4) == 0 ? "a " + names.word() : pick(GIFTS);
                yield new Remembered(topic, lead + ", the stranger gave me " + gift + ".", when, gift);
            }
            case WORDS -> {
                String words = random.nextInt(3) == 0 ? pick(WORDS) : quotes.words();
                yield new Remembered(topic, lead + ", the stranger said to me: \"" + words + "\"", when, words);
            }
        };
    }

    private String when() {
        int r = random.nextInt(5);
        return r < 3 ? "earlier today" : r == 3 ? "yesterday" : (2 + random.nextInt(5)) + " days ago";
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
