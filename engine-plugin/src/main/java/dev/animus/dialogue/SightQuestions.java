package dev.animus.dialogue;

import dev.animus.model.encoder.Embedding;
import java.util.List;

/**
 * Recognises "what do you see?" in any wording, by meaning: an NPC answers such words with a
 * description of what it sees where it stands, not with the dialogue decoder's facts.
 */
public final class SightQuestions {
    /** Example questions; the player's words are compared with each. */
    // spotless:off
    public static final List<String> EXAMPLES = List.of("What do you see?", "Look around. What is there?",
            "Describe what is around you.", "What can you see from here?", "What's around here?");
    // spotless:on
    /**
     * Words at least this similar to an example ask what the NPC sees. Measured with the bundled
     * encoder: 7 of 8 such questions worded otherwise ("Who is around?", "What is near you?")
     * score 0.83 to 0.94, and "Describe this place." 0.80; 33 other questions score at most 0.79
     * ("What did you see on the water?", which asks for a fact).
     */
    public static final float MIN_SIMILARITY = 0.81f;

    private SightQuestions() {}

    /**
     * @param words the embedding of the player's words
     * @param examples the embeddings of {@link #EXAMPLES}
     * @return whether the words ask what the NPC sees
     */
    public static boolean asks(Embedding words, List<Embedding> examples) {
        for (Embedding e : examples) {
            if (words.cosine(e) >= MIN_SIMILARITY) {
                return true;
            }
        }
        return false;
    }
}
