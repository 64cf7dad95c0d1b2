package dev.animus.perception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Only changes are news, budgets keep the most salient, and far NPCs think less often, spread out. */
class AttentionTest {

    private static Percept sight(String who, String state, float metres) {
        return new Percept(
                Percept.Sense.SIGHT,
                who,
                state,
                who + " is " + metres + " m away",
                metres,
                Salience.of(metres, 20, true, false, false));
    }

    @Test
    void onlyChangesAreNewAndSoundsAlwaysAre() {
        PerceptFilter attention = new PerceptFilter();
        Percept mira = sight("mira", "near", 5);
        Percept bell = new Percept(Percept.Sense.HEARING, "bell", "the bell rings", "the bell rings", 30, 0.5f);
        assertEquals(List.of(mira, bell), attention.changes(List.of(mira, bell)));
        assertEquals(List.of(), attention.changes(List.of(mira)), "the same state again is not news");
        Percept closer = sight("mira", "close", 2);
        assertEquals(List.of(closer), attention.changes(List.of(closer)));
        assertEquals(List.of(), attention.changes(List.of()), "she left");
        assertEquals(List.of(closer), attention.changes(List.of(closer)), "and came back: news again");
        assertEquals(List.of(bell), attention.changes(List.of(bell)), "a sound is always news");
    }

    @Test
    void aSightThatWasNeverEncodedIsNewAgainUntilItChanges() {
        PerceptFilter attention = new PerceptFilter();
        Percept armed = sight("stranger", "armed", 4);
        assertEquals(List.of(armed), attention.changes(List.of(armed)));
        attention.forget(armed); // its request was shed: the sword is still drawn, and still news
        assertEquals(List.of(armed), attention.changes(List.of(armed)));
        assertEquals(List.of(), attention.changes(List.of(armed)), "once encoded, it is old news");
        Percept near = sight("stranger", "near", 4);
        assertEquals(List.of(near), attention.changes(List.of(near)));
        attention.forget(armed); // a late failure of an older state forgets nothing newer
        assertEquals(List.of(), attention.changes(List.of(near)));
    }

    @Test
    void aBudgetKeepsTheMostSalient() {
        Percept far = sight("a", "far", 19);
        Percept near = sight("b", "near", 2);
        Percept threat = new Percept(
                Percept.Sense.SIGHT, "c", "armed", "c draws a sword", 10, Salience.of(10, 20, true, true, false));
        assertEquals(List.of(threat, near), PerceptBudget.top(List.of(far, near, threat), 2));
        assertEquals(List.of(), PerceptBudget.top(List.of(far), 0));
        assertThrows(IllegalArgumentException.class, () -> PerceptBudget.top(List.of(), -1));
        assertTrue(Salience.of(0, 10, true, true, true) <= 1f && Salience.of(50, 10, false, false, false) == 0f);
    }

    @Test
    void thinkingSlowsWithDistanceAndOutOfSightAndIsSpreadOverFrames() {
        ThinkRate rate = ThinkRate.DEFAULT;
        assertEquals(0f, rate.interval(5, true));
        assertEquals(0.25f, rate.interval(30, true));
        assertEquals(0.9f, rate.interval(100, true), "under a second: frame timing never skips a second");
        assertEquals(0.9f, rate.interval(5, false), "unseen NPCs think rarely, however near");
        // 200 far NPCs start at phases spread over their interval: no 60 fps frame gets more than a few.
        int[] perFrame = new int[60];
        for (int i = 0; i < 200; i++) {
            perFrame[(int) (ThinkRate.stagger(i, 1f) * 60)]++;
        }
        for (int n : perFrame) {
            assertTrue(n <= 5, java.util.Arrays.toString(perFrame));
        }
        assertThrows(IllegalArgumentException.class, () -> new ThinkRate(10, 5, 0.25f, 1));
    }
}
