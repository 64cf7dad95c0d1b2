package dev.animus.model.prompt;

import dev.animus.model.llama.ChoiceConstraint;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.llama.Segment;
import java.util.List;

/**
 * How the decoder writes a reply after a {@link PromptFormat.Dialogue} prompt: the action,
 * constrained to the NPC's actions; the emotion marker; the emotion, constrained to its
 * emotions; the say marker; then free text until {@link PromptFormat#END}. Training's
 * evaluation, {@code ask} and the plugin all decode with this plan.
 */
public final class ReplyPlan {
    private ReplyPlan() {
    }

    /**
     * @param tokenizer the decoder's tokenizer (not null)
     * @param actions the NPC's actions (not empty)
     * @param emotions the NPC's emotions (not empty)
     * @param vocabSize the decoder's vocabulary size
     * @return the plan
     */
    public static List<Segment> dialogue(LlamaTokenizer tokenizer, List<String> actions, List<String> emotions, int vocabSize) {
        return List.of(
                new Segment.Choose(ChoiceConstraint.of(actions, tokenizer::encodePlain, vocabSize)),
                new Segment.Force(tokenizer.encodePlain(PromptFormat.EMOTION)),
                new Segment.Choose(ChoiceConstraint.of(emotions, tokenizer::encodePlain, vocabSize)),
                new Segment.Force(tokenizer.encodePlain(PromptFormat.SAY)),
                new Segment.Free());
    }

    /**
     * How replies are decoded, the same in evaluation, {@code ask} and the game: greedy, at most
     * 64 tokens, ending at the end marker, and no 3-gram of the reply twice (a small model in a
     * loop would otherwise say "Tamamamamam..." to the limit).
     *
     * @param endToken the id of the end marker ({@link #endToken})
     */
    public static dev.animus.model.llama.GenerationConfig generation(long endToken) {
        return dev.animus.model.llama.GenerationConfig.GREEDY.withMaxNewTokens(64)
                .withStopTokens(java.util.Set.of(endToken)).withNoRepeatNgram(3);
    }

    /**
     * Where free text stops: the end marker, and every other marker too. A reply never holds a
     * marker; a model pushed far out of what it knows (a wall of "AAAA...") can start a new
     * prompt section instead of ending, and what follows must not reach the player.
     *
     * @param tokenizer the decoder's tokenizer
     * @return the ids of the markers that are single tokens, the end marker among them
     */
    public static java.util.Set<Long> stopTokens(LlamaTokenizer tokenizer) {
        java.util.Set<Long> stops = new java.util.HashSet<>();
        stops.add(endToken(tokenizer));
        for (String marker : PromptFormat.MARKERS) {
            long[] ids = tokenizer.encodePlain(marker);
            if (ids.length == 1) {
                stops.add(ids[0]);
            }
        }
        return java.util.Set.copyOf(stops);
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
