package dev.animus.demo.play;

import dev.animus.model.encoder.Embedding;
import java.util.List;

/**
 * Reads an encoded percept as the closest of a few labelled situations: the simplest
 * semantic use of the encoder, and what the demo shows above each villager.
 */
final class SituationReader {
    /** Situations, each described in a sentence the encoder compares percepts with. */
    static final List<String> SITUATIONS = List.of(
            "I am alone; nobody is around.",
            "A friend is standing right beside me.",
            "Someone is walking nearby.",
            "Several people are gathered close around me.");
    static final List<String> LABELS = List.of("alone", "with company", "someone nearby", "in a crowd");

    private final List<Embedding> situations;

    /** @param situations the embeddings of {@link #SITUATIONS}, in order */
    SituationReader(List<Embedding> situations) {
        this.situations = List.copyOf(situations);
    }

    /** The closest situation's label and its similarity. */
    Reading read(Embedding percept) {
        int best = 0;
        float bestScore = -2;
        for (int i = 0; i < situations.size(); i++) {
            float score = percept.cosine(situations.get(i));
            if (score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return new Reading(LABELS.get(best), bestScore);
    }

    record Reading(String label, float similarity) {
    }
}
