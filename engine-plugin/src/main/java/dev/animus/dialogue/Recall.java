package dev.animus.dialogue;

import dev.animus.memory.FactIndex;
import dev.animus.memory.Importance;
import dev.animus.memory.Memory;
import dev.animus.memory.MemoryStream;
import dev.animus.model.encoder.Embedding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What comes to an NPC's mind for the words: its facts (and what its world shares) and its
 * memories, ranked together by similarity to the query, a memory that mattered more weighing a
 * little more, past {@link DialogueService#MIN_RELEVANCE}. The game and the tools recall alike.
 * Pure functions; any thread.
 */
public final class Recall {
    /** Memories that may go into one prompt, at most. */
    public static final int MEMORIES = 3;

    private Recall() {}

    /**
     * @param facts what the NPC knows, indexed (not null)
     * @param query the words' retrieval embedding (not null)
     * @param notThis a fact that must not answer this time ({@link ConversationState.Lookup}), or null
     * @param remembered the NPC's memories (not null)
     * @param halfLifeSeconds how fast memories fade ({@link MemoryStream#halfLifeSeconds})
     * @param now the world clock, in seconds
     * @param dayLengthSeconds seconds in a day of the world, for "Yesterday, ..."
     * @return the lines for the prompt, best first: facts as written, memories as {@link #promptLine}
     */
    public static List<String> relevant(
            FactIndex facts,
            Embedding query,
            String notThis,
            List<Memory> remembered,
            double halfLifeSeconds,
            double now,
            double dayLengthSeconds) {
        List<FactIndex.Scored> scored = new ArrayList<>(facts.top(query, DialogueService.FACTS + 1, 0));
        scored.removeIf(f -> f.fact().equals(notThis));
        for (MemoryStream.Scored m : MemoryStream.retrieve(remembered, halfLifeSeconds, query, now, MEMORIES, 0)) {
            if (now - m.memory().time() <= FollowUp.WINDOW_SECONDS && m.memory().importance() <= Importance.DEFAULT) {
                continue; // the plain words of this conversation: its state, not something to answer with
            }
            scored.add(new FactIndex.Scored(
                    promptLine(m.memory(), now, dayLengthSeconds),
                    m.memory().embedding().cosine(query) + 0.1f * m.memory().importance()));
        }
        scored.sort(Comparator.comparingDouble(FactIndex.Scored::score).reversed());
        return DialogueService.relevant(scored);
    }

    /** Facts the answer judge may look at in all, those in the prompt included. */
    public static final int JUDGED = 6;

    /**
     * The facts retrieval ranked next, below the relevance floor or past the prompt's few: what
     * the answer judge reads when it finds no answer among the prompt's facts. A question may
     * use words that embed far from the fact that answers it ("where did you study medicine?",
     * "He trained in Vienna."); the judge, reading both together, can still tell.
     *
     * @param facts what the NPC knows, indexed (not null)
     * @param query the words' retrieval embedding (not null)
     * @param notThis a fact that must not answer this time, or null
     * @param prompt the lines already in the prompt
     * @return at most {@link #JUDGED} minus the prompt's lines, most similar first
     */
    public static List<String> beyond(FactIndex facts, Embedding query, String notThis, List<String> prompt) {
        int room = JUDGED - prompt.size();
        if (room <= 0) {
            return List.of();
        }
        return facts.top(query, JUDGED + 1, -1).stream()
                .map(FactIndex.Scored::fact)
                .filter(f -> !prompt.contains(f) && !f.equals(notThis))
                .limit(room)
                .toList();
    }

    /**
     * A memory as a prompt line: "Yesterday, the stranger threatened me, saying ...".
     *
     * @param now game seconds now
     * @param dayLength game seconds per day
     */
    public static String promptLine(Memory m, double now, double dayLength) {
        long days = (long) Math.floor(now / dayLength) - (long) Math.floor(m.time() / dayLength);
        String when = days <= 0 ? "Earlier today" : days == 1 ? "Yesterday" : days + " days ago";
        String text = m.text();
        // "the stranger threatened me", but "Vey told me" and "I noticed" keep their capital
        boolean keepCapital = m.heard() || text.startsWith("I ") || text.startsWith("I noticed");
        return when + ", " + (keepCapital ? text.charAt(0) : Character.toLowerCase(text.charAt(0))) + text.substring(1);
    }
}
