package dev.animus.runtime;

import dev.animus.behaviour.NpcCommand;
import dev.animus.behaviour.Surroundings;
import dev.animus.dialogue.Answer;
import dev.animus.dialogue.ConversationState;
import dev.animus.dialogue.DialogueService;
import dev.animus.dialogue.NewsQuestions;
import dev.animus.dialogue.PlaceQuestions;
import dev.animus.dialogue.Recall;
import dev.animus.dialogue.SightQuestions;
import dev.animus.memory.Importance;
import dev.animus.memory.Memory;
import dev.animus.memory.MemoryStream;
import dev.animus.model.encoder.Embedding;
import dev.animus.model.encoder.SentenceEncoder;
import dev.animus.world.Action;
import dev.animus.world.NpcDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of a running world's NPCs: which words the decoder answers (those no behaviour
 * answered with a fixed line; a {@code say_generated} set off by the words answers the words),
 * what goes into the prompt (the facts and memories most relevant to the words,
 * what the NPC sees), and how the streamed reply reaches the listeners and is performed.
 * Frame thread, except where the work runs on inference workers and comes back through the
 * runtime's inbox.
 */
final class Conversations {
    private static final Logger LOG = LoggerFactory.getLogger(Conversations.class);
    private static final String PLAYER = Surroundings.PLAYER;

    /**
     * Words waiting for an answer. The decoder answers once the words' meaning is known (their
     * semantic triggers have had their chance), unless a behaviour answered with a line in
     * between: the frame they were spoken (spoken-to behaviours) or the frame they were
     * understood (semantic ones).
     */
    static final class Waiting {
        final String npcId;
        final String words;
        boolean understood;
        boolean scripted;
        /** The words' embedding, once encoded (null if they could not be). */
        Embedding embedding;

        Waiting(String npcId, String words) {
            this.npcId = npcId;
            this.words = words;
        }

        /** The words were encoded (or could not be: null); their semantic triggers run this frame. */
        void understood(Embedding embedding) {
            this.embedding = embedding;
            this.understood = true;
        }
    }

    private final WorldRuntime session;
    private final Models models;
    private final NpcMemories memories;
    private final List<Waiting> waiting = new ArrayList<>();
    private int fallbackTurn;
    /** Per NPC: when its words may go to the models again after they failed it. Render thread. */
    private final Map<String, Backoff> backoffs = new HashMap<>();
    /** The first wait after a failed reply, and the longest, in seconds. */
    static final double BACKOFF_FIRST = 2;

    static final double BACKOFF_CAP = 60;
    private CompletableFuture<List<Embedding>> sightExamples;
    private CompletableFuture<List<Embedding>> newsExamples;
    private CompletableFuture<List<Embedding>> placeExamples;
    /** Per NPC: its conversation with the player, for follow-ups. Render thread. */
    private final Map<String, ConversationState> conversations = new HashMap<>();

    Conversations(WorldRuntime session, Models models, NpcMemories memories) {
        this.session = session;
        this.models = models;
        this.memories = memories;
    }

    /** Forgets every NPC's conversation with the player: the next words stand alone. */
    void forget() {
        conversations.clear();
    }

    /** Words said to an NPC: it answers after its behaviours had their chance. */
    Waiting wait(String npcId, String words) {
        Waiting w = new Waiting(npcId, words);
        waiting.add(w);
        return w;
    }

