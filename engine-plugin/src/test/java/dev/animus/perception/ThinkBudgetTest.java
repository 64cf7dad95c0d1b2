package dev.animus.perception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bursts of thoughts are spread over frames, nobody waits long, and steady thinking is never held back. */
class ThinkBudgetTest {

    /** One frame: each waiting NPC (its frames late) asks; those refused wait one frame more. */
    private static List<Integer> frame(ThinkBudget budget, List<Integer> waiting, long nanosEach) {
        budget.nextFrame();
        List<Integer> still = new ArrayList<>();
        for (int late : waiting) {
            if (budget.mayThink(late)) {
                budget.spent(nanosEach);
            } else {
                still.add(late + 1);
            }
        }
        return still;
    }

    @Test
    void steadyThinkingIsNeverHeldBack() {
        ThinkBudget budget = new ThinkBudget();
        for (int f = 0; f < 200; f++) {
            assertTrue(frame(budget, List.of(0, 0, 0, 0, 0, 0), 10_000).isEmpty(), "frame " + f);
        }
        assertEquals(9, budget.budget(), "one and a half times the six a frame");
    }

    @Test
    void aBurstIsSpreadOverTheNextFramesAndNobodyWaitsLong() {
        ThinkBudget budget = new ThinkBudget();
        for (int f = 0; f < 200; f++) {
            frame(budget, List.of(0, 0, 0, 0, 0, 0), 10_000);
        }
        List<Integer> waiting = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            waiting.add(0);
        }
        int frames = 0;
        while (!waiting.isEmpty()) {
            int before = waiting.size();
            waiting = frame(budget, waiting, 10_000);
            frames++;
            if (frames == 1) {
                assertEquals(budget.budget(), before - waiting.size(), "the first frame thinks its budget");
            }
            waiting.forEach(late -> assertTrue(late <= ThinkBudget.MOST_FRAMES_LATE));
        }
        assertTrue(frames > 1, "thirty at once took more than one frame");
        assertTrue(frames <= ThinkBudget.MOST_FRAMES_LATE + 1, "took " + frames + " frames");
    }

    @Test
    void costlyThoughtsStopTheFrameEarlier() {
        ThinkBudget budget = new ThinkBudget();
        for (int f = 0; f < 200; f++) {
            frame(budget, List.of(0, 0, 0, 0, 0, 0), 10_000);
        }
        budget.nextFrame();
        int granted = 0;
        while (budget.mayThink(0)) {
            budget.spent(ThinkBudget.NANOS / 2);
            granted++;
        }
        assertEquals(ThinkBudget.LEAST, granted, "the least a frame allows, though they took twice the time");
        assertFalse(budget.mayThink(0));
        assertTrue(budget.mayThink(ThinkBudget.MOST_FRAMES_LATE), "one held back long enough thinks regardless");
    }
}
