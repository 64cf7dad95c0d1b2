package dev.animus.dialogue;

import dev.animus.gossip.Gossip;
import dev.animus.memory.Importance;
import dev.animus.memory.Memory;
import dev.animus.model.encoder.Embedding;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Recognises "any news?" in any wording, by meaning, and chooses what an NPC tells: the memory
 * most worth telling (importance times recency, halving each day), heard from another NPC or its
 * own, never a secret one, and never the player's own plain words. No fact answers "any news?",
 * so retrieval over facts would decline it.
 */
public final class NewsQuestions {
    /** Example questions; the player's words are compared with each. */
    // spotless:off
    public static final List<String> EXAMPLES = List.of("Any news?", "What's new?", "Heard any gossip lately?",
            "What's been happening around here?", "Anything interesting going on?", "Have you heard anything?");
    // spotless:on
    /** Words at least this similar to an example ask for news. */
    public static final float MIN_SIMILARITY = 0.82f;
    /** A memory less worth telling than this is no news. */
    public static final float NEWSWORTHY = 0.2f;

    private NewsQuestions() {}

    /**
     * @param words the embedding of the player's words
     * @param examples the embeddings of {@link #EXAMPLES}
     * @return whether the words ask for news
     */
    public static boolean asks(Embedding words, List<Embedding> examples) {
        return examples.stream().anyMatch(e -> words.cosine(e) >= MIN_SIMILARITY);
    }

    /**
     * @param remembered the NPC's memories
     * @param now game seconds
     * @param dayLength game seconds per day
     * @return the memory to tell, if any is news
     */
    public static Optional<Memory> news(List<Memory> remembered, double now, double dayLength) {
        return remembered.stream()
                .filter(m -> !m.secret() && m.importance() > Importance.DEFAULT)
                .filter(m -> Gossip.worth(m, now, dayLength) >= NEWSWORTHY)
                .max(Comparator.comparingDouble((Memory m) -> Gossip.worth(m, now, dayLength))
                        .thenComparingDouble(Memory::time));
    }
}
