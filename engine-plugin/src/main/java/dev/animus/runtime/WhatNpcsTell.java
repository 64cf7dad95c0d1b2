package dev.animus.runtime;

import dev.animus.gossip.Gossip;
import dev.animus.gossip.Interests;
import dev.animus.memory.FactIndex;
import dev.animus.memory.Memory;
import dev.animus.model.encoder.Embedding;
import dev.animus.world.NpcDefinition;
import dev.animus.world.World;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each NPC cares to tell others ({@code tells_about}): its topics encoded once per world,
 * and the facts it may pass on, those on its topics and not secret. An NPC that names no topics
 * tells any memory worth telling and none of its facts. Frame thread, except the encoding.
 */
final class WhatNpcsTell {
    private static final Logger LOG = LoggerFactory.getLogger(WhatNpcsTell.class);

    /** Each NPC's interests, by id, once its topics are encoded (frame thread). */
    private Map<String, Interests> interests = Map.of();

    /**
     * Encodes the topics of the world's NPCs; they apply once back on the frame thread.
     *
     * @param later hands work to the frame thread
     */
    void prepare(World world, Models models, java.util.function.Consumer<Runnable> later) {
        interests = new HashMap<>();
        for (NpcDefinition npc : world.npcs()) {
            List<String> topics = npc.social().tellsAbout();
            if (topics.isEmpty()) {
                continue;
            }
            List<CompletableFuture<Embedding>> parts =
                    topics.stream().map(t -> models.embed(npc.id(), t)).toList();
            Map<String, Interests> target = interests;
            CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.warn("What '{}' tells about could not be encoded: it passes nothing on", npc.id());
                    return;
                }
                Interests i = Interests.about(
                        parts.stream().map(CompletableFuture::join).toList());
                later.accept(() -> target.put(npc.id(), i)); // a reload meanwhile made a new map: no harm
            });
        }
    }

    /** @return what the NPC cares to tell; nothing while its topics are being encoded */
    Interests of(NpcDefinition npc) {
        return npc.social().tellsAbout().isEmpty()
                ? Interests.ANY
                : interests.getOrDefault(npc.id(), Interests.NOTHING);
    }

    /**
     * The NPC's facts it may pass on now, as memories it holds: none unless it names topics;
     * never a secret one. Each is always recent, so it is told to whoever does not know it yet.
     *
     * @param index the NPC's encoded knowledge, or null while it is being encoded
     */
    static List<Memory> facts(NpcDefinition npc, FactIndex index, double now) {
        if (npc.social().tellsAbout().isEmpty() || index == null) {
            return List.of();
        }
        List<Memory> facts = new ArrayList<>();
        for (String fact : npc.facts()) {
            Embedding e = index.embedding(fact);
            if (e != null && !npc.social().secretFacts().contains(fact)) {
                facts.add(new Memory(fact, now, Gossip.FACT_IMPORTANCE, e, null, false));
            }
        }
        return facts;
    }

    /** @return how gossip sees an NPC now: what it remembers, the facts it may tell, what it cares to tell */
    Gossip.Person person(NpcDefinition npc, List<Memory> memories, Function<String, FactIndex> indexes, double now) {
        List<Memory> all = new ArrayList<>(memories);
        all.addAll(facts(npc, indexes.apply(npc.id()), now));
        return new Gossip.Person(npc.id(), npc.name(), npc.social(), all, of(npc));
    }
}
