package dev.animus.dialogue;

import dev.animus.inference.DecodeRequest;
import dev.animus.inference.DecodeResult;
import dev.animus.inference.Decoder;
import dev.animus.inference.InferenceQueue;
import dev.animus.inference.InferenceRequest;
import dev.animus.inference.InferenceResult;
import dev.animus.inference.JudgeBatchModel;
import dev.animus.inference.RequestKind;
import dev.animus.inference.ResultStatus;
import dev.animus.memory.FactIndex;
import dev.animus.memory.Importance;
import dev.animus.model.encoder.AnswerJudge;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.llama.Segment;
import dev.animus.model.llama.SequenceDecoder;
import dev.animus.model.prompt.PromptFormat;
import dev.animus.model.prompt.PromptFrame;
import dev.animus.model.prompt.ReplyPlan;
import dev.animus.world.Lines;
import dev.animus.world.NpcDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the decoder for an NPC's answer: renders the prompt (persona, the retrieved facts, what
 * it perceives, the words), fits it into the decoder's context ({@link PromptBudget}), submits
 * it through the inference queue as a dialogue request (player priority, continuous
 * batching), streams the reply text and returns the whole reply. What kind of reply the player's
 * words get is retrieval's call in the default {@link Style#GROUNDED} style (see {@link #ask}).
 *
 * <p>The tokenizer is the decoder's own, loaded once by the worker that loads the model
 * ({@link Decoder#loaded()}): nothing here reads a file or waits on a lock a worker holds.
 * Requests are submitted as soon as the decoder has loaded: at once on the calling thread when
 * it has, else on the queue's callback thread when it does. A tool without frames waits for
 * {@link #ready()} before it flushes. Thread-safe.
 */
public final class DialogueService {
    private static final Logger LOG = LoggerFactory.getLogger(DialogueService.class);
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
    private final String modelName;
    private final CompletableFuture<Tokens> tokens;
    private final LongAdder generated = new LongAdder();

    /** The decoder's tokenizer and limits, and how its prompts are framed. */
    private record Tokens(LlamaTokenizer tokenizer, int vocabSize, int contextLength, PromptFrame frame) {

        static Tokens of(Decoder.Loaded loaded) {
            PromptFrame frame = PromptFrame.of(loaded.tokenizer(), loaded.folder());
            LOG.info("NPC prompts are framed in {}", frame.describe());
            return new Tokens(loaded.tokenizer(), loaded.vocabSize(), loaded.contextLength(), frame);
        }
    }

    /** How replies to the player's words are made. */
    public enum Style {
        /**
         * Retrieval decides, the decoder chooses (the default): a question a fact answers gets
         * that fact after an opener the decoder chose, a question none answers an "I don't know"
         * it chose, anything else a line it chose ({@link ReplyPlan#LINES}). Nothing the decoder
         * cannot spell reaches the player.
         */
        GROUNDED,
        /**
         * The decoder writes every reply from the prompt (facts included): for a decoder that can
         * copy facts and words it never saw, which the bundled one cannot.
         */
        FREE
    }

    /** The kinds of reply, each with its plan: see {@link #ask}. */
    private enum Kind {
        STATE,
        DECLINE,
        LINE,
        WRITE
    }

    private final Style style;
    /** Whether the queue runs the answer judge ({@link JudgeBatchModel}) and its verdict is asked for. */
    private final boolean judged;

    private final AtomicBoolean judgeFailureLogged = new AtomicBoolean();

    /**
     * How sure the answer judge must be that a fact answers for it to choose that fact over
     * retrieval's first. Chosen on the judge's own held-out worlds (models/training/judge).
     */
    public static final float JUDGE_CHOOSES = 0.7f;
    /**
     * Below this for every retrieved fact, the judge is sure none answers (95%) and the question
     * is declined (unless a fact beyond the prompt's answers: {@link #JUDGE_RESCUES}); in
     * between, retrieval's first fact is stated, as without a judge. The judge's own held-out
     * worlds ({@code tune.py}) favoured 0.3 (89% of their unanswerable questions declined, 88%
     * of the answerable ones' facts stated, against 56% and 89% at 0.05); on the evaluation's
     * held-out worlds 0.3 gave 81% right, 8% "don't know" with the fact in the prompt and 88%
     * declined, against 87%, 2% and 80% at 0.05, so 0.05 stays (see the README's "Talking to
     * NPCs": six worlds are too few to choose this by).
     */
    public static final float JUDGE_DOUBTS = 0.05f;
    /**
     * How sure the judge must be of a fact retrieval did not put in the prompt (below the
     * relevance floor) for it to answer: higher than {@link #JUDGE_CHOOSES}, since retrieval's
     * doubt counts too. Chosen on the judge's held-out worlds ({@code tune.py}).
     */
    public static final float JUDGE_RESCUES = 0.9f;

    /**
     * @param queue the queue that runs the decoder (not null)
     * @param decoder the decoder, as registered in that queue (not null)
     */
    public DialogueService(InferenceQueue queue, Decoder decoder) {
        this(queue, decoder, Style.GROUNDED);
    }

    /**
     * @param queue the queue that runs the decoder (not null)
     * @param decoder the decoder, as registered in that queue (not null)
     * @param style how replies to the player's words are made (not null)
     */
    public DialogueService(InferenceQueue queue, Decoder decoder, Style style) {
        this(queue, decoder, style, false);
    }

    /**
     * @param queue the queue that runs the decoder, and the judge when {@code judged} (not null)
     * @param decoder the decoder, as registered in that queue (not null)
     * @param style how replies to the player's words are made (not null)
     * @param judged whether the queue has the answer judge, whose verdict then decides which
     *     retrieved fact answers a question (grounded style)
     */
    public DialogueService(InferenceQueue queue, Decoder decoder, Style style, boolean judged) {
        this.judged = judged;
        this.style = Objects.requireNonNull(style, "style");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.modelName = decoder.name();
        // On the callback thread, failure included: never on the loading worker or the watchdog.
        this.tokens = decoder.loaded()
                .handleAsync(
                        (loaded, error) -> {
                            if (error != null) {
                                throw error instanceof CompletionException c ? c : new CompletionException(error);
                            }
                            try {
                                return Tokens.of(loaded);
                            } catch (RuntimeException unpromptable) { // said once here; each reply then falls back
                                LOG.error("NPCs cannot talk with this decoder: {}", unpromptable.getMessage());
                                queue.reportFault(unpromptable.getMessage());
                                throw unpromptable;
                            }
                        },
                        queue.callbacks());
    }

    /**
     * @return completes once the decoder has loaded and requests can be tokenised, or fails with
     *     the reason it could not be loaded. Never waits.
     */
    public CompletableFuture<Void> ready() {
        return tokens.thenApply(t -> null);
    }

    /** @return tokens the decoder has written for replies and descriptions so far. Any thread. */
    public long tokensGenerated() {
        return generated.sum();
    }

    /**
     * Asks an NPC to answer the player's words, in the service's {@link Style}. The prompt is
     * tokenised on the calling thread once the decoder has loaded, so call it off the render
     * thread.
     *
     * @param npc who answers (not null)
     * @param words what the player said (not null)
     * @param facts its facts retrieved for the words, most relevant first
     * @param percepts what it perceives now, in sentences
     * @param partial hears the reply text so far as tokens arrive, on a worker thread (or null)
     * @return the reply; completes on the queue's callback thread, exceptionally with the reason
     *     if the decoder failed or the request was cancelled ({@link CancellationException})
     */
    public CompletableFuture<Answer> ask(
            NpcDefinition npc, String words, List<String> facts, List<String> percepts, Consumer<String> partial) {
        return ask(npc, words, null, facts, percepts, partial);
    }

    /**
     * {@link #ask(NpcDefinition, String, List, List, Consumer)}, knowing what kind of words they
     * are: words that ask for nothing then get a line of their kind (a threat one of
     * {@link ReplyPlan#THREATENED}, a greeting one of {@link ReplyPlan#GREETINGS}, ...).
     *
     * @param kind the kind of the words, as the encoder judged them ({@link Importance}), or null
     */
    public CompletableFuture<Answer> ask(
            NpcDefinition npc,
            String words,
            Importance.Kind kind,
            List<String> facts,
            List<String> percepts,
            Consumer<String> partial) {
        return ask(npc, words, words, kind, facts, List.of(), percepts, partial);
    }

    /**
     * {@link #ask(NpcDefinition, String, Importance.Kind, List, List, Consumer)}, with what the
     * words ask in full and the facts retrieval ranked next. A follow-up ("how much is it?") comes
     * with the question it leans on, as retrieval looked it up ({@link ConversationState}); the
     * judge reads that. When the judge finds no answer among the prompt's facts, it reads the
     * facts ranked next ({@link Recall#beyond}), and one it is very sure of
     * ({@link #JUDGE_RESCUES}) answers.
     *
     * @param asked the words with the question before them, or the words alone
     * @param beyond facts below the relevance floor or past the prompt's, most similar first
     */
    public CompletableFuture<Answer> ask(
            NpcDefinition npc,
            String words,
            String asked,
            Importance.Kind kind,
            List<String> facts,
            List<String> beyond,
            List<String> percepts,
            Consumer<String> partial) {
        if (style == Style.FREE) {
            return reply(npc, words, facts, percepts, partial, null, lines(kind), null);
        }
        List<String> candidates = facts.stream().limit(FACTS).toList();
        // A follow-up ("And the axe?") leans on a question the judge reads with it, a shape it was
        // not trained on: it may choose a fact for one, never decline it, nor look further.
        boolean followUp = !asked.equals(words);
        List<String> further = followUp ? List.of() : beyond;
        if (!judged || candidates.isEmpty() && further.isEmpty() || !Questions.asks(words)) {
            return reply(npc, words, facts, percepts, partial, words, lines(kind), null);
        }
        CompletableFuture<Verdict> first = candidates.isEmpty()
                ? CompletableFuture.completedFuture(new Verdict(null))
                : judge(npc.id(), asked, candidates);
        return first.thenApply(
                        verdict -> verdict.answer() == null && followUp ? new Verdict(candidates.get(0)) : verdict)
                .thenCompose(verdict -> verdict.answer() != null || further.isEmpty()
                        ? CompletableFuture.completedFuture(verdict)
                        : rescue(npc.id(), asked, further))
                .thenCompose(verdict ->
                        reply(npc, words, verdict.ordered(facts), percepts, partial, words, lines(kind), verdict));
    }

    /**
     * The NPC says something it remembers, chosen without retrieval or the judge: asked for news,
     * it tells what it heard or saw ({@link NewsQuestions}). Grounded, the line is stated as it
     * is, after an opener the decoder chooses; free, the decoder writes the reply from it.
     *
     * @param line what it tells, a prompt line ({@link Recall#promptLine})
     */
    public CompletableFuture<Answer> tell(
            NpcDefinition npc, String words, String line, List<String> percepts, Consumer<String> partial) {
        return style == Style.FREE
                ? reply(npc, words, List.of(line), percepts, partial, null, lines(null), null)
                : reply(npc, words, List.of(line), percepts, partial, words, lines(null), new Verdict(line));
    }

    /**
     * The NPC answers news another NPC told it with a reaction ({@link ReplyPlan#REACTIONS}), the
     * line chosen by the decoder in its voice; free, the decoder writes it.
     *
     * @param heard what it was told, as the teller said it
     */
    public CompletableFuture<Answer> react(NpcDefinition npc, String heard) {
        return style == Style.FREE
                ? reply(npc, heard, List.of(), List.of(), s -> {}, null, ReplyPlan.REACTIONS, null)
                : reply(npc, heard, List.of(), List.of(), s -> {}, heard, ReplyPlan.REACTIONS, null);
    }

    /** The facts beyond the prompt's, judged: the one the judge is very sure answers, or none. */
    private CompletableFuture<Verdict> rescue(String owner, String words, List<String> further) {
        return judged(owner, words, further).thenApply(p -> {
            if (p == null) {
                return new Verdict(null);
            }
            float[] fitting = fitting(words, further, p);
            int best = mostLikely(fitting);
            return new Verdict(fitting[best] >= JUDGE_RESCUES ? further.get(best) : null);
        });
    }

    /**
     * The judge's verdict on the facts retrieval found: the one that answers the words, or none.
     *
     * @param answer the fact that answers, or null when none does
     */
    private record Verdict(String answer) {
        /** @return the facts with the answer first */
        List<String> ordered(List<String> facts) {
            if (answer == null) {
                return facts;
            }
            List<String> out = new ArrayList<>(facts.size());
            out.add(answer);
            facts.stream().filter(f -> !f.equals(answer)).forEach(out::add);
            return out;
        }
    }

    /**
     * Asks the judge about retrieval's first fact, then, unless it is sure that one answers
     * ({@link #JUDGE_CHOOSES}), about the others: the fact it is sure answers, else retrieval's
     * first unless the judge is sure none answers ({@link #JUDGE_DOUBTS}: then none, and the NPC
     * says it does not know). Most questions a fact answers cost one pair (the judge reads pairs
     * one at a time, about 13 ms each on one core). A judge that failed (could not load) leaves
     * the verdict to similarity, as without one: the NPC still answers.
     */
    private CompletableFuture<Verdict> judge(String owner, String words, List<String> candidates) {
        return judged(owner, words, candidates.subList(0, 1)).thenCompose(first -> {
            if (first == null) {
                return CompletableFuture.completedFuture(new Verdict(candidates.get(0)));
            }
            if (first[0] >= JUDGE_CHOOSES && AnswerShape.fits(words, candidates.get(0)) || candidates.size() == 1) {
                return CompletableFuture.completedFuture(verdict(words, candidates, first));
            }
            return judged(owner, words, candidates.subList(1, candidates.size()))
                    .thenApply(rest -> {
                        if (rest == null) {
                            return new Verdict(candidates.get(0));
                        }
                        float[] all = new float[candidates.size()];
                        all[0] = first[0];
                        System.arraycopy(rest, 0, all, 1, rest.length);
                        return verdict(words, candidates, all);
                    });
        });
    }

    /** @return the index of the highest probability (the first, on a tie) */
    private static int mostLikely(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The verdict on candidates the judge gave these probabilities: the one it is sure of, else
     * retrieval's first unless it is sure none answers. A fact without the kind of answer the
     * words plainly ask for (a count, a name: {@link AnswerShape}) is never chosen.
     */
    private static Verdict verdict(String words, List<String> candidates, float[] p) {
        float[] fitting = fitting(words, candidates, p);
        int best = mostLikely(fitting);
        if (fitting[best] >= JUDGE_CHOOSES) {
            return new Verdict(candidates.get(best));
        }
        boolean unsure = p[mostLikely(p)] >= JUDGE_DOUBTS;
        return new Verdict(unsure && AnswerShape.fits(words, candidates.get(0)) ? candidates.get(0) : null);
    }

    /** The probabilities with those of facts that lack the kind of answer the words ask for set to 0. */
    private static float[] fitting(String words, List<String> facts, float[] p) {
        float[] out = p.clone();
        for (int i = 0; i < out.length; i++) {
            if (!AnswerShape.fits(words, facts.get(i))) {
                out[i] = 0;
            }
        }
        return out;
    }

    /** The judge's probabilities for facts, in the current frame's batch; null if it failed. */
    private CompletableFuture<float[]> judged(String owner, String words, List<String> facts) {
        List<CompletableFuture<InferenceResult>> asked = facts.stream()
                .map(f -> queue.submit(InferenceRequest.of(
                                owner, RequestKind.DIALOGUE, JudgeBatchModel.NAME, new AnswerJudge.Pair(words, f)))
                        .result())
                .toList();
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(done -> {
            float[] p = new float[asked.size()];
            for (int i = 0; i < p.length; i++) {
                InferenceResult r = asked.get(i).join();
                if (r.status() == ResultStatus.CANCELLED) {
                    throw new CancellationException("the reply of '" + owner + "' was cancelled");
                }
                if (!r.completed()) {
                    if (judgeFailureLogged.compareAndSet(false, true)) { // once: it fails every reply alike
                        LOG.warn(
                                "The answer judge could not judge for '{}' ({}); the most similar fact answers,"
                                        + " here and for every reply it cannot judge",
                                owner,
                                r.error());
                    }
                    return null;
                }
                p[i] = r.output(Float.class);
            }
            return p;
        });
    }

    /** The openers an NPC's answers choose from: its world file's, or the built-in ones. */
    private static List<String> openers(NpcDefinition npc) {
        return Lines.or(npc.lines().openers(), ReplyPlan.OPENERS);
    }

    /** The NPC's own greetings or threatened lines in place of the built-in ones, where its world file has them. */
    private static List<String> own(NpcDefinition npc, List<String> lines) {
        return lines == ReplyPlan.GREETINGS
                ? Lines.or(npc.lines().greetings(), lines)
                : lines == ReplyPlan.THREATENED ? Lines.or(npc.lines().threatened(), lines) : lines;
    }

    /** The lines for words of a kind that ask for nothing. */
    static List<String> lines(Importance.Kind kind) {
        return kind == null
                ? ReplyPlan.LINES
                : switch (kind) {
                    case THREAT -> ReplyPlan.THREATENED;
                    case GREETING -> ReplyPlan.GREETINGS;
                    case GIFT, THANKS -> ReplyPlan.THANKS;
                    case FAREWELL -> ReplyPlan.FAREWELLS;
                    case REMARK -> ReplyPlan.SMALL_TALK;
                    case QUESTION -> ReplyPlan.LINES;
                };
    }

    /**
     * Has the decoder write a line from a hint of what to say ("talk proudly about his craft"),
     * the NPC's persona and facts: a behaviour's {@code say_generated}. Free text, in either style.
     * Call it off the render thread.
     *
     * @param npc who speaks (not null)
     * @param hint what to say (not null)
     * @param facts its facts retrieved for the hint, most relevant first
     * @param percepts what it perceives now, in sentences
     * @param partial hears the text so far, on a worker thread (or null)
     * @return the line; completes on the queue's callback thread, as {@link #ask}
     */
    public CompletableFuture<Answer> write(
            NpcDefinition npc, String hint, List<String> facts, List<String> percepts, Consumer<String> partial) {
        return reply(npc, hint, facts, percepts, partial, null, ReplyPlan.LINES, null);
    }

    /**
     * @param grounded the player's words when retrieval decides the kind of reply, else null (free text)
     * @param lines what words that ask for nothing may get
     */
    private CompletableFuture<Answer> reply(
            NpcDefinition npc,
            String prompt,
            List<String> facts,
            List<String> percepts,
            Consumer<String> partial,
            String grounded,
            List<String> lines,
            Verdict verdict) {
        long start = System.nanoTime();
        return tokens.thenCompose(t -> {
            List<String> actions = List.copyOf(npc.actions());
            List<String> emotions = List.copyOf(npc.emotions());
            PromptBudget.Fitted fitted = PromptBudget.fit(
                    new PromptFormat.Dialogue(
                            npc.name(),
                            npc.persona(),
                            facts.stream().limit(FACTS).toList(),
                            percepts,
                            actions,
                            emotions,
                            prompt),
                    t.frame()::dialogue,
                    promptRoom(t.contextLength(), replyTokens(t)));
            List<String> used = fitted.prompt().facts();
            String answering = grounded == null
                    ? null
                    : verdict == null
                            ? answering(grounded, used)
                            : verdict.answer() != null && used.contains(verdict.answer()) ? verdict.answer() : null;
            Kind kind = grounded == null
                    ? Kind.WRITE
                    : answering != null ? Kind.STATE : Questions.asks(grounded) ? Kind.DECLINE : Kind.LINE;
            List<Segment> plan = t.frame()
                    .reply(
                            actions,
                            emotions,
                            t.vocabSize(),
                            switch (kind) {
                                case STATE -> openers(npc);
                                case DECLINE -> Lines.or(npc.lines().dontKnow(), ReplyPlan.DONT_KNOW);
                                case LINE -> own(npc, lines);
                                case WRITE -> null;
                            });
            DecodeRequest request = new DecodeRequest(
                    fitted.tokens(),
                    t.frame().generation(),
                    plan,
                    partial == null
                            ? null
                            : new ReplyStream(partial, plan.size() - 1, answering, npc.name(), openers(npc)));
            return queue.submit(InferenceRequest.of(npc.id(), RequestKind.DIALOGUE, modelName, request))
                    .result()
                    .thenApply(r -> reply(npc, used, answering, kind, r, start, t));
        });
    }

    /**
     * Positions a prompt may take: the context less the reply's room, but never less than half
     * the context (a model with a short context gets a shorter reply, ended at its limit).
     */
    static int promptRoom(int contextLength, int replyTokens) {
        return Math.max(contextLength - replyTokens, contextLength / 2);
    }

    /** Positions a reply may take: its token limit, markers and choices included. */
    private static int replyTokens(Tokens t) {
        return t.frame().generation().maxNewTokens();
    }

    /**
     * Describes a scene in a few sentences. The prompt is tokenised on the calling thread once
     * the decoder has loaded, so call it off the render thread.
     *
     * @param scene what is perceived (not null)
     * @param owner who asks, for cancellation and logs
     * @return the description; completes on the queue's callback thread
     */
    public CompletableFuture<String> describe(PromptFormat.Scene scene, String owner) {
        return tokens.thenCompose(t -> {
            long[] prompt =
                    PromptBudget.fitScene(scene, t.frame()::scene, promptRoom(t.contextLength(), DESCRIPTION_TOKENS));
            DecodeRequest request = new DecodeRequest(
                    prompt,
                    // Descriptions repeat their phrases ("lies a short walk away to the") by design.
                    t.frame().generation().withMaxNewTokens(DESCRIPTION_TOKENS).withNoRepeatNgram(0),
                    List.of(new Segment.Free()),
                    null);
            return queue.submit(InferenceRequest.of(owner, RequestKind.DESCRIPTION, modelName, request))
                    .result()
                    .thenApply(r -> {
                        if (r.status() == ResultStatus.CANCELLED) {
                            throw new CancellationException("the description for '" + owner + "' was cancelled");
                        }
                        if (!r.completed()) {
                            throw new IllegalStateException("the decoder could not describe the scene: " + r.status()
                                    + (r.error() == null ? "" : " (" + r.error() + ")"));
                        }
                        long[] out = r.output(DecodeResult.class).tokens();
                        generated.add(out.length);
                        return t.frame().description(out);
                    });
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
        return scored.stream()
                .filter(s -> s.score() >= MIN_RELEVANCE)
                .limit(FACTS)
                .map(FactIndex.Scored::fact)
                .toList();
    }

    /**
     * Retrieval's verdict: the fact the reply states, or null for a free reply. The words must
     * ask for something ({@link Questions}) and a fact must have passed {@link #MIN_RELEVANCE}
     * (the caller's ranking, most relevant first); then the best one answers. A question no fact
     * passes for is declined: the decoder chooses how the NPC says it does not know
     * ({@link ReplyPlan#declining}). Anything else gets a line the decoder chose
     * ({@link ReplyPlan#replying}).
     *
     * @param words what the player said
     * @param facts the facts in the prompt, most relevant first
     */
    static String answering(String words, List<String> facts) {
        return facts.isEmpty() || !Questions.asks(words) ? null : facts.get(0);
    }

    private Answer reply(
            NpcDefinition npc,
            List<String> facts,
            String answering,
            Kind kind,
            InferenceResult r,
            long start,
            Tokens t) {
        if (r.status() == ResultStatus.CANCELLED) {
            throw new CancellationException("the reply of '" + npc.id() + "' was cancelled");
        }
        if (!r.completed()) {
            throw new IllegalStateException("the decoder could not answer for '" + npc.id() + "': " + r.status()
                    + (r.error() == null ? "" : " (" + r.error() + ")"));
        }
        DecodeResult result = r.output(DecodeResult.class);
        generated.add(result.tokens().length);
        List<String> tags = result.choices();
        String text = kind == Kind.STATE
                ? ReplyPlan.answer(tags.size() == 3 ? tags.get(2) : "", answering, npc.name())
                : kind != Kind.WRITE && tags.size() == 3
                        ? tags.get(2)
                        : t.frame().text(result.tokens());
        return new Answer(
                text,
                tags.isEmpty() ? restingAction(npc) : tags.get(0),
                tags.size() < 2 ? restingEmotion(npc) : tags.get(1),
                facts,
                answering,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** @return "idle" if the NPC may idle, else its first action */
    public static String restingAction(NpcDefinition npc) {
        return npc.actions().contains("idle")
                ? "idle"
                : npc.actions().iterator().next();
    }

    /** @return "neutral" if the NPC may feel it, else its first emotion */
    public static String restingEmotion(NpcDefinition npc) {
        return npc.emotions().contains("neutral")
                ? "neutral"
                : npc.emotions().iterator().next();
    }

    /**
     * Passes on the text after the say marker as it grows. In an answer, once the decoder has
     * chosen its opener, the fact follows word by word, so the reply shows as it does when the
     * decoder writes it.
     */
    private static final class ReplyStream implements SequenceDecoder.TokenListener {
        private final Consumer<String> partial;
        private final int textSegment;
        private final String answering;
        private final String npcName;
        private final List<String> openers;
        private final StringBuilder text = new StringBuilder();

        /** @param textSegment the index of the plan's text segment (its last) */
        ReplyStream(Consumer<String> partial, int textSegment, String answering, String npcName, List<String> openers) {
            this.openers = openers;
            this.partial = partial;
            this.textSegment = textSegment;
            this.answering = answering;
            this.npcName = npcName;
        }

        @Override
        public void onToken(long token, String textDelta) {
            throw new UnsupportedOperationException("a reply streams with its place in the plan");
        }

        @Override
        public void onToken(long token, String textDelta, int segment) {
            if (segment != textSegment || textDelta.isEmpty()) {
                return;
            }
            text.append(textDelta);
            String soFar = text.toString().strip();
            partial.accept(soFar);
            if (answering != null && openers.contains(soFar)) {
                String whole = ReplyPlan.answer(soFar, answering, npcName);
                for (int at = whole.indexOf(' ', soFar.length() + 1); at > 0; at = whole.indexOf(' ', at + 1)) {
                    partial.accept(whole.substring(0, at));
                }
                partial.accept(whole);
            }
        }
    }
}
