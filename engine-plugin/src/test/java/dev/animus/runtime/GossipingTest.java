package dev.animus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.gossip.Gossip;
import dev.animus.memory.Memory;
import dev.animus.model.encoder.Embedding;
import dev.animus.world.NpcDefinition;
import dev.animus.world.Vec3;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A look for NPCs who meet is spread over the frames of its second: at 60 frames a second no
 * frame holds more than one meeting, and the second holds the same meetings, in the same order,
 * as one step of a second (what {@code simulate} takes).
 */
class GossipingTest {
    private static final int NPCS = 40;

    private final World world = world();
    private final Map<String, Vec3> positions = new HashMap<>();
    private final NpcMemories memories = new NpcMemories(16);

    GossipingTest() {
        memories.fit(world);
        for (int i = 0; i < NPCS; i++) { // everyone within a metre: every pair meets
            positions.put("n" + i, new Vec3(i * 0.02f, 0, 0));
        }
    }

    /** What happened in one frame: the pairs who met. */
    private List<List<String>> frame(Gossiping gossiping, double now, double step) {
        List<List<String>> met = new ArrayList<>();
        List<String> pair = new ArrayList<>();
        gossiping.update(now, step, world, positions, memories, (npc, t) -> {
            pair.add(npc.id());
            if (pair.size() == 2) {
                met.add(List.copyOf(pair));
                pair.clear();
            }
            return person(npc, t);
        });
        return met;
    }

    @Test
    void aLookIsSpreadOverItsSecondAndMeetsWhomAWholeStepWould() {
        Gossiping framed = new Gossiping(3);
        List<List<String>> metFramed = new ArrayList<>();
        for (int f = 0; f < 60; f++) {
            List<List<String>> met = frame(framed, f / 60.0, 1 / 60.0);
            assertTrue(met.size() <= 1, "frame " + f + " held " + met.size() + " meetings");
            metFramed.addAll(met);
        }
        Gossiping whole = new Gossiping(3);
        List<List<String>> metWhole = frame(whole, 0, 1);
        assertEquals(Gossiping.MEETINGS_PER_LOOK, metWhole.size());
        assertEquals(metWhole, metFramed);
        // The next look starts a second after the first.
        assertEquals(1, frame(framed, 1, 1 / 60.0).size());
    }

    @Test
    void aReloadEndsTheLookUnderWay() {
        Gossiping gossiping = new Gossiping(3);
        assertEquals(1, frame(gossiping, 0, 1 / 60.0).size());
        gossiping.reset();
        assertEquals(Gossiping.MEETINGS_PER_LOOK, frame(gossiping, 1 / 60.0, 1).size(), "a fresh start looks at once");
    }

    private static Gossip.Person person(NpcDefinition npc, double now) {
        Memory seen = new Memory("I saw a rider at the ford.", now, 0.9f, Embedding.of(new float[] {1, 0}));
        return new Gossip.Person(npc.id(), npc.name(), npc.social(), List.of(seen));
    }

    private static World world() {
        StringBuilder w = new StringBuilder("animus: 1\nworld: {id: meet, name: Meeting, day_length: 600}\n");
        w.append("places:\n  - {id: square, name: the square, at: [0, 0, 0]}\nnpcs:\n");
        for (int i = 0; i < NPCS; i++) {
            w.append("  - {id: n")
                    .append(i)
                    .append(", name: Villager ")
                    .append(i)
                    .append(", persona: a villager, home: square, sociability: 1}\n");
        }
        return new WorldParser().parse("meet.world", w.toString());
    }
}
