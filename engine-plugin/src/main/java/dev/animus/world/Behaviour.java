package dev.animus.world;

import java.util.List;

/**
 * One rule of an NPC: when {@code trigger} fires and every condition holds, run the actions
 * in order. Immutable.
 *
 * @param id unique within its NPC
 * @param trigger what starts it
 * @param conditions what must hold (may be empty)
 * @param actions what it does (not empty)
 * @param cooldownSeconds least time between two runs (0 = none)
 * @param oncePerDay run at most once per in-game day
 * @param where where it is defined, for messages
 */
public record Behaviour(
        String id,
        Trigger trigger,
        List<Condition> conditions,
        List<Action> actions,
        float cooldownSeconds,
        boolean oncePerDay,
        Where where) {

    public Behaviour {
        conditions = List.copyOf(conditions);
        actions = List.copyOf(actions);
    }
}
