package dev.animus.api;

import dev.animus.behaviour.NpcCommand;
import dev.animus.behaviour.Surroundings;
import dev.animus.dialogue.ConversationState;
import dev.animus.dialogue.DialogueService;
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
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of a running world's NPCs: which words the decoder answers (those no behaviour
 * answered with a fixed line; a {@code say_generated} set off by the words answers the words),
 * what goes into the prompt (the facts and memories most relevant to the words,
 * what the NPC sees), and how the streamed reply reaches the listeners and is performed.
 * Render thread, except where the work runs on inference workers and comes back through the
 * session's inbox.
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

        Waiting(String npcId, String words) {
            this.npcId = npcId;
            this.words = words;
        }
    }

    private final WorldSession session;
    private final AnimusAppState animus;
    private final NpcMemories memories;
    private final List<DialogueListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Waiting> waiting = new ArrayList<>();
    private int fallbackTurn;
    /** Per NPC: when its words may go to the models again after they failed it. Render thread. */
    private final Map<String, Backoff> backoffs = new HashMap<>();
    /** The first wait after a failed reply, and the longest, in seconds. */
    static final double BACKOFF_FIRST = 2;

    static final double BACKOFF_CAP = 60;
    private CompletableFuture<List<Embedding>> sightExamples;
    /** Per NPC: its conversation with the player, for follow-ups. Render thread. */
    private final Map<String, ConversationState> conversations = new HashMap<>();

    Conversations(WorldSession session, AnimusAppState animus, NpcMemories memories) {
        this.session = session;
        this.animus = animus;
        this.memories = memories;
    }

    void addListener(DialogueListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
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
        Map<String, String> understoodNow = new HashMap<>();
        waiting.stream().filter(w -> w.understood).forEach(w -> understoodNow.put(w.npcId, w.words));
        for (NpcCommand c : commands) {
            if (c.action() instanceof Action.SayGenerated generated) {
                // A line generated in answer to the player's words answers those words (the
                // decoder answers questions far better than it follows hints); otherwise the hint.
                String words = understoodNow.get(c.npc());
                answer(c.npc(), words != null ? words : generated.hint(), words == null);
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
                    answer(w.npcId, w.words, false);
                }
            }
        }
    }

    /**
     * Has an NPC answer with the decoder: facts and memories retrieved for the words, then the
     * reply, streamed. With dialogue off, or when the model fails, the NPC says a fallback line.
     *
     * @param hint true when {@code words} are a behaviour's hint of what to say, not the player's
     */
    private void answer(String npcId, String words, boolean hint) {
        NpcDefinition npc = session.requireNpc(npcId);
        listeners.forEach(l -> l.onThinking(npcId, words));
        DialogueService service = animus.dialogue();
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
        List<String> percepts = percepts(npcId);
        // What it remembers now: the words being answered become a memory only afterwards.
        MemoryStream stream = memories.of(npcId);
        List<Memory> remembered = stream.snapshot();
        double now = session.clock().seconds();
        double day = session.world().dayLengthSeconds();
        CompletableFuture<Embedding> understood = animus.embed(npcId, words);
        // "And the axe?" is looked up with the question before it; the fact that answered that one is not the answer.
        ConversationState.Lookup asked = hint
                ? new ConversationState.Lookup(words, null)
                : conversations
                        .computeIfAbsent(npcId, k -> new ConversationState())
                        .ask(words, now);
        String notThis = asked.notThis();
        CompletableFuture<Embedding> lookup = retrievalQuery(
                npcId, asked.query(), asked.query().equals(words) ? understood : animus.embed(npcId, asked.query()));
        understood
                .thenCombine(sightExamples(), SightQuestions::asks)
                .thenAccept(sight -> {
                    if (sight) { // "what do you see?": it describes where it stands, on the render thread
                        session.later(() -> describeSurroundings(npc, words));
                    } else {
                        answer(
                                npc,
                                words,
                                hint,
                                service,
                                understood,
                                lookup,
                                notThis,
                                percepts,
                                stream,
                                remembered,
                                now,
                                day);
                    }
                })
                .exceptionally(error -> {
                    if (!WorldSession.cancelled(error)) {
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

    /** The example questions of {@link SightQuestions}, encoded once. */
    private CompletableFuture<List<Embedding>> sightExamples() {
        if (sightExamples == null || sightExamples.isCompletedExceptionally()) {
            List<CompletableFuture<Embedding>> each = new ArrayList<>();
            for (String example : SightQuestions.EXAMPLES) {
                each.add(animus.embed("animus-sight-questions", example));
            }
            sightExamples = CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                    .thenApply(
                            done -> each.stream().map(CompletableFuture::join).toList());
        }
        return sightExamples;
    }

    /** The NPC describes what it sees where it stands, as its reply. Render thread. */
    private void describeSurroundings(NpcDefinition npc, String words) {
        long start = System.nanoTime();
        session.lookAround(npc.id()).whenComplete((text, error) -> {
            if (error != null && WorldSession.cancelled(error)) {
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
                            : new DialogueReply(
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

    /** The decoder's answer, from facts and memories retrieved for the words. Any thread. */
    private void answer(
            NpcDefinition npc,
            String words,
            boolean hint,
            DialogueService service,
            CompletableFuture<Embedding> understoodWords,
            CompletableFuture<Embedding> understood,
            String notThis,
            List<String> percepts,
            MemoryStream stream,
            List<Memory> remembered,
            double now,
            double day) {
        String npcId = npc.id();
        understood
                .thenCombine(
                        session.factIndex(npcId),
                        (query, facts) ->
                                Recall.relevant(facts, query, notThis, remembered, stream.halfLifeSeconds(), now, day))
                .thenCompose(used -> {
                    java.util.function.Consumer<String> streamed =
                            soFar -> session.later(() -> listeners.forEach(l -> l.onPartialReply(npcId, soFar)));
                    return hint
                            ? service.write(npc, words, used, percepts, streamed)
                            : kindOf(understoodWords)
                                    .thenCompose(kind -> service.ask(npc, words, kind, used, percepts, streamed));
                })
                .thenApply(a -> {
                    session.later(() -> stated(npcId, a.stated()));
                    return new DialogueReply(
                            npcId, words, a.text(), a.action(), a.emotion(), a.facts(), a.latencyMs(), false);
                })
                // A stuck or overloaded decoder must not leave the player without an answer.
                .orTimeout(Math.round(animus.config().replyTimeoutSeconds() * 1000), TimeUnit.MILLISECONDS)
                .whenComplete((reply, error) -> {
                    if (error != null && WorldSession.cancelled(error)) {
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
        if (animus.config().encoder().isPresent()) {
            return plain;
        }
        return plain.thenCombine(animus.embed(npcId, SentenceEncoder.BGE_QUERY_INSTRUCTION + query), Embedding::mean);
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

    /** The fact an NPC's last answer stated, for a follow-up. Render thread. */
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

    private DialogueReply fallback(NpcDefinition npc, String words) {
        List<String> lines = npc.fallbackLines();
        String line = lines.isEmpty() ? "..." : lines.get(fallbackTurn++ % lines.size());
        return new DialogueReply(
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
    private void deliver(DialogueReply reply) {
        if (session.npc(reply.npcId()).isEmpty()) {
            return; // the NPC was removed by a reload while it thought
        }
        for (DialogueListener l : listeners) {
            try {
                l.onReply(reply);
            } catch (RuntimeException e) {
                LOG.error("A DialogueListener failed on the reply of '{}'", reply.npcId(), e);
            }
        }
        List<NpcCommand> commands = new ArrayList<>();
        if (!reply.fallback()) {
            commands.add(new NpcCommand(reply.npcId(), "dialogue", new Action.Animate(reply.action()), PLAYER));
            commands.add(new NpcCommand(reply.npcId(), "dialogue", new Action.Emote(reply.emotion()), PLAYER));
        }
        commands.add(new NpcCommand(reply.npcId(), "dialogue", new Action.Say(reply.text()), PLAYER));
        commands.forEach(session::perform);
    }

    /** What an NPC perceives now, for its prompt: its brain's latest percept, if it has one. */
    private List<String> percepts(String npcId) {
        NpcBrainControl brain = animus.npc(npcId);
        PerceptionUpdate latest = brain == null ? null : brain.latestPerception();
        return latest == null ? List.of() : List.of(latest.text());
    }
}
