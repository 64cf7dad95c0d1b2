package dev.animus.world;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed, validated world. Immutable; safe to share between threads.
 *
 * @param source the file it came from (asset key or path)
 * @param id the world's id
 * @param name its display name
 * @param description a sentence about it
 * @param dayLengthSeconds real seconds per in-game day (&gt;0)
 * @param startPhase the phase a new game starts in
 * @param places its places
 * @param props its props
 * @param events the events it declares (built-in ones are known without declaring)
 * @param npcs its NPCs
 */
public record World(
        String source,
        String id,
        String name,
        String description,
        float dayLengthSeconds,
        Phase startPhase,
        List<Place> places,
        List<Prop> props,
        List<WorldEvent> events,
        List<NpcDefinition> npcs) {

    public World {
        places = List.copyOf(places);
        props = List.copyOf(props);
        events = List.copyOf(events);
        npcs = List.copyOf(npcs);
    }

    /** @return the NPC with that id, if any */
    public Optional<NpcDefinition> npc(String npcId) {
        return npcs.stream().filter(n -> n.id().equals(npcId)).findFirst();
    }

    /** @return the place with that id, if any */
    public Optional<Place> place(String placeId) {
        return places.stream().filter(p -> p.id().equals(placeId)).findFirst();
    }

    /** @return NPCs by id, in file order */
    public Map<String, NpcDefinition> npcsById() {
        Map<String, NpcDefinition> map = new LinkedHashMap<>();
        npcs.forEach(n -> map.put(n.id(), n));
        return map;
    }
}
