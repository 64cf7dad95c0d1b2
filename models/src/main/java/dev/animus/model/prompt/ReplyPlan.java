package dev.animus.model.prompt;

import dev.animus.model.llama.ChoiceConstraint;
import dev.animus.model.llama.GenerationConfig;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.llama.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How the decoder writes a reply after a {@link PromptFormat.Dialogue} prompt: the action,
 * constrained to the NPC's actions; the emotion marker; the emotion, constrained to its
 * emotions; the say marker; then free text until {@link PromptFormat#END}. Training's
 * evaluation, {@code ask} and the plugin all decode with this plan.
 */
public final class ReplyPlan {
    private ReplyPlan() {}

    /**
     * @param tokenizer the decoder's tokenizer (not null)
     * @param actions the NPC's actions (not empty)
     * @param emotions the NPC's emotions (not empty)
     * @param vocabSize the decoder's vocabulary size
     * @return the plan
     */
    public static List<Segment> dialogue(
            LlamaTokenizer tokenizer, List<String> actions, List<String> emotions, int vocabSize) {
        return List.of(
                new Segment.Choose(ChoiceConstraint.of(actions, tokenizer::encodePlain, vocabSize)),
                new Segment.Force(tokenizer.encodePlain(PromptFormat.EMOTION)),
                new Segment.Choose(ChoiceConstraint.of(emotions, tokenizer::encodePlain, vocabSize)),
                new Segment.Force(tokenizer.encodePlain(PromptFormat.SAY)),
                new Segment.Free());
    }

    /**
     * The words an answer may open with before the fact it states: the bundled decoder's voices'
     * openers and plain ones. The decoder chooses among them, so the opener is in the NPC's voice
     * as the model hears it, and can state nothing the facts do not. Each ends a sentence, so the
     * fact after it keeps its capital ("Oh, love. Patients may have one visitor."), whether it
     * opens with a name or not.
     */
    // spotless:off
    public static final List<String> OPENERS = List.of("Hm.", "Right.", "Listen.", "Aye.", "Yes.", "Sure.", "Well.",
            "Oh, love.", "Well now.", "Ah, love.", "Very well.", "Citizen.", "Heh.", "Easy now.", "Ah...", "Well...",
            "Child.", "Friend.", "Look.", "Of course.");
    // spotless:on

    /**
     * How the decoder writes a reply that states a fact retrieval chose ({@link #answer}): the
     * action, the emotion and an opener ({@link #OPENERS}), each constrained. The fact itself is
     * not decoded: a small model rewrites words it never saw into other words, so the reply says
     * the fact as the world file wrote it.
     */
    public static List<Segment> answering(
            LlamaTokenizer tokenizer, List<String> actions, List<String> emotions, int vocabSize) {
        return closing(tokenizer, actions, emotions, vocabSize, OPENERS);
    }

    /**
     * The ways to say "I don't know" an NPC chooses from when it is asked something no fact
     * answers: the bundled decoder's voices' lines and plain ones.
     */
    // spotless:off
    public static final List<String> DONT_KNOW = List.of("Don't know. Not my business.", "Can't say.",
            "Oh, I couldn't tell you, love.", "No idea, love, sorry.", "That is not known to me.",
            "I have no information on that.", "Dunno. Ask someone else!", "No idea, mister.",
            "Can't say I know...", "That I cannot say, child.", "It is not given to me to know.",
            "I don't know, sorry.", "I couldn't say.", "I'm afraid I don't know.");

    /**
     * The lines an NPC chooses from when it is greeted, threatened or chatted with: the bundled
     * decoder's voices' lines (its training data's) and plain ones. Which set is the encoder's
     * call (what kind of words they were, in the game); the decoder, which hears the words and
     * the persona, chooses the line in the NPC's voice. What an NPC says to a greeting:
     */
    public static final List<String> GREETINGS = List.of("Hm. What do you want?", "Aye. Speak.",
            "Hello, love! Come in, come in.", "Welcome, love!", "Citizen. State your business.", "Good day, stranger.",
            "Hey there, mister!", "Oi! Got a coin?", "Ah... a visitor. Good day.", "Hello there... sit a while.",
            "Peace be with you, friend.", "Welcome, child.", "Hello.", "Good day.");
    /** What an NPC says to a threat or an insult. */
    public static final List<String> THREATENED = List.of("Back off.", "Try it and see.",
            "Now, now, love, no trouble here!", "Please, love, put that away!", "Stand down, or you will be arrested.",
            "Threaten me again and you will regret it.", "Help! Leave me alone!", "Don't hurt me!",
            "Go on then... I'm too old to run.", "No need for that...", "Violence will not help you, child.",
            "Put down your anger, friend.");
    /** What an NPC says to a remark about the weather or the day. */
    public static final List<String> SMALL_TALK = List.of("It is.", "Aye, it is.", "Well enough.", "Busy as ever.",
            "Can't complain.");
    /** What an NPC says to a gift or thanks. */
    public static final List<String> THANKS = List.of("Thank you kindly.", "Much obliged.", "You're welcome.",
            "Bless you, friend.", "Well now, that's generous.");
    /** What an NPC says when the player takes their leave. */
    public static final List<String> FAREWELLS = List.of("Farewell.", "Safe travels.", "Mind how you go.",
            "Come back soon, love!", "Go in peace, friend.", "Off with you, then.");

    /** What an NPC says when another tells it news. */
    public static final List<String> REACTIONS = List.of("Is that so?", "You don't say!", "Well, I never.",
            "Hm. I'll keep an eye out.", "Dear me.", "Heh, fancy that!", "Aye, I'd heard something like it.",
            "Is that so, love?", "Stay safe, friend.");

    /** Every line, for words whose kind the encoder could not tell. */
    public static final List<String> LINES = Stream.of(GREETINGS, THREATENED, SMALL_TALK, THANKS,
            FAREWELLS).flatMap(List::stream).toList();
    // spotless:on
    /**
     * How the decoder answers words that ask for nothing (a greeting, a threat, a remark): the
     * action, the emotion and one of {@code lines} ({@link #GREETINGS}, {@link #LINES}, ...),
     * each constrained; the line chosen is the reply.
     */
    public static List<Segment> replying(
            LlamaTokenizer tokenizer, List<String> actions, List<String> emotions, int vocabSize, List<String> lines) {
        return closing(tokenizer, actions, emotions, vocabSize, lines);
    }

    /**
     * How the decoder writes a reply to a question no fact answers: the action, the emotion and
     * one of {@link #DONT_KNOW}, each constrained; the line chosen is the reply. Retrieval has
     * judged that nothing the NPC knows answers, so the decoder is not asked to make something up.
     */
    public static List<Segment> declining(
            LlamaTokenizer tokenizer, List<String> actions, List<String> emotions, int vocabSize) {
        return closing(tokenizer, actions, emotions, vocabSize, DONT_KNOW);
    }

    /** The dialogue plan with a choice among {@code lines} in place of the free text. */
    private static List<Segment> closing(
            LlamaTokenizer tokenizer, List<String> actions, List<String> emotions, int vocabSize, List<String> lines) {
        List<Segment> plan = new ArrayList<>(dialogue(tokenizer, actions, emotions, vocabSize));
        plan.set(
                plan.size() - 1,
                new Segment.Choose(ChoiceConstraint.of(
                        prefixFree(lines, tokenizer::encodePlain), tokenizer::encodePlain, vocabSize)));
        return List.copyOf(plan);
    }

    /**
     * The reply of an {@link #answering} plan: the opener, then the fact in the NPC's words.
     *
     * @param opener the opener the decoder chose
     * @param fact the fact that answers
     * @param npcName the NPC's display name, for {@link FirstPerson}
     */
    public static String answer(String opener, String fact, String npcName) {
        return (opener + " " + FirstPerson.say(fact, npcName)).strip();
    }

    /**
     * The choices whose tokens do not begin another's (a choice that another extends could never
     * be chosen): for a tokenizer that spells "Ah," as the start of "Ah, love,", the longer stays.
     */
    static List<String> prefixFree(List<String> choices, Function<String, long[]> encode) {
        List<long[]> tokens = choices.stream().map(encode).toList();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            boolean prefix = false;
            for (int j = 0; j < choices.size() && !prefix; j++) {
                prefix = j != i
                        && (startsWith(tokens.get(j), tokens.get(i)) && tokens.get(j).length > tokens.get(i).length
                                || Arrays.equals(tokens.get(i), tokens.get(j)) && j < i);
            }
            if (!prefix && tokens.get(i).length > 0) {
                kept.add(choices.get(i));
            }
        }
        return kept;
    }

    private static boolean startsWith(long[] tokens, long[] prefix) {
        return tokens.length >= prefix.length && Arrays.equals(tokens, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * How replies are decoded, the same in evaluation, {@code ask} and the game: greedy, at most
     * 64 tokens, ending at the end marker, and no 3-gram of the reply twice (a small model in a
     * loop would otherwise say "Tamamamamam..." to the limit).
     *
     * @param endToken the id of the end marker ({@link #endToken})
     */
    public static GenerationConfig generation(long endToken) {
        return GenerationConfig.GREEDY
                .withMaxNewTokens(64)
                .withStopTokens(Set.of(endToken))
                .withNoRepeatNgram(3);
    }

    /**
     * Where free text stops: the end marker, and every other marker too. A reply never holds a
     * marker; a model pushed far out of what it knows (a wall of "AAAA...") can start a new
     * prompt section instead of ending, and what follows must not reach the player.
     *
     * @param tokenizer the decoder's tokenizer
     * @return the ids of the markers that are single tokens, the end marker among them
     */
    public static Set<Long> stopTokens(LlamaTokenizer tokenizer) {
        Set<Long> stops = new HashSet<>();
        stops.add(endToken(tokenizer));
        for (String marker : PromptFormat.MARKERS) {
            long[] ids = tokenizer.encodePlain(marker);
            if (ids.length == 1) {
                stops.add(ids[0]);
            }
        }
        return Set.copyOf(stops);
    }

    /** @return the id of the end marker, where a reply stops */
    public static long endToken(LlamaTokenizer tokenizer) {
        long[] ids = tokenizer.encodePlain(PromptFormat.END);
        if (ids.length != 1) {
            throw new IllegalStateException("this tokenizer does not keep " + PromptFormat.END + " as one token; it was"
                    + " not trained for Animus's prompt format");
        }
        return ids[0];
    }

    /**
     * The reply text inside a decoded reply (after the say marker), or "" if there is none.
     *
     * @param decoded the reply decoded with its markers
     */
    public static String text(String decoded) {
        int at = decoded.indexOf(PromptFormat.SAY);
        if (at < 0) {
            return "";
        }
        String text = decoded.substring(at + PromptFormat.SAY.length());
        int marker = text.indexOf("<|"); // the reply ends where any marker starts
        return (marker < 0 ? text : text.substring(0, marker)).strip();
    }
}
