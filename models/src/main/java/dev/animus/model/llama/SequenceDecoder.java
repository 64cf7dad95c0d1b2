package dev.animus.model.llama;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides one sequence's tokens, step by step, from the logits a forward pass gives it:
 * forced tokens, constrained choices and free text in the order of its plan, with sampling,
 * stop tokens and a token limit, streaming the text as it grows. The same object drives a
 * sequence whether it is decoded alone or in a continuous batch. Not thread-safe.
 */
public final class SequenceDecoder {
    private final GenerationConfig config;
    private final List<Segment> plan;
    private final LlamaTokenizer tokenizer;
    private final TokenListener listener;
    private final Sampler sampler;
    private final List<Long> tokens = new ArrayList<>();
    private final List<String> choices = new ArrayList<>();
    private int segment;
    private int segmentStart;
    private String emitted = "";
    private StopReason stopped;

    /** Why a sequence ended: CONTEXT_FULL when prompt and reply filled the model's positions. */
    public enum StopReason {
        STOP_TOKEN,
        MAX_TOKENS,
        PLAN_DONE,
        CONTEXT_FULL
    }

    /** Hears a sequence's tokens as they are chosen. */
    @FunctionalInterface
    public interface TokenListener {
        /**
         * @param token the token id
         * @param textDelta the text this token adds (may be empty while a multi-byte character is incomplete)
         */
        void onToken(long token, String textDelta);

        /**
         * Hears a token with the place in the plan it was chosen for; by default passes it to
         * {@link #onToken(long, String)}.
         *
         * @param token the token id
         * @param textDelta the text this token adds
         * @param segment the index, in the plan, of the segment the token belongs to
         */
        default void onToken(long token, String textDelta, int segment) {
            onToken(token, textDelta);
        }
    }

    /**
     * @param config sampling, limit and stop tokens (not null)
     * @param plan what to produce, in order (not empty)
     * @param tokenizer for streaming text (not null)
     * @param listener hears each token, or null
     */
    public SequenceDecoder(
            GenerationConfig config, List<Segment> plan, LlamaTokenizer tokenizer, TokenListener listener) {
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("a decoding plan needs at least one segment");
        }
        this.config = config;
        this.plan = List.copyOf(plan);
        this.tokenizer = tokenizer;
        this.listener = listener;
        this.sampler = new Sampler(config);
    }

    /** @return whether the sequence has ended */
    public boolean done() {
        return stopped != null;
    }

    /**
     * Picks the next token from the logits of the last position.
     *
     * @param logits the model's logits (not null)
     * @return the token to feed back, or -1 when the sequence ended instead
     */
    public long next(float[] logits) {
        if (stopped != null) {
            throw new IllegalStateException("the sequence has ended: " + stopped);
        }
        if (tokens.size() >= config.maxNewTokens()) {
            stopped = StopReason.MAX_TOKENS;
            return -1;
        }
        Segment s = plan.get(segment);
        long token;
        if (s instanceof Segment.Force f) {
            token = f.tokens()[tokens.size() - segmentStart];
        } else if (s instanceof Segment.Choose c) {
            token = sampler.next(logits, c.constraint().allowedAfter(tokens.subList(segmentStart, tokens.size())));
        } else {
            token = sampler.next(banRepeats(logits), null);
            if (config.stopTokens().contains(token)) {
                stopped = StopReason.STOP_TOKEN;
                return -1;
            }
        }
        tokens.add(token);
        stream(token);
        advance();
        return token;
    }

    /**
     * With {@code noRepeatNgram} n: the tokens that would complete an n-gram this segment's free
     * text already holds get no chance. The prompt does not count: copying from it is the point.
     */
    private float[] banRepeats(float[] logits) {
        int n = config.noRepeatNgram();
        List<Long> text = tokens.subList(segmentStart, tokens.size());
        if (n == 0 || text.size() < n) {
            return logits;
        }
        List<Long> tail = text.subList(text.size() - (n - 1), text.size());
        float[] masked = null;
        for (int i = 0; i + n - 1 < text.size(); i++) {
            if (text.subList(i, i + n - 1).equals(tail)) {
                int banned = (int) (long) text.get(i + n - 1);
                if (masked == null) {
                    masked = logits.clone();
                }
                masked[banned] = Float.NEGATIVE_INFINITY;
            }
        }
        return masked == null ? logits : masked;
    }

    /** Moves past segments this token finished. */
    private void advance() {
        Segment s = plan.get(segment);
        List<Long> part = tokens.subList(segmentStart, tokens.size());
        boolean finished = s instanceof Segment.Force f
                ? part.size() == f.tokens().length
                : s instanceof Segment.Choose c && c.constraint().allowedAfter(part) == null;
        if (finished) {
            if (s instanceof Segment.Choose c) {
                choices.add(c.constraint().completed(part));
            }
            segment++;
            segmentStart = tokens.size();
            if (segment == plan.size()) {
                stopped = StopReason.PLAN_DONE;
            } else if (tokens.size() >= config.maxNewTokens()) {
                stopped = StopReason.MAX_TOKENS;
            }
        }
    }

    private void stream(long token) {
        if (listener == null) {
            return;
        }
        String text =
                tokenizer.decode(tokens.stream().mapToLong(Long::longValue).toArray());
        // Byte-fallback tokens may end in half a character: wait for the rest.
        if (text.endsWith("\uFFFD") || !text.startsWith(emitted)) {
            listener.onToken(token, "", segment);
            return;
        }
        listener.onToken(token, text.substring(emitted.length()), segment);
        emitted = text;
    }

    /**
     * Ends the sequence because the model has no position left for another token: what was
     * chosen so far is the output.
     */
    public void endAtContextLimit() {
        end(StopReason.CONTEXT_FULL);
    }

    /**
     * Ends the sequence where it stands, for a reason its producer knows (a server that stopped
     * the generation); what was chosen so far is the output. Nothing if it has ended already.
     *
     * @param reason why it ended (not null)
     */
    public void end(StopReason reason) {
        if (stopped == null) {
            stopped = reason;
        }
    }

    /** @return the tokens chosen so far */
    public long[] tokens() {
        return tokens.stream().mapToLong(Long::longValue).toArray();
    }

    /** @return the choices made by the plan's Choose segments, in order */
    public List<String> choices() {
        return List.copyOf(choices);
    }

    /** @return why the sequence ended, or null while it runs */
    public StopReason stopReason() {
        return stopped;
    }
}
