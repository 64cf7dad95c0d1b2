package dev.animus.perception;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Caps how many percepts an NPC may send in one think, keeping the most salient. */
public final class PerceptBudget {
    private PerceptBudget() {}

    /**
     * @param percepts candidates
     * @param max how many may pass (&ge;0)
     * @return at most {@code max}, the most salient first (ties keep their order)
     */
    public static List<Percept> top(List<Percept> percepts, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0, got " + max);
        }
        List<Percept> sorted = new ArrayList<>(percepts);
        sorted.sort(Comparator.comparingDouble(Percept::salience).reversed());
        return List.copyOf(sorted.subList(0, Math.min(max, sorted.size())));
    }
}
