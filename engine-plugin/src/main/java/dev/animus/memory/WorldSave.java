package dev.animus.memory;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a save holds: the world's clock, and each NPC's variables and memories. Immutable.
 *
 * @param worldId the id of the world it belongs to
 * @param clockSeconds game seconds on the world's clock
 * @param variables per NPC id, its behaviour variables (values are Strings or Doubles)
 * @param memories per NPC id, its memories, oldest first
 */
public record WorldSave(
        String worldId,
        double clockSeconds,
        Map<String, Map<String, Object>> variables,
        Map<String, List<Memory>> memories) {

    public WorldSave {
        variables = Map.copyOf(variables.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue()))));
        memories = Map.copyOf(memories.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue()))));
    }
}
