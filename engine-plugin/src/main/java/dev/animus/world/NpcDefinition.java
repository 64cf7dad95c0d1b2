package dev.animus.world;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a world file says about one NPC. Immutable.
 *
 * @param id unique id, what tests and game code name
 * @param name display name
 * @param persona free text: how the NPC speaks and behaves
 * @param facts what the NPC knows, one fact a line
 * @param home the place it lives
 * @param model its character model and animation mapping
 * @param actions the actions it may perform (subset of the vocabulary), in world-file order
 * @param emotions the emotions it may show (subset of the vocabulary), in world-file order
 * @param schedule its day, in phase order
 * @param behaviours its rules
 * @param fallbackLines what it says when no model can write a line
 * @param senses how far and how wide it perceives
 * @param social how readily it talks with other NPCs it meets, and its ties to them
 * @param memories what it remembers when the world starts
 * @param lines how it words what it says without facts (its openers, its "I don't know"s, ...)
 * @param where where it is defined
 */
public record NpcDefinition(
        String id,
        String name,
        String persona,
        List<String> facts,
        String home,
        CharacterModel model,
        Set<String> actions,
        Set<String> emotions,
        List<ScheduleEntry> schedule,
        List<Behaviour> behaviours,
        List<String> fallbackLines,
        Senses senses,
        Social social,
        List<StartingMemory> memories,
        Lines lines,
        Where where) {

    public NpcDefinition {
        facts = List.copyOf(facts);
        // In world-file order: prompts list them, and must not change from run to run.
        actions = Collections.unmodifiableSet(new LinkedHashSet<>(actions));
        emotions = Collections.unmodifiableSet(new LinkedHashSet<>(emotions));
        schedule = List.copyOf(schedule);
        behaviours = List.copyOf(behaviours);
        fallbackLines = List.copyOf(fallbackLines);
        memories = List.copyOf(memories);
    }

    /**
     * @param phase a part of the day
     * @return the schedule entry in force then (the last one starting at or before it,
     *     wrapping around the day), or null if the NPC has no schedule
     */
    public ScheduleEntry scheduleAt(Phase phase) {
        for (int back = 0; back < 4; back++) {
            Phase p = Phase.values()[(phase.ordinal() - back + 4) % 4];
            for (ScheduleEntry e : schedule) {
                if (e.from() == p) {
                    return e;
                }
            }
        }
        return null;
    }
}