    /**
     * After the behaviours of a frame: answers what is understood and was not answered by a
     * behaviour, and has {@code say_generated} lines written.
     */
    void afterBehaviours(List<NpcCommand> commands) {
        Map<String, Waiting> understoodNow = new HashMap<>();
        waiting.stream().filter(w -> w.understood).forEach(w -> understoodNow.put(w.npcId, w));
        for (NpcCommand c : commands) {
            if (c.action() instanceof Action.SayGenerated generated) {
                // A line generated in answer to the player's words answers those words (the
                // decoder answers questions far better than it follows hints); otherwise the hint.
                Waiting words = understoodNow.get(c.npc());
                if (words != null) {
                    answer(c.npc(), words.words, false, words.embedding);
                } else {
                    answer(c.npc(), generated.hint(), true, null);
                }
            }
        }
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            // A behaviour that says a line (or has one generated) is the answer.
            w.scripted |= commands.stream()
                    .anyMatch(c -> c.npc().equals(w.npcId)
                            && (c.action() instanceof Action.Say || c.action() instanceof Action.SayGenerated));
            if (w.understood) {
                it.remove();
                if (!w.scripted && session.npc(w.npcId).isPresent()) {
                    answer(w.npcId, w.words, false, w.embedding);
                }
            }
        }
    }

    /**
     * Has an NPC answer with the decoder: facts and memories retrieved for the words, then the
     * reply, streamed. With dialogue off, or when the model fails, the NPC says a fallback line.
     *
     * @param hint true when {@code words} are a behaviour's hint of what to say, not the player's
     * @param encoded the words' embedding when they are encoded already, else null
     */
    private void answer(String npcId, String words, boolean hint, Embedding encoded) {
        NpcDefinition npc = session.requireNpc(npcId);
        session.tell(l -> l.thinking(npcId, words), "the thinking of '" + npcId + "'");
        DialogueService service = models.dialogue();
        if (service == null) {
            deliver(fallback(npc, words));
            return;
        }
        Backoff backoff = backoff(npcId);
        if (!backoff.ready()) { // its last replies failed: a fallback line now, the models again later
            LOG.debug(
                    "'{}' answers \"{}\" with a fallback line: the models failed it {} time(s) in a row; next try in"
                            + " {} s",
                    npcId,
                    words,
                    backoff.failuresInRow(),
                    Math.round(backoff.secondsLeft()));
            deliver(fallback(npc, words));
            return;
        }
        List<String> percepts = session.stage().percepts(npcId);
        // What it remembers now: the words being answered become a memory only afterwards.
        MemoryStream stream = memories.of(npcId);
        List<Memory> remembered = stream.snapshot();
        double now = session.clock().seconds();
        double day = session.world().dayLengthSeconds();
        CompletableFuture<Embedding> understood =
                encoded != null ? CompletableFuture.completedFuture(encoded) : models.embed(npcId, words);
        // "And the axe?" is looked up with the question before it; the fact that answered that one is not the answer.
        ConversationState.Lookup asked = hint
                ? new ConversationState.Lookup(words, null)
                : conversations
                        .computeIfAbsent(npcId, k -> new ConversationState())
                        .ask(words, now);
        String notThis = asked.notThis();
        CompletableFuture<Embedding> lookup = retrievalQuery(
                npcId, asked.query(), asked.query().equals(words) ? understood : models.embed(npcId, asked.query()));
        boolean onStage = session.stage().position(npcId) != null;
        CompletableFuture<Boolean> news = understood.thenCombine(newsExamples(), NewsQuestions::asks);
        // "What is this place?" is near "What's around here?": the nearer kind's examples win.
        CompletableFuture<Boolean> place = understood.thenCombine(
                placeExamples().thenCombine(sightExamples(), (places, sights) -> List.of(places, sights)),
                (w, examples) -> PlaceQuestions.asks(w, examples.get(0))
                        && PlaceQuestions.similarity(w, examples.get(0))
                                > PlaceQuestions.similarity(w, examples.get(1)));
        String placeLine = hint
                ? null
                : PlaceQuestions.answer(session.world(), session.stage().position(npcId));
        understood
                .thenCombine(sightExamples(), SightQuestions::asks)
                .thenCombine(news, (sight, asksNews) -> sight ? Asked.SIGHT : asksNews ? Asked.NEWS : Asked.OTHER)
                .thenCombine(place, (what, asksPlace) -> what != Asked.NEWS && asksPlace ? Asked.PLACE : what)
                .thenAccept(what -> {
                    Optional<Memory> told =
                            what == Asked.NEWS && !hint ? NewsQuestions.news(remembered, now, day) : Optional.empty();
                    if (what == Asked.PLACE && placeLine != null) { // "what is this place?": what the world file says
                        deliverAnswer(npc, words, service.tell(npc, words, placeLine, percepts, streamed(npcId)));
                    } else if (what == Asked.SIGHT
                            && onStage) { // "what do you see?": it describes where it stands, on the frame thread
                        session.later(() -> describeSurroundings(npc, words));
                    } else if (told.isPresent()) { // "any news?": what it heard or saw
                        deliverAnswer(
                                npc,
                                words,
                                service.tell(
                                        npc,
                                        words,
                                        Recall.promptLine(told.get(), now, day),
                                        percepts,
                                        streamed(npcId)));
                    } else {
                        answer(
                                npc,
                                words,
                                hint,
                                service,
                                understood,
                                lookup,
                                notThis,
                                asked.query(),
                                percepts,
                                stream,
                                remembered,
                                now,
                                day);
                    }
                })
                .exceptionally(error -> {
                    if (!WorldRuntime.cancelled(error)) {
                        LOG.warn(
                                "'{}' could not understand \"{}\"; it says a fallback line: {}",
                                npcId,
                                words,
                                error.getMessage());
                        session.later(() -> {
                            backoff.failed();
                            deliver(fallback(npc, words));
                        });
                    }
                    return null;
                });
    }

    /** What the words ask for, beyond facts. */
    private enum Asked {
        SIGHT,
        NEWS,
        PLACE,
        OTHER
    }

    /** The example questions of {@link PlaceQuestions}, encoded once. */
    private CompletableFuture<List<Embedding>> placeExamples() {
        if (placeExamples == null || placeExamples.isCompletedExceptionally()) {
            placeExamples = encoded("animus-place-questions", PlaceQuestions.EXAMPLES);
        }
        return placeExamples;
    }

    /** The example questions of {@link NewsQuestions}, encoded once. */
    private CompletableFuture<List<Embedding>> newsExamples() {
        if (newsExamples == null || newsExamples.isCompletedExceptionally()) {
            newsExamples = encoded("animus-news-questions", NewsQuestions.EXAMPLES);
        }
        return newsExamples;
    }

    private CompletableFuture<List<Embedding>> encoded(String owner, List<String> sentences) {
        List<CompletableFuture<Embedding>> each = new ArrayList<>();
        for (String sentence : sentences) {
            each.add(models.embed(owner, sentence));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
    }

    /** The example questions of {@link SightQuestions}, encoded once. */
    private CompletableFuture<List<Embedding>> sightExamples() {
        if (sightExamples == null || sightExamples.isCompletedExceptionally()) {
            sightExamples = encoded("animus-sight-questions", SightQuestions.EXAMPLES);
        }
        return sightExamples;
    }

    /** The NPC describes what it sees where it stands, as its reply. Frame thread. */
    private void describeSurroundings(NpcDefinition npc, String words) {
        long start = System.nanoTime();
        session.lookAround(npc.id()).whenComplete((text, error) -> {
            if (error != null && WorldRuntime.cancelled(error)) {
                return;
            }
            if (error != null) {
                LOG.warn(
                        "'{}' could not describe what it sees; it says a fallback line: {}",
                        npc.id(),
                        error.getMessage());
            }
            session.later(() -> deliver(
                    error != null
                            ? fallback(npc, words)
                            : new Reply(
                                    npc.id(),
                                    words,
                                    text,
                                    npc.actions().contains("talk") ? "talk" : DialogueService.restingAction(npc),
                                    DialogueService.restingEmotion(npc),
                                    List.of(),
                                    (System.nanoTime() - start) / 1_000_000,
                                    false)));
        });
    }

    /** What retrieval found for the words: the prompt's lines, and the facts ranked after them. */
    private record Recalled(List<String> prompt, List<String> beyond) {}

    /** The decoder's answer, from facts and memories retrieved for the words. Any thread. */
    private void answer(
            NpcDefinition npc,
            String words,
            boolean hint,
            DialogueService service,
            CompletableFuture<Embedding> understoodWords,
            CompletableFuture<Embedding> understood,
            String notThis,
            String asked,
            List<String> percepts,
            MemoryStream stream,
            List<Memory> remembered,
            double now,
            double day) {
        String npcId = npc.id();
        CompletableFuture<Answer> answer = understood
                .thenCombine(session.factIndex(npcId), (query, facts) -> {
                    List<String> used =
                            Recall.relevant(facts, query, notThis, remembered, stream.halfLifeSeconds(), now, day);
                    return new Recalled(used, Recall.beyond(facts, query, notThis, used));
                })
                .thenCompose(recalled -> {
                    List<String> used = recalled.prompt();
                    return hint
                            ? service.write(npc, words, used, percepts, streamed(npcId))
                            : kindOf(understoodWords)
                                    .thenCompose(kind -> service.ask(
                                            npc,
                                            words,
                                            asked,
                                            kind,
                                            used,
                                            recalled.beyond(),
                                            percepts,
                                            streamed(npcId)));
                });
        deliverAnswer(npc, words, answer);
    }

    /** Streams a reply's text as it is written, to the listeners, on the frame thread. */
    private Consumer<String> streamed(String npcId) {
        return soFar ->
                session.later(() -> session.tell(l -> l.partialReply(npcId, soFar), "a reply of '" + npcId + "'"));
    }

    /** Delivers the decoder's answer on the frame thread; a fallback line if it fails or takes too long. */
    private void deliverAnswer(NpcDefinition npc, String words, CompletableFuture<Answer> answer) {
        String npcId = npc.id();
        answer.thenApply(a -> {
                    session.later(() -> stated(npcId, a.stated()));
                    return new Reply(npcId, words, a.text(), a.action(), a.emotion(), a.facts(), a.latencyMs(), false);
                })
                // A stuck or overloaded decoder must not leave the player without an answer.
                .orTimeout(Math.round(session.settings().replyTimeoutSeconds() * 1000), TimeUnit.MILLISECONDS)
                .whenComplete((reply, error) -> {
                    if (error != null && WorldRuntime.cancelled(error)) {
                        return;
                    }
                    if (error != null) {
                        LOG.warn(
                                "'{}' could not answer with the decoder; it says a fallback line: {}",
                                npcId,
                                error.getMessage());
                    }
                    session.later(() -> {
                        Backoff backoff = backoff(npcId);
                        if (error == null) {
                            backoff.succeeded();
                        } else {
                            backoff.failed();
                        }
                        deliver(error == null ? reply : fallback(npc, words));
                    });
                });
    }

    /**
     * What facts are retrieved for: with the bundled BGE encoder, the mean of the words asked
     * plainly and with its query instruction (the instruction ranks the answering fact first
     * more often; the mean keeps the relevance floor's scale). Another encoder: the words.
     */
    private CompletableFuture<Embedding> retrievalQuery(
            String npcId, String query, CompletableFuture<Embedding> plain) {
        if (!models.setup().bundledEncoder()) {
            return plain;
        }
        return plain.thenCombine(models.embed(npcId, SentenceEncoder.BGE_QUERY_INSTRUCTION + query), Embedding::mean);
    }

    /** What kind of words they are (a threat, a greeting, ...), or null when the encoder cannot tell. */
    private CompletableFuture<Importance.Kind> kindOf(CompletableFuture<Embedding> words) {
        CompletableFuture<Importance> judge = memories.importance();
        return words.thenApply(embedding -> {
                    // Never waits: a judge not encoded yet (or that failed) only means any kind of line.
                    Importance importance = judge.isDone() && !judge.isCompletedExceptionally() ? judge.join() : null;
                    Importance.Situation s = importance == null ? null : importance.classify(embedding);
                    return s == null ? null : s.kind();
                })
                .exceptionally(error -> null);
    }

    /** The fact an NPC's last answer stated, for a follow-up. Frame thread. */
    private void stated(String npcId, String fact) {
        ConversationState state = conversations.get(npcId);
        if (state != null) {
            state.stated(fact);
        }
    }

    private Backoff backoff(String npcId) {
        return backoffs.computeIfAbsent(npcId, k -> new Backoff(BACKOFF_FIRST, BACKOFF_CAP));
    }

    /** @return seconds before an NPC's words go to the models again after failures, 0 if now */
    double backoffSeconds(String npcId) {
        Backoff b = backoffs.get(npcId);
        return b == null ? 0 : b.secondsLeft();
    }

    private Reply fallback(NpcDefinition npc, String words) {
        List<String> lines = npc.fallbackLines();
        String line = lines.isEmpty() ? "..." : lines.get(fallbackTurn++ % lines.size());
        return new Reply(
                npc.id(),
                words,
                line,
                DialogueService.restingAction(npc),
                DialogueService.restingEmotion(npc),
                List.of(),
                0,
                true);
    }

    /** The reply reaches the listeners and is performed like a behaviour's actions. */
    private void deliver(Reply reply) {
        if (session.npc(reply.npcId()).isEmpty()) {
            return; // the NPC was removed by a reload while it thought
        }
        session.tell(l -> l.replied(reply), "the reply of '" + reply.npcId() + "'");
        List<NpcCommand> commands = new ArrayList<>();
        if (!reply.fallback()) {
            commands.add(new NpcCommand(reply.npcId(), "dialogue", new Action.Animate(reply.action()), PLAYER));
            commands.add(new NpcCommand(reply.npcId(), "dialogue", new Action.Emote(reply.emotion()), PLAYER));
        }
        commands.add(new NpcCommand(reply.npcId(), "dialogue", new Action.Say(reply.text()), PLAYER));
        commands.forEach(session::perform);
    }
}
