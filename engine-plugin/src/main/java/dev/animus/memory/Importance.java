package dev.animus.memory;

import dev.animus.model.encoder.Embedding;
import dev.animus.model.prompt.PromptFormat;
import java.util.List;

/**
 * How much something matters to an NPC, judged by its closest labelled situation: a threat
 * matters more than a greeting. Immutable; any thread.
 */
public final class Importance {
    /**
     * Labelled situations and how much they matter. Each has a few example sentences: the
     * small encoder's similarities are compressed (0.45 to 0.8), so the nearest example decides,
     * not a fixed floor. Threats and insults share one class: telling them apart is beyond it,
     * and both are worth remembering.
     */
    // spotless:off
    public static final List<Situation> SITUATIONS = List.of(
            new Situation(List.of("someone threatens to hurt or kill me", "I will kill you", "someone insults me",
                    "someone attacks me", "give me your money or else", "I will burn this place down"), 0.9f,
                    "threatened me", Kind.THREAT),
            new Situation(List.of("someone gives me a gift or money", "here, take this coin"), 0.6f,
                    null, Kind.GIFT),
            new Situation(List.of("someone says hello", "hello there", "good morning to you"), 0.2f, null, Kind.GREETING),
            new Situation(List.of("someone asks me a question", "what does this cost?", "where can I find the inn?"),
                    0.3f, null, Kind.QUESTION),
            new Situation(List.of("someone talks about the weather", "nice day today"), 0.2f, null, Kind.REMARK),
            new Situation(List.of("someone thanks me", "thank you very much"), 0.2f, null, Kind.THANKS),
            new Situation(List.of("someone says goodbye", "goodbye, see you later"), 0.2f, null, Kind.FAREWELL));
    // spotless:on

    /** What kind of words a situation is. */
    public enum Kind {
        THREAT,
        GIFT,
        GREETING,
        QUESTION,
        REMARK,
        THANKS,
        FAREWELL
    }

    /** How NPCs' memories name the player: "The stranger said to me: ...". */
    public static final String STRANGER = "The stranger";

    /** Below this similarity to every example, something has the default importance. */
    static final float MIN_SIMILARITY = 0.55f;
    /** The importance of what matches no situation. */
    public static final float DEFAULT = 0.3f;

    /**
     * A labelled situation.
     *
     * @param examples sentences of it, as the encoder compares them
     * @param importance how much it matters, 0 to 1
     * @param verb how a memory of it reads ("The stranger threatened me"), or null to quote the words
     * @param kind what kind of words it is, for the kind of reply
     */
    public record Situation(List<String> examples, float importance, String verb, Kind kind) {}

    /** @return every example sentence of every situation, in order: encode these for the constructor */
    public static List<String> sentences() {
        return SITUATIONS.stream().flatMap(s -> s.examples().stream()).toList();
    }

    private final List<Embedding> embeddings;

    private final List<Situation> owners;

    /** @param embeddings the embeddings of {@link #sentences()}, in order */
    public Importance(List<Embedding> embeddings) {
        if (embeddings.size() != sentences().size()) {
            throw new IllegalArgumentException("need " + sentences().size() + " embeddings, got " + embeddings.size());
        }
        this.embeddings = List.copyOf(embeddings);
        this.owners = SITUATIONS.stream()
                .flatMap(s -> s.examples().stream().map(e -> s))
                .toList();
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
        return best < 0 ? null : owners.get(best);
    }

    /**
     * How an NPC remembers words said to it: "The stranger threatened me, saying ..." for a
     * threat, "The stranger said to me: ..." otherwise.
     *
     * @param speaker who spoke ("The stranger", "Mira")
     * @param words what they said
     * @param wordsEmbedding the words' embedding, to judge them
     * @return the memory's text and importance (its embedding is made from the text)
     */
    public Judged judge(String speaker, String words, Embedding wordsEmbedding) {
        Situation s = classify(wordsEmbedding);
        String said = PromptFormat.utterance(words);
        String quoted = "\"" + said + (said.matches(".*[.!?]$") ? "" : ".") + "\"";
        String text = s != null && s.verb() != null
                ? speaker + " " + s.verb() + ", saying " + quoted
                : speaker + " said to me: " + quoted;
        return new Judged(text, s == null ? DEFAULT : s.importance());
    }

    /** A memory to be, before its text is encoded. */
    public record Judged(String text, float importance) {}
}
