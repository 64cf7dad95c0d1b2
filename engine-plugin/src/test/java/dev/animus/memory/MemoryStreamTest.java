package dev.animus.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.encoder.Embedding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retrieval by recency, importance and relevance, and the documented policy for bounded growth. */
class MemoryStreamTest {
    private static final double DAY = 600;

    /** A unit vector along one axis: memories on the same axis are relevant to each other. */
    private static Embedding axis(int i) {
        float[] v = new float[8];
        v[i] = 1;
        return Embedding.of(v);
    }

    @Test
    void retrievalPrefersWhatIsRelevantImportantAndRecent() {
        MemoryStream stream = new MemoryStream(16, DAY);
        stream.add(new Memory("The stranger threatened me.", 0, 0.9f, axis(0)));
        stream.add(new Memory("The stranger asked about the weather.", 10, 0.2f, axis(1)));
        stream.add(new Memory("The stranger gave me a coin.", 20, 0.6f, axis(2)));

        assertEquals(
                "The stranger threatened me.",
                stream.retrieve(axis(0), 30, 1, 0).get(0).memory().text(),
                "relevance wins");
        assertEquals(
                "The stranger gave me a coin.",
                stream.retrieve(axis(2), 30, 1, 0).get(0).memory().text());
        // Without a query: importance and recency. The old threat still beats yesterday's small talk.
        assertEquals(
                "The stranger threatened me.",
                stream.retrieve(null, DAY, 1, 0).get(0).memory().text());
        assertEquals(List.of(), stream.retrieve(axis(5), 30, 3, 0.5f), "nothing relevant enough");
    }

    @Test
    void aFullStreamDropsOldTriviaFirstAndNeverWhatJustHappened() {
        MemoryStream stream = new MemoryStream(8, DAY);
        stream.add(new Memory("The stranger threatened me.", 0, 0.9f, axis(0)));
        for (int i = 1; i <= 20; i++) {
            stream.add(new Memory("Small talk " + i + ".", i * 60, 0.1f, axis(1)));
        }
        assertEquals(8, stream.size());
        List<String> kept = stream.snapshot().stream().map(Memory::text).toList();
        assertTrue(kept.contains("The stranger threatened me."), "important memories outlive trivia: " + kept);
        assertTrue(kept.contains("Small talk 20.") && kept.contains("Small talk 19."), "the newest stay: " + kept);
        assertTrue(!kept.contains("Small talk 1."), "the oldest trivia went first: " + kept);
    }

    @Test
    void restoringReplacesAndBadValuesAreRefused() {
        MemoryStream stream = new MemoryStream(8, DAY);
        stream.add(new Memory("a", 0, 0.5f, axis(0)));
        stream.restore(List.of(new Memory("b", 1, 0.5f, axis(1)), new Memory("c", 2, 0.5f, axis(2))));
        assertEquals(
                List.of("b", "c"), stream.snapshot().stream().map(Memory::text).toList());
        assertThrows(IllegalArgumentException.class, () -> new Memory("x", 0, 1.5f, axis(0)));
        assertThrows(IllegalArgumentException.class, () -> new Memory(" ", 0, 0.5f, axis(0)));
        assertThrows(IllegalArgumentException.class, () -> new MemoryStream(2, DAY));
        assertThrows(IllegalArgumentException.class, () -> new MemoryStream(8, 0));
    }
}
