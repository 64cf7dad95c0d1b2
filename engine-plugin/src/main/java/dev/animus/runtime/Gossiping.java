package dev.animus.runtime;

import dev.animus.gossip.Gossip;
import dev.animus.memory.MemoryStream;
import dev.animus.world.NpcDefinition;
import dev.animus.world.Vec3;
import dev.animus.world.World;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Who meets whom in a running world, and what they tell each other ({@link Gossip}'s rules):
 * NPCs standing within {@link Gossip#MEET_METRES} meet, and a pair meets at most once in an
 * eighth of a day, talk or not. Symbolic: nothing is decoded, so a whole village shares news at
 * no frame cost beyond a distance check per pair once a second. Frame thread.
 */
final class Gossiping {
    /** Game seconds between looks for NPCs who meet. */
    static final double LOOK_EVERY_SECONDS = 1;

    private Random random;
    /** When each pair last met, game seconds, by "a|b" with a &lt; b. */
    private final Map<String, Double> lastMet = new HashMap<>();

    private double lastLook = Double.NEGATIVE_INFINITY;

    /** @param seed decides which meetings become talks (a world's run is reproducible by it) */
    Gossiping(long seed) {
        seed(seed);
    }

    /**
     * Looks for NPCs who meet, once a second of game time.
     *
     * @return what was told, to be remembered and announced by the caller
     */
    List<Gossip.Telling> update(double now, World world, Map<String, Vec3> positions, NpcMemories memories) {
        if (now < lastLook) { // the clock went back (a save loaded): who met whom starts over
            reset();
        }
        if (now - lastLook < LOOK_EVERY_SECONDS) {
            return List.of();
        }
        lastLook = now;
        double day = world.dayLengthSeconds();
        List<NpcDefinition> present = new ArrayList<>();
        for (NpcDefinition npc : world.npcs()) {
            if (positions.containsKey(npc.id()) && npc.social().sociability() > 0 && memories.of(npc.id()) != null) {
                present.add(npc);
            }
        }
        List<Gossip.Telling> told = new ArrayList<>();
        for (int i = 0; i < present.size(); i++) {
            NpcDefinition a = present.get(i);
            Vec3 at = positions.get(a.id());
            for (int j = i + 1; j < present.size(); j++) {
                NpcDefinition b = present.get(j);
                if (distance(at, positions.get(b.id())) > Gossip.MEET_METRES) {
                    continue;
                }
                String pair = a.id().compareTo(b.id()) < 0 ? a.id() + "|" + b.id() : b.id() + "|" + a.id();
                Double last = lastMet.get(pair);
                if (last != null && now - last < day / 8) {
                    continue;
                }
                lastMet.put(pair, now);
                told.addAll(Gossip.meet(person(a, memories), person(b, memories), now, day, random));
            }
        }
        return told;
    }

    /** Decides meetings from a new seed (a tool measuring spread over runs). */
    void seed(long seed) {
        // Mixed first: java.util.Random's first draws from nearby small seeds are nearly equal.
        random = new Random(new SplittableRandom(seed).nextLong());
    }

    /** A new world (a reload, a forgetting): who met whom starts over. */
    void reset() {
        lastMet.clear();
        lastLook = Double.NEGATIVE_INFINITY;
    }

    private static Gossip.Person person(NpcDefinition npc, NpcMemories memories) {
        MemoryStream stream = memories.of(npc.id());
        return new Gossip.Person(npc.id(), npc.name(), npc.social(), stream.snapshot());
    }

    private static double distance(Vec3 a, Vec3 b) {
        double dx = a.x() - b.x();
        double dz = a.z() - b.z();
        return Math.sqrt(dx * dx + dz * dz);
    }
}
