package dev.animus.runtime;

import dev.animus.memory.Importance;
import dev.animus.memory.Memory;
import dev.animus.memory.MemoryStream;
import dev.animus.model.encoder.Embedding;
import dev.animus.world.NpcDefinition;
import dev.animus.world.World;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory streams of a running world's NPCs, and how words are judged before they are
 * remembered. Render thread, except {@link #importance()}.
 */
final class NpcMemories {
    private static final Logger LOG = LoggerFactory.getLogger(NpcMemories.class);

    private final Map<String, MemoryStream> streams = new HashMap<>();
    private final int capacity;
    /** Judges how much words matter; ready once its example sentences are encoded. */
    private final CompletableFuture<Importance> importance = new CompletableFuture<>();

    private boolean importanceRequested;

    /** @param capacity most memories per NPC */
    NpcMemories(int capacity) {
        this.capacity = capacity;
    }

    /** A stream for every NPC of the world; those of NPCs that are gone are dropped, the others kept. */
    void fit(World world) {
        streams.keySet().retainAll(world.npcsById().keySet());
        for (NpcDefinition npc : world.npcs()) {
            // Recency halves every in-game day: yesterday's threat still weighs half.
            streams.computeIfAbsent(npc.id(), id -> new MemoryStream(capacity, world.dayLengthSeconds()));
        }
    }

    /** Encodes the labelled situations with the models, once. */
    void prepareImportance(Models models) {
        if (importanceRequested) {
            return;
        }
        importanceRequested = true;
        List<CompletableFuture<Embedding>> situations = Importance.sentences().stream()
                .map(sentence -> models.embed("world", sentence))
                .toList();
        CompletableFuture.allOf(situations.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            if (error == null) {
                importance.complete(new Importance(
                        situations.stream().map(CompletableFuture::join).toList()));
            } else {
                importance.completeExceptionally(error);
            }
        });
    }

    /** @return the judge of importance, once ready. Any thread. */
    CompletableFuture<Importance> importance() {
        return importance;
    }

    void add(String npcId, Memory memory) {
        MemoryStream stream = streams.get(npcId);
        if (stream != null) {
            stream.add(memory);
            LOG.debug("{} remembers \"{}\" (importance {})", npcId, memory.text(), memory.importance());
        }
    }

    /** @return the NPC's stream (it exists for every NPC of the world) */
    MemoryStream of(String npcId) {
        return streams.get(npcId);
    }

    /** @return every NPC's memories, for a save */
    Map<String, List<Memory>> snapshot() {
        Map<String, List<Memory>> all = new HashMap<>();
        streams.forEach((id, s) -> all.put(id, s.snapshot()));
        return all;
    }

    /** Replaces every NPC's memories with a save's (NPCs the save lacks forget everything). */
    void restore(Map<String, List<Memory>> saved) {
        streams.forEach((id, s) -> s.restore(saved.getOrDefault(id, List.of())));
    }
}
