package dev.animus.memory;

import dev.animus.model.encoder.Embedding;
import java.util.List;

/**
 * How much something matters to an NPC, judged by its closest labelled situation: a threat
 * matters more than a greeting. Immutable; any thread.
 */
public final class Importance {
    /** Labelled situations and how much they matter, in the order their embeddings are given. */
    public static final List<Situation> SITUATIONS = List.of(
            new Situation("someone threatens to hurt or kill me", 0.9f, "threatened me"),
            new Situation("someone attacks me", 0.95f, "attacked me"),
            new Situation("someone insults me", 0.7f, "insulted me"),
            new Situation("someone gives me a gift or money", 0.6f, null),
            new Situation("someone says hello", 0.2f, null),
            new Situation("someone asks me a question", 0.3f, null));
    /** Below this similarity to every situation, something has the default importance. */
    static final float MIN_SIMILARITY = 0.6f;
    /** The importance of what matches no situation. */
    static final float DEFAULT = 0.3f;

    /**
     * A labelled situation.
     *
     * @param sentence what it is, as the encoder compares it
     * @param importance how much it matters, 0 to 1
     * @param verb how a memory of it reads ("The stranger threatened me"), or null to quote the words
     */
    public record Situation(String sentence, float importance, String verb) {
    }

    private final List<Embedding> embeddings;

    /** @param embeddings the embeddings of {@link #SITUATIONS}' sentences, in order */
    public Importance(List<Embedding> embeddings) {
        if (embeddings.size() != SITUATIONS.size()) {
            throw new IllegalArgumentException("need " + SITUATIONS.size() + " embeddings, got " + embeddings.size());
        }
        this.embeddings = List.copyOf(embeddings);
    }

    /** @return the closest situation if it is close enough, else null */
    public Situation classify(Embedding what) {
        int best = -1;
        float bestScore = MIN_SIMILARITY;
        for (int i = 0; i < embeddings.size(); i++) {
            float s = what.cosine(embeddings.get(i));
            if (s >= bestScore) {
                best = i;
                bestScore = s;
            }
        }
        return best < 0 ? null : SITUATIONS.get(best);
    }

    /**
     * How an NPC remembers words said to it: "The stranger threatened me, saying: ..." for a
     * threat, "The stranger said to me: ..." otherwise.
     *
     * @param speaker who spoke ("The stranger", "Mira")
     * @param words what they said
     * @param embedding the words' embedding
     * @param time when, in game seconds
     */
    public Memory ofWords(String speaker, String words, Embedding embedding, double time) {
        Situation s = classify(embedding);
        String quoted = "\"" + dev.animus.model.prompt.PromptFormat.utterance(words) + "\"";
        String text = s != null && s.verb() != null ? speaker + " " + s.verb() + ", saying " + quoted + "."
                : speaker + " said to me: " + quoted + ".";
        return new Memory(text, time, s == null ? DEFAULT : s.importance(), embedding);
    }
}
