package dev.animus.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak, short: the 200-NPC scene with Lanternfall and Brann answering every 5 s, for a
 * minute and a half, sampled every 15 s. Nothing may pile up: the heap after a full GC stays
 * within a few MB, the queue never fills, and every question is answered by the decoder.
 * (The 30-minute run is {@code bench soak}; its figures are in the README. No timing is
 * asserted here: frame times are for the benchmark.)
 */
@Tag("slow") // minutes of a running world: mvn -B verify runs it; -DexcludedGroups=slow leaves it out
class SoakTest {
    @Test
    void twoHundredNpcsAndAConversationLeaveNothingBehind(@TempDir Path out) throws Exception {
        String csv = PerceptionBenchmark.soak(out, 1.5, 15);
        List<double[]> rows = csv.lines()
                .skip(1)
                .map(l -> Arrays.stream(l.split(","))
                        .mapToDouble(Double::parseDouble)
                        .toArray())
                .toList();
        assertTrue(rows.size() >= 6, csv);
        double heapAfterWarmUp = rows.get(1)[1];
        double heapAtEnd = rows.get(rows.size() - 1)[1];
        assertTrue(
                heapAtEnd <= heapAfterWarmUp + 16,
                "heap after GC grew from " + heapAfterWarmUp + " to " + heapAtEnd + " MB:\n" + csv);
        // Bounded, never full: stale background work is shed. How deep it runs depends on how
        // busy the machine is (on a quiet 2-core machine under 256; with both cores taken by
        // another process, up to 800), so the depth itself is the benchmark's figure.
        for (double[] row : rows) {
            assertTrue(row[7] < dev.animus.inference.QueueConfig.DEFAULT.capacity(), "the queue never filled:\n" + csv);
        }
        double[] last = rows.get(rows.size() - 1);
        assertTrue(last[8] >= 10, "Brann answered every 5 s:\n" + csv);
        assertEquals(0, last[9], "with no fallback line:\n" + csv);
    }
}
