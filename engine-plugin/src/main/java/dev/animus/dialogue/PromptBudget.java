package dev.animus.dialogue;

import dev.animus.model.prompt.PromptFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Fits a prompt into the decoder's context, so that one long conversation cannot fail the
 * others it is batched with. What gives way, in order: the lowest-ranked lines (what the NPC
 * perceives, then its facts from the least relevant up), then the player's words (cut from the
 * end), then the persona and the name. The template's markers are always kept: only the text
 * between them is cut. Text outside ASCII can cost a token per byte, so the cut is measured in
 * tokens, never guessed from characters. Stateless; thread-safe.
 */
public final class PromptBudget {
    /** What marks a cut, as {@link PromptFormat#utterance} marks one. */
    static final String CUT = "...";

    private PromptBudget() {}

    /**
     * A prompt that fits, and its tokens.
     *
     * @param prompt what is left of the prompt (its facts are the facts the reply was given)
     * @param tokens the rendered prompt's tokens
     */
    public record Fitted(PromptFormat.Dialogue prompt, long[] tokens) {}

    /**
     * @param prompt the whole prompt (not null)
     * @param tokenize the prompt's tokens, as the decoder's frame renders and tokenises it
     * @param maxTokens the most tokens the prompt may take (the context less the reply's room)
     * @return the prompt cut to fit
     * @throws IllegalArgumentException if even the bare template does not fit
     */
    public static Fitted fit(
            PromptFormat.Dialogue prompt, Function<PromptFormat.Dialogue, long[]> tokenize, int maxTokens) {
        long[] tokens = tokenize.apply(prompt);
        if (tokens.length <= maxTokens) {
            return new Fitted(prompt, tokens);
        }
        List<String> percepts = new ArrayList<>(prompt.percepts());
        List<String> facts = new ArrayList<>(prompt.facts());
        PromptFormat.Dialogue cut = prompt;
        while (tokens.length > maxTokens && (!percepts.isEmpty() || !facts.isEmpty())) {
            if (!percepts.isEmpty()) {
                percepts.remove(percepts.size() - 1);
            } else {
                facts.remove(facts.size() - 1);
            }
            cut = new PromptFormat.Dialogue(
                    cut.npcName(), cut.persona(), facts, percepts, cut.actions(), cut.emotions(), cut.utterance());
            tokens = tokenize.apply(cut);
        }
        for (int part = 0; part < 3 && tokens.length > maxTokens; part++) {
            PromptFormat.Dialogue base = cut;
            Function<String, PromptFormat.Dialogue> with = switch (part) {
                case 0 ->
                    text -> new PromptFormat.Dialogue(
                            base.npcName(),
                            base.persona(),
                            base.facts(),
                            base.percepts(),
                            base.actions(),
                            base.emotions(),
                            text);
                case 1 ->
                    text -> new PromptFormat.Dialogue(
                            base.npcName(),
                            text,
                            base.facts(),
                            base.percepts(),
                            base.actions(),
                            base.emotions(),
                            base.utterance());
                default ->
                    text -> new PromptFormat.Dialogue(
                            text,
                            base.persona(),
                            base.facts(),
                            base.percepts(),
                            base.actions(),
                            base.emotions(),
                            base.utterance());
            };
            String text = switch (part) {
                case 0 -> PromptFormat.utterance(base.utterance());
                case 1 -> base.persona();
                default -> base.npcName();
            };
            cut = with.apply(longestFitting(text, s -> tokenize.apply(with.apply(s)).length <= maxTokens));
            tokens = tokenize.apply(cut);
        }
        if (tokens.length > maxTokens) {
            throw new IllegalArgumentException("the prompt of '" + prompt.npcName() + "' takes " + tokens.length
                    + " tokens with nothing left to cut, and the decoder's context leaves " + maxTokens
                    + " for it: the NPC's actions and emotions are too many for this model");
        }
        return new Fitted(cut, tokens);
    }

    /**
     * A scene prompt cut to fit: its farthest things go first (they are listed nearest first).
     *
     * @param scene the scene (not null)
     * @param tokenize the prompt's tokens, as the decoder's frame renders and tokenises it
     * @param maxTokens the most tokens the prompt may take
     * @return the prompt's tokens
     * @throws IllegalArgumentException if even the scene's heading does not fit
     */
    public static long[] fitScene(
            PromptFormat.Scene scene, Function<PromptFormat.Scene, long[]> tokenize, int maxTokens) {
        List<String> things = new ArrayList<>(scene.things());
        long[] tokens = tokenize.apply(scene);
        while (tokens.length > maxTokens && !things.isEmpty()) {
            things.remove(things.size() - 1);
            tokens = tokenize.apply(new PromptFormat.Scene(scene.place(), scene.time(), scene.weather(), things));
        }
        if (tokens.length > maxTokens) {
            throw new IllegalArgumentException("the scene at '" + scene.place() + "' takes " + tokens.length
                    + " tokens with nothing left to cut; the decoder's context leaves " + maxTokens + " for it");
        }
        return tokens;
    }

    /**
     * The longest start of a text that fits, cut at a word where one is near, marked with
     * {@link #CUT}; "" if nothing does. Binary search over the length: a fit is monotone in it.
     */
    static String longestFitting(String text, Predicate<String> fits) {
        int lo = 0;
        int hi = text.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (fits.test(cutAt(text, mid))) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if (lo == 0) {
            return "";
        }
        String best = cutAt(text, lo);
        int space = text.lastIndexOf(' ', lo);
        if (space > lo * 3 / 4) { // a whole word reads better, when it costs little
            String atWord = cutAt(text, space);
            if (fits.test(atWord)) {
                return atWord;
            }
        }
        return best;
    }

    private static String cutAt(String text, int length) {
        if (length >= text.length()) {
            return text;
        }
        // never split a surrogate pair: half a character would become a replacement character
        int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
        return text.substring(0, end).strip() + CUT;
    }
}
