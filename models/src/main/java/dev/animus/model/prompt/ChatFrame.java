package dev.animus.model.prompt;

import dev.animus.model.llama.ChoiceConstraint;
import dev.animus.model.llama.GenerationConfig;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.llama.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Prompts for a chat model, framed by its own chat template: a system message says who the NPC
 * is, what it knows and perceives and how to tag a reply; the user message is the player's
 * words. The assistant's turn then reads {@code [action, emotion] text}: the tag is decoded
 * over the model's ordinary tokens with the action and emotion constrained to the NPC's own, and
 * the text runs to the model's end of turn. A template that refuses a system message (Gemma,
 * Mistral's first) gets it at the top of the user's. Immutable; any thread.
 */
public final class ChatFrame implements PromptFrame {
    /** End-of-turn tokens of the common chat families, stops wherever the tokenizer has them. */
    static final List<String> END_OF_TURN =
            List.of("<|im_end|>", "<|eot_id|>", "<|end_of_text|>", "<end_of_turn>", "<|endoftext|>", "</s>");

    private static final String OPEN = "[";
    private static final String BETWEEN = ",";
    private static final String CLOSE = "]";

    private final LlamaTokenizer tokenizer;
    private final ChatTemplate template;
    private final List<String> specialTokens;
    private final long endToken;
    private final GenerationConfig generation;
    /** Whether the system message goes inside the user's, the template refusing a system role. */
    private final boolean systemInUser;

