package dev.animus.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.animus.model.encoder.SentenceEncoder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled encoder tells what kind of words a player says, in words the examples do not use:
 * the kind picks the set of lines an NPC answers from, and how much a memory of them matters.
 */
class ImportanceTest {
    private static SentenceEncoder encoder;
    private static Importance importance;

    @BeforeAll
    static void load() {
        encoder = SentenceEncoder.loadBundled();
        importance = new Importance(encoder.encode(Importance.sentences()));
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void wordsAreJudgedByTheirKind() {
        Map<String, Importance.Kind> said = Map.of(
                "Hand over your purse or I'll gut you", Importance.Kind.THREAT,
                "good evening to you", Importance.Kind.GREETING,
                "thanks a lot, friend", Importance.Kind.THANKS,
                "bye, I'm off now", Importance.Kind.FAREWELL,
                "lovely sunny weather we're having", Importance.Kind.REMARK);
        List<String> words = List.copyOf(said.keySet());
        var embeddings = encoder.encode(words);
        for (int i = 0; i < words.size(); i++) {
            Importance.Situation s = importance.classify(embeddings.get(i));
            assertEquals(said.get(words.get(i)), s == null ? null : s.kind(), words.get(i));
        }
    }
}
