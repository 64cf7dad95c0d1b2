package dev.animus.dialogue;

import dev.animus.api.DialogueReply;
import dev.animus.inference.DecodeRequest;
import dev.animus.inference.DecodeResult;
import dev.animus.inference.DecoderModel;
import dev.animus.inference.InferenceQueue;
import dev.animus.inference.InferenceRequest;
import dev.animus.inference.InferenceResult;
import dev.animus.inference.RequestKind;
import dev.animus.inference.ResultStatus;
import dev.animus.memory.FactIndex;
import dev.animus.model.llama.LlamaConfig;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.llama.SequenceDecoder;
import dev.animus.model.prompt.PromptFormat;
import dev.animus.model.prompt.ReplyPlan;
import dev.animus.world.NpcDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Asks the decoder for an NPC's answer: renders the prompt (persona, the retrieved facts, what
 * it perceives, the words), submits it through the inference queue as a dialogue request
 * (player priority, continuous batching), streams the reply text and returns the whole reply.
 * The decoder's tokenizer is loaded on first use, on the calling thread, which should not be
 * the render thread. Thread-safe.
 */
public final class DialogueService implements AutoCloseable {
    /** Facts that go into one prompt, at most. */
    public static final int FACTS = 3;
    /**
     * Facts less similar than this to the words are left out of the prompt, so a question
     * about something the NPC was never told finds no facts and gets an "I don't know"
     * rather than a wrong fact. Measured with the bundled encoder on Lanternfall's facts
     * ({@code FactRetrievalTest}): paraphrased questions score their right fact 0.35 to 0.73
     * (14 of 15 at or above 0.48), questions with no answer score at most 0.47 but one 0.59.
     */
    public static final float MIN_RELEVANCE = 0.48f;

    private final InferenceQueue queue;
    private final Supplier<Path> folder;
    private final String modelName;
    private LlamaTokenizer tokenizer;
    private int vocabSize;
    private long endToken;
    private java.util.Set<Long> stopTokens;
    private long sayToken;
    private final java.util.concurrent.atomic.LongAdder generated = new java.util.concurrent.atomic.LongAdder();