    /**
     * @param tokenizer the model's tokenizer (not null)
     * @param template its chat template (not null)
     * @param endTokens where its turn ends (not empty; the first is the one a server's grammar ends at)
     * @param specialTokens its special tokens, which the NPC's and player's text must not spell
     * @throws IllegalArgumentException if the template frames neither a system and user message
     *     nor a user message alone, or the tokenizer cannot spell the tag's brackets
     */
    public ChatFrame(LlamaTokenizer tokenizer, ChatTemplate template, Set<Long> endTokens, List<String> specialTokens) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.template = Objects.requireNonNull(template, "template");
        this.specialTokens = specialTokens.stream().filter(s -> s.length() > 1).toList();
        if (endTokens.isEmpty()) {
            throw new IllegalArgumentException("a chat frame needs the token its turns end with");
        }
        this.endToken = endTokens.iterator().next();
        this.generation = ReplyPlan.generation(endToken).withStopTokens(endTokens);
        this.systemInUser = refusesSystem(template);
        String tag = OPEN + "talk" + BETWEEN + " calm" + CLOSE + " Yes.";
        String spelled = tokenizer.decode(tokenizer.encodePlain(tag), true).strip();
        if (!spelled.equals(tag)) {
            throw new IllegalArgumentException("its tokenizer cannot spell a reply's tag: '" + tag + "' comes back as '"
                    + spelled + "'. Use a model whose tokenizer is byte-level or falls back to bytes.");
        }
    }

    private static boolean refusesSystem(ChatTemplate template) {
        try {
            template.render(
                    List.of(new ChatTemplate.Message("system", "s"), new ChatTemplate.Message("user", "u")), true);
            return false;
        } catch (IllegalArgumentException refused) {
            template.render(List.of(new ChatTemplate.Message("user", "u")), true); // throws if it frames nothing
            return true;
        }
    }

    /**
     * The conversation a dialogue prompt becomes, before the template frames it.
     *
     * @param d what the NPC is asked (not null)
     * @return a system and a user message (or the user message alone, for a template that refuses system)
     */
    public List<ChatTemplate.Message> messages(PromptFormat.Dialogue d) {
        StringBuilder system = new StringBuilder("You are ")
                .append(clean(d.npcName()))
                .append(", a character in a game. ")
                .append(clean(d.persona()))
                .append("\n\n");
        if (d.facts().isEmpty()) {
            system.append("You know nothing that bears on what the player says.\n");
        } else {
            system.append("What you know:\n");
            d.facts().forEach(f -> system.append("- ").append(clean(f)).append('\n'));
        }
        if (!d.percepts().isEmpty()) {
            system.append("\nWhat you notice now: ")
                    .append(clean(String.join(" ", d.percepts())))
                    .append('\n');
        }
        system.append("\nAnswer the player in character, in one or two short sentences, from what you know;"
                        + " if it does not tell you, say you don't know. Begin every reply with [action, emotion]:"
                        + " the action one of ")
                .append(String.join(", ", d.actions()))
                .append("; the emotion one of ")
                .append(String.join(", ", d.emotions()))
                .append('.');
        return conversation(system.toString(), clean(PromptFormat.utterance(d.utterance())));
    }

    /**
     * The conversation a scene prompt becomes.
     *
     * @param s what is perceived (not null)
     * @return a system and a user message (or the user message alone)
     */
    public List<ChatTemplate.Message> messages(PromptFormat.Scene s) {
        StringBuilder user = new StringBuilder(clean(s.place())).append(", ").append(clean(s.time()));
        if (!s.weather().isBlank()) {
            user.append(", ").append(clean(s.weather()));
        }
        s.things().forEach(t -> user.append('\n').append(clean(t)));
        return conversation(
                "Describe what someone standing here perceives, in two or three plain sentences. Mention only what"
                        + " the user's lines list.",
                user.toString());
    }

    private List<ChatTemplate.Message> conversation(String system, String user) {
        return systemInUser
                ? List.of(new ChatTemplate.Message("user", system + "\n\n" + user))
                : List.of(new ChatTemplate.Message("system", system), new ChatTemplate.Message("user", user));
    }

    /**
     * Text from a world file or a player on one line, the tokenizer's special tokens broken
     * apart, so that no one can end the NPC's turn or speak for it.
     */
    String clean(String text) {
        String s = PromptFormat.oneLine(text);
        for (String special : specialTokens) {
            if (s.contains(special)) {
                s = s.replace(special, special.charAt(0) + " " + special.substring(1));
            }
        }
        return s;
    }

    @Override
    public long[] dialogue(PromptFormat.Dialogue dialogue) {
        return tokens(messages(dialogue));
    }

    @Override
    public long[] scene(PromptFormat.Scene scene) {
        return tokens(messages(scene));
    }

    /** The template writes special tokens (BOS among them) as text; the tokenizer reads them back as tokens. */
    private long[] tokens(List<ChatTemplate.Message> messages) {
        return tokenizer.encodePlain(template.render(messages, true));
    }

    @Override
    public List<Segment> reply(List<String> actions, List<String> emotions, int vocabSize, List<String> lines) {
        String tagged = OPEN + actions.get(0) + BETWEEN;
        List<Segment> plan = new ArrayList<>(List.of(
                new Segment.Force(tokenizer.encodePlain(OPEN)),
                new Segment.Choose(ChoiceConstraint.of(actions, a -> after(OPEN, a), vocabSize)),
                new Segment.Force(after(OPEN + actions.get(0), BETWEEN)),
                new Segment.Choose(ChoiceConstraint.of(emotions, e -> after(tagged, " " + e), vocabSize)),
                new Segment.Force(after(tagged + " " + emotions.get(0), CLOSE))));
        String closed = tagged + " " + emotions.get(0) + CLOSE;
        if (lines == null) {
            plan.add(new Segment.Free());
        } else {
            Function<String, long[]> spoken = line -> after(closed, " " + line);
            plan.add(new Segment.Choose(ChoiceConstraint.of(ReplyPlan.prefixFree(lines, spoken), spoken, vocabSize)));
        }
        return List.copyOf(plan);
    }

    /**
     * The tokens of {@code text} where it follows {@code before}: a tokenizer that marks a word's
     * start (SentencePiece's "▁") or merges across the seam spells a piece differently alone.
     * Where the two tokenise as one across the seam (a vocabulary with ",▁"), the piece is the
     * spelling of it (with or without its leading space) that reads right after {@code before}.
     */
    private long[] after(String before, String text) {
        long[] head = tokenizer.encodePlain(before);
        long[] whole = tokenizer.encodePlain(before + text);
        if (whole.length > head.length && Arrays.equals(whole, 0, head.length, head, 0, head.length)) {
            return Arrays.copyOfRange(whole, head.length, whole.length);
        }
        String wanted = tokenizer.decode(whole, false);
        for (String spelling : List.of(text, text.stripLeading())) {
            long[] piece = tokenizer.encodePlain(spelling);
            long[] joined = Arrays.copyOf(head, head.length + piece.length);
            System.arraycopy(piece, 0, joined, head.length, piece.length);
            if (tokenizer.decode(joined, false).equals(wanted)) {
                return piece;
            }
        }
        return tokenizer.encodePlain(text);
    }

    @Override
    public GenerationConfig generation() {
        return generation;
    }

    @Override
    public long endToken() {
        return endToken;
    }

    @Override
    public String text(long[] reply) {
        String decoded = tokenizer.decode(reply, true);
        int close = decoded.indexOf(CLOSE);
        return close < 0 ? "" : decoded.substring(close + CLOSE.length()).strip();
    }

    @Override
    public String description(long[] description) {
        return tokenizer.decode(description, true).strip();
    }

    @Override
    public String describe() {
        return "its chat template (" + template.source() + ")";
    }
}
