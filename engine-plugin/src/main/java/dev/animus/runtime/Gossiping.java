package dev.animus.runtime;

import dev.animus.gossip.Gossip;
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
    /**
     * Most meetings one look handles: a crowd that gathers at once (twenty NPCs at one place is
     * 190 pairs) has its talks spread over the next looks, so no frame does them all.
     */
    static final int MEETINGS_PER_LOOK = 8;

    private Random random;
    /** When each pair last met, game seconds, by their places in the world's NPC list (a * n + b, a &lt; b). */
    private final Map<Long, Double> lastMet = new HashMap<>();

    private double lastLook = Double.NEGATIVE_INFINITY;
    private long looks;

    /** @param seed decides which meetings become talks (a world's run is reproducible by it) */
    Gossiping(long seed) {
        seed(seed);
    }

    /**
     * Looks for NPCs who meet, once a second of game time.
     *
     * @return what was told, to be remembered and announced by the caller
     */
    List<Gossip.Telling> update(
            double now, World world, Map<String, Vec3> positions, NpcMemories memories, People people) {
        if (now < lastLook) { // the clock went back (a save loaded): who met whom starts over
            reset();
        }
        if (now - lastLook < LOOK_EVERY_SECONDS) {
            return List.of();
        }
        lastLook = now;
        double day = world.dayLengthSeconds();
        List<NpcDefinition> npcs = world.npcs();
        int n = npcs.size();
        int[] present = new int[n];
        double[] xs = new double[n];
        double[] zs = new double[n];
        int count = 0;
        for (int k = 0; k < n; k++) {
            NpcDefinition npc = npcs.get(k);
            Vec3 at = positions.get(npc.id());
            if (at != null && npc.social().sociability() > 0 && memories.of(npc.id()) != null) {
                present[count] = k;
                xs[count] = at.x();
                zs[count] = at.z();
                count++;
            }
        }
        List<Gossip.Telling> told = new ArrayList<>();
        int meetings = 0;
        double meet2 = Gossip.MEET_METRES * Gossip.MEET_METRES;
        // Who is looked at first turns with each look, so a crowd's later pairs get their turn.
        int offset = count == 0 ? 0 : (int) (looks++ % count);
        for (int step = 0; step < count && meetings < MEETINGS_PER_LOOK; step++) {
            int p = (step + offset) % count;
            for (int q = 0; q < count && meetings < MEETINGS_PER_LOOK; q++) {
                double dx = xs[p] - xs[q];
                double dz = zs[p] - zs[q];
                if (q == p || dx * dx + dz * dz > meet2) {
                    continue;
                }
                int a = Math.min(present[p], present[q]);
                int b = Math.max(present[p], present[q]);
                long pair = (long) a * n + b;
                Double last = lastMet.get(pair);
                if (last != null && now - last < day / 8) {
                    continue;
                }
                lastMet.put(pair, now);
                meetings++;
                told.addAll(Gossip.meet(
                        people.person(npcs.get(present[p]), now),
                        people.person(npcs.get(present[q]), now),
                        now,
                        day,
                        random));
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

    /** How gossip sees an NPC at a meeting. */
    interface People {
        Gossip.Person person(NpcDefinition npc, double now);
    }
}
