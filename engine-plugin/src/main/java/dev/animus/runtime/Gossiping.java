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
 * little frame cost. Each second of game time starts a look at where everyone stands; the look
 * is spread over the frames of that second (its share of the NPCs and of the meetings a frame),
 * because a whole look in one frame (200 NPCs, eight meetings, each reading two NPCs' memories)
 * was a millisecond frame once a second. A step of a second or more does a whole look at once,
 * as before. Frame thread.
 */
final class Gossiping {
    /** Game seconds between looks for NPCs who meet. */
    static final double LOOK_EVERY_SECONDS = 1;
    /**
     * Most meetings one look handles: a crowd that gathers at once (twenty NPCs at one place is
     * 190 pairs) has its talks spread over the next looks, so no second does them all.
     */
    static final int MEETINGS_PER_LOOK = 8;

    private Random random;
    /** When each pair last met, game seconds, by their places in the world's NPC list (a * n + b, a &lt; b). */
    private final Map<Long, Double> lastMet = new HashMap<>();

    private double lastLook = Double.NEGATIVE_INFINITY;
    private long looks;
    /** The look under way, or null between looks. */
    private Look look;

    /** @param seed decides which meetings become talks (a world's run is reproducible by it) */
    Gossiping(long seed) {
        seed(seed);
    }

    /**
     * Starts a look once a second of game time, and goes on with the one under way.
     *
     * @param now game seconds
     * @param step game seconds since the last frame (this frame's share of a look)
     * @return what was told this frame, to be remembered and announced by the caller
     */
    List<Gossip.Telling> update(
            double now, double step, World world, Map<String, Vec3> positions, NpcMemories memories, People people) {
        if (now < lastLook) { // the clock went back (a save loaded): who met whom starts over
            reset();
        }
        if (look != null && look.world != world) { // a reload the caller did not announce
            look = null;
        }
        if (look == null && now - lastLook >= LOOK_EVERY_SECONDS) {
            lastLook = now;
            look = new Look(world, positions, memories, looks++);
        }
        if (look == null) {
            return List.of();
        }
        List<Gossip.Telling> told = new ArrayList<>();
        if (look.go(step / LOOK_EVERY_SECONDS, now, people, told)) {
            look = null;
        }
        return told;
    }

    /** One look: who stood where when it started, and how far through them it has gone. */
    private final class Look {
        final World world;
        final List<NpcDefinition> npcs;
        final int[] present;
        final double[] xs;
        final double[] zs;
        final int count;
        /** Who is looked at first turns with each look, so a crowd's later pairs get their turn. */
        final int offset;

        int step;
        int q;
        int meetings;

        Look(World world, Map<String, Vec3> positions, NpcMemories memories, long number) {
            this.world = world;
            npcs = world.npcs();
            int n = npcs.size();
            present = new int[n];
            xs = new double[n];
            zs = new double[n];
            int c = 0;
            for (int k = 0; k < n; k++) {
                NpcDefinition npc = npcs.get(k);
                Vec3 at = positions.get(npc.id());
                if (at != null && npc.social().sociability() > 0 && memories.of(npc.id()) != null) {
                    present[c] = k;
                    xs[c] = at.x();
                    zs[c] = at.z();
                    c++;
                }
            }
            count = c;
            offset = count == 0 ? 0 : (int) (number % count);
        }

        /**
         * Goes through this frame's share of the NPCs and meetings.
         *
         * @param share the frame's share of a look (its step over a look's seconds)
         * @return whether the look is over
         */
        boolean go(double share, double now, People people, List<Gossip.Telling> told) {
            int n = npcs.size();
            int lastRow = (int) Math.min(count, step + Math.ceil(count * share));
            int meetingsNow = (int) Math.min(MEETINGS_PER_LOOK, Math.ceil(MEETINGS_PER_LOOK * share));
            double meet2 = Gossip.MEET_METRES * Gossip.MEET_METRES;
            double day = world.dayLengthSeconds();
            for (; step < lastRow; step++, q = 0) {
                int p = (step + offset) % count;
                for (; q < count; q++) {
                    if (meetings >= MEETINGS_PER_LOOK) {
                        return true;
                    }
                    if (meetingsNow == 0) {
                        return false; // this frame's meetings are done: the next frame goes on from here
                    }
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
                    meetingsNow--;
                    told.addAll(Gossip.meet(
                            people.person(npcs.get(present[p]), now),
                            people.person(npcs.get(present[q]), now),
                            now,
                            day,
                            random));
                }
            }
            return step >= count;
        }
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
        look = null;
    }

    /** How gossip sees an NPC at a meeting. */
    interface People {
        Gossip.Person person(NpcDefinition npc, double now);
    }
}
