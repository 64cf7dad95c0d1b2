package dev.animus.world;

import java.util.List;

/**
 * What an NPC does from the start of a part of the day until its next entry.
 *
 * @param from the phase it starts with
 * @param route the place to be (one id) or places to walk between in a loop (several)
 * @param activity the action to perform there
 * @param where where it is defined
 */
public record ScheduleEntry(Phase from, List<String> route, String activity, Where where) {

    public ScheduleEntry {
        route = List.copyOf(route);
    }
}
