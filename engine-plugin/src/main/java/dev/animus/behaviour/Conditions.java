package dev.animus.behaviour;

import dev.animus.world.Condition;
import dev.animus.world.Phase;

/** Evaluates behaviour conditions against an NPC's mind. */
final class Conditions {
    private Conditions() {}

    static boolean hold(Condition condition, NpcMind mind, Phase phase) {
        if (condition instanceof Condition.TimeIs t) {
            return t.phases().contains(phase);
        }
        if (condition instanceof Condition.EmotionIs e) {
            return e.emotion().equals(mind.emotion);
        }
        Condition.Var v = (Condition.Var) condition;
        return compare(v, mind.vars.get(v.name()));
    }

    private static boolean compare(Condition.Var v, Object actual) {
        return switch (v.comparison()) {
            case IS_SET -> actual != null;
            case IS_UNSET -> actual == null;
            case EQUALS -> same(actual, v.value());
            case NOT_EQUALS -> !same(actual, v.value());
            case AT_LEAST -> number(actual) >= ((Number) v.value()).doubleValue();
            case AT_MOST -> number(actual) <= ((Number) v.value()).doubleValue();
        };
    }

    /** Numbers compare as numbers (1 equals 1.0), words as words; unset equals nothing. */
    private static boolean same(Object actual, Object expected) {
        if (actual instanceof Number a && expected instanceof Number e) {
            return a.doubleValue() == e.doubleValue();
        }
        return actual != null && actual.toString().equals(expected.toString());
    }

    /** An unset or non-numeric variable counts as 0 in comparisons. */
    private static double number(Object actual) {
        return actual instanceof Number n ? n.doubleValue() : 0;
    }
}