    /**
     * @param queue the queue that runs the decoder (not null)
     * @param modelName the decoder's name in that queue
     * @param folder where the decoder's {@code config.json} and {@code tokenizer.json} are,
     *     asked on first use
     */
    public DialogueService(InferenceQueue queue, String modelName, Supplier<Path> folder) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.folder = Objects.requireNonNull(folder, "folder");
    }

    /** @param queue a queue running the decoder under {@link DecoderModel#NAME} */
    public DialogueService(InferenceQueue queue, Supplier<Path> folder) {
        this(queue, DecoderModel.NAME, folder);
    }

    /** @return tokens the decoder has written for replies and descriptions so far. Any thread. */
    public long tokensGenerated() {
        return generated.sum();
    }

    /**
     * Asks an NPC for an answer. Call off the render thread (the prompt is tokenised here).
     *
     * @param npc who answers (not null)
     * @param prompt the player's words, or a hint of what to say (not null)
     * @param facts its facts retrieved for the words, most relevant first
     * @param percepts what it perceives now, in sentences
     * @param partial hears the reply text so far as tokens arrive, on a worker thread (or null)
     * @return the reply; completes on a worker thread, exceptionally with the reason if the
     *     decoder failed or the request was cancelled ({@link CancellationException})
     */
    public CompletableFuture<DialogueReply> ask(NpcDefinition npc, String prompt, List<String> facts,
            List<String> percepts, Consumer<String> partial) {
        long start = System.nanoTime();
        ensureTokenizer();
        List<String> used = facts.stream().limit(FACTS).toList();
        List<String> actions = List.copyOf(npc.actions());
        List<String> emotions = List.copyOf(npc.emotions());
        String rendered = new PromptFormat.Dialogue(npc.name(), npc.persona(), used, percepts, actions, emotions,
                prompt).render();
        DecodeRequest request = new DecodeRequest(tokenizer.encodePlain(rendered),
                ReplyPlan.generation(endToken).withStopTokens(stopTokens),
                ReplyPlan.dialogue(tokenizer, actions, emotions, vocabSize),
                partial == null ? null : new ReplyStream(partial));
        return queue.submit(InferenceRequest.of(npc.id(), RequestKind.DIALOGUE, modelName, request)).result()
                .thenApply(r -> reply(npc, prompt, used, r, start));
    }

    /**
     * Describes a scene in a few sentences. Call off the render thread.
     *
     * @param scene what is perceived (not null)
     * @param owner who asks, for cancellation and logs
     * @return the description; completes on a worker thread
     */
    public CompletableFuture<String> describe(PromptFormat.Scene scene, String owner) {
        ensureTokenizer();
        DecodeRequest request = new DecodeRequest(tokenizer.encodePlain(scene.render()),
                // Descriptions repeat their phrases ("lies a short walk away to the") by design.
                ReplyPlan.generation(endToken).withStopTokens(stopTokens).withMaxNewTokens(DESCRIPTION_TOKENS)
                        .withNoRepeatNgram(0),
                List.of(new dev.animus.model.llama.Segment.Free()), null);
        return queue.submit(InferenceRequest.of(owner, RequestKind.DESCRIPTION, modelName, request)).result()
                .thenApply(r -> {
                    if (r.status() == ResultStatus.CANCELLED) {
                        throw new CancellationException("the description for '" + owner + "' was cancelled");
                    }
                    if (!r.completed()) {
                        throw new IllegalStateException("the decoder could not describe the scene: " + r.status()
                                + (r.error() == null ? "" : " (" + r.error() + ")"));
                    }
                    long[] tokens = r.output(DecodeResult.class).tokens();
                    generated.add(tokens.length);
                    return tokenizer.decode(tokens, true)
                            .replace(PromptFormat.END, "").strip();
                });
    }

    /** Tokens a scene description may take. */
    static final int DESCRIPTION_TOKENS = 96;

    /**
     * The retrieved facts that pass {@link #MIN_RELEVANCE}, best first.
     *
     * @param scored facts with their similarity to the words
     */
    public static List<String> relevant(List<FactIndex.Scored> scored) {
        return scored.stream().filter(s -> s.score() >= MIN_RELEVANCE).limit(FACTS).map(FactIndex.Scored::fact)
                .toList();
    }

    private DialogueReply reply(NpcDefinition npc, String prompt, List<String> facts, InferenceResult r, long start) {
        if (r.status() == ResultStatus.CANCELLED) {
            throw new CancellationException("the reply of '" + npc.id() + "' was cancelled");
        }
        if (!r.completed()) {
            throw new IllegalStateException("the decoder could not answer for '" + npc.id() + "': " + r.status()
                    + (r.error() == null ? "" : " (" + r.error() + ")"));
        }
        DecodeResult result = r.output(DecodeResult.class);
        generated.add(result.tokens().length);
        String text = ReplyPlan.text(tokenizer.decode(result.tokens(), false));
        List<String> tags = result.choices();
        return new DialogueReply(npc.id(), prompt, text, tags.isEmpty() ? restingAction(npc) : tags.get(0),
                tags.size() < 2 ? restingEmotion(npc) : tags.get(1), facts, (System.nanoTime() - start) / 1_000_000,
                false);
    }

    /** @return "idle" if the NPC may idle, else its first action */
    public static String restingAction(NpcDefinition npc) {
        return npc.actions().contains("idle") ? "idle" : npc.actions().iterator().next();
    }

    /** @return "neutral" if the NPC may feel it, else its first emotion */
    public static String restingEmotion(NpcDefinition npc) {
        return npc.emotions().contains("neutral") ? "neutral" : npc.emotions().iterator().next();
    }

    private synchronized void ensureTokenizer() {
        if (tokenizer != null) {
            return;
        }
        Path dir = folder.get();
        try {
            vocabSize = LlamaConfig.read(dir.resolve("config.json")).vocabSize();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the decoder's config.json in " + dir + ": " + e.getMessage(), e);
        }
        LlamaTokenizer t = LlamaTokenizer.load(dir);
        endToken = ReplyPlan.endToken(t);
        stopTokens = ReplyPlan.stopTokens(t);
        sayToken = t.encodePlain(PromptFormat.SAY)[0];
        tokenizer = t;
    }

    /** Passes on the text after the say marker as it grows. */
    private final class ReplyStream implements SequenceDecoder.TokenListener {
        private final Consumer<String> partial;
        private final StringBuilder text = new StringBuilder();
        private boolean speaking;

        ReplyStream(Consumer<String> partial) {
            this.partial = partial;
        }

        @Override
        public void onToken(long token, String textDelta) {
            if (!speaking) {
                speaking = token == sayToken;
                return;
            }
            if (token == endToken || textDelta.isEmpty()) {
                return;
            }
            text.append(textDelta);
            partial.accept(text.toString().strip());
        }
    }

    @Override
    public synchronized void close() {
        if (tokenizer != null) {
            tokenizer.close();
            tokenizer = null;
        }
    }
}
