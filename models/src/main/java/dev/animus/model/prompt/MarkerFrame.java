package dev.animus.model.prompt;

import dev.animus.model.llama.GenerationConfig;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.llama.Segment;
import java.util.List;
import java.util.Objects;

/**
 * Prompts in Animus's own markers ({@link PromptFormat}), for a decoder trained on them (the
 * bundled one): the reply is decoded with {@link ReplyPlan}'s plans. Immutable; any thread.
 */
public final class MarkerFrame implements PromptFrame {
    private final LlamaTokenizer tokenizer;
    private final long endToken;
    private final GenerationConfig generation;

    /**
     * @param tokenizer a tokenizer that keeps the markers as single tokens ({@link #fits})
     * @throws IllegalStateException if it does not
     */
    public MarkerFrame(LlamaTokenizer tokenizer) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.endToken = ReplyPlan.endToken(tokenizer);
        this.generation = ReplyPlan.generation(endToken).withStopTokens(ReplyPlan.stopTokens(tokenizer));
    }

    /** @return whether the tokenizer was trained for Animus's markers */
    static boolean fits(LlamaTokenizer tokenizer) {
        return tokenizer.encodePlain(PromptFormat.END).length == 1
                && tokenizer.encodePlain(PromptFormat.SAY).length == 1;
    }

    @Override
    public long[] dialogue(PromptFormat.Dialogue dialogue) {
        return tokenizer.encodePlain(dialogue.render());
    }

    @Override
    public long[] scene(PromptFormat.Scene scene) {
        return tokenizer.encodePlain(scene.render());
    }

    @Override
    public List<Segment> reply(List<String> actions, List<String> emotions, int vocabSize, List<String> lines) {
        return lines == null
                ? ReplyPlan.dialogue(tokenizer, actions, emotions, vocabSize)
                : ReplyPlan.replying(tokenizer, actions, emotions, vocabSize, lines);
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
        return ReplyPlan.text(tokenizer.decode(reply, false));
    }

    @Override
    public String description(long[] description) {
        return tokenizer.decode(description, true).replace(PromptFormat.END, "").strip();
    }

    @Override
    public String describe() {
        return "Animus's prompt markers";
    }
}
