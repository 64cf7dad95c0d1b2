package dev.animus.gossip;

import dev.animus.memory.Hearsay;
import dev.animus.memory.Memory;
import dev.animus.world.Social;
import dev.animus.world.Tie;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * The rules of NPCs' talk among themselves, in the spirit of Generative Agents (Park et al.,
 * 2023), where news spreads as agents who meet talk: which pairs who meet stop for a word, what
 * each tells the other, and how a memory heard differs from one witnessed. Pure; any thread.
 *
 * <ul>
 * <li><b>Who talks.</b> Two NPCs who meet stop for a word with a chance of the geometric mean of
 * their sociabilities; friends half as likely again (at most certainly), rivals half as likely.
 * <li><b>What is told.</b> A memory is worth telling while its importance times its recency
 * (halving every day) is at least {@link #WORTH_TELLING}; secret ones never are, and an NPC
 * that names what it tells about ({@link Interests}) tells only what is about that, its facts
 * on it among them (a fact is always recent, of {@link #FACT_IMPORTANCE}). Each tells the
 * other its most worth telling that the other does not know yet, up to {@link #TOLD_PER_TALK}
 * (one more to a friend; to a rival, only what is worth at least {@link #RIVALS_TELL}).
 * <li><b>How it fades.</b> A memory told matters {@link #FADE} as much as the teller's, and half
 * that again to a listener who distrusts the teller: a rumour falls below what is worth telling
 * after a few tellings, so it spreads near its witness and fades with distance.
 * <li><b>Never invented.</b> What passes on is the witness's memory in the third person
 * ({@link Retelling}), made once and passed on unchanged, with who told it.
 * </ul>
 */
public final class Gossip {
    /** How near two NPCs must stand to meet, in metres. */
    public static final double MEET_METRES = 4;
    /** A memory is worth telling while importance times recency is at least this. */
    public static final float WORTH_TELLING = 0.45f;
    /** A rival is told only what is worth this much. */
    public static final float RIVALS_TELL = 0.75f;
    /** How much a memory heard matters, against the teller's. */
    public static final float FADE = 0.8f;
    /** How much a fact an NPC passes on matters, as a memory would. */
    public static final float FACT_IMPORTANCE = 0.7f;
    /** Memories each tells the other in one talk (a friend one more, a rival one). */
    public static final int TOLD_PER_TALK = 2;

    private Gossip() {}

    /**
     * An NPC as gossip sees it.
     *
     * @param id its id
     * @param name its name, as others say it
     * @param social its sociability and ties
     * @param memories what it remembers, oldest first, and the facts it may pass on
     * @param interests what it cares to tell
     */
    public record Person(String id, String name, Social social, List<Memory> memories, Interests interests) {
        public Person {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(social, "social");
            Objects.requireNonNull(interests, "interests");
            memories = List.copyOf(memories);
        }

        /** One who tells whatever is worth telling. */
        public Person(String id, String name, Social social, List<Memory> memories) {
            this(id, name, social, memories, Interests.ANY);
        }

        Tie towards(Person other) {
            return social.towards(other.id);
        }
    }

    /**
     * One memory passed on.
     *
     * @param from who told it
     * @param to who heard it
     * @param told the teller's memory, as the teller has it
     * @param heard the memory as the listener now has it (with its {@link Hearsay})
     */
    public record Telling(String from, String to, Memory told, Memory heard) {}

    /** @return the chance that these two, meeting, stop for a word */
    public static double chanceToTalk(Person a, Person b) {
        double chance = Math.sqrt(a.social().sociability() * b.social().sociability());
        return Math.min(1, chance * tieFactor(a.towards(b)) * tieFactor(b.towards(a)));
    }

    private static double tieFactor(Tie tie) {
        return tie == Tie.FRIEND ? 1.5 : tie == Tie.RIVAL ? 0.5 : 1;
    }

    /**
     * Two NPCs meet: maybe they talk, and what each tells the other.
     *
     * @param a one
     * @param b the other
     * @param now game seconds
     * @param dayLength game seconds per day (memories' recency halves every day)
     * @param random decides whether they stop for a word
     * @return what passed between them, a's tellings first; empty if they did not talk
     */
    public static List<Telling> meet(Person a, Person b, double now, double dayLength, Random random) {
        if (random.nextDouble() >= chanceToTalk(a, b)) {
            return List.of();
        }
        List<Telling> told = new ArrayList<>();
        for (Memory m : worthTelling(a, b, now, dayLength)) {
            told.add(new Telling(a.id(), b.id(), m, heard(m, a, b, now)));
        }
        for (Memory m : worthTelling(b, a, now, dayLength)) {
            told.add(new Telling(b.id(), a.id(), m, heard(m, b, a, now)));
        }
        return told;
    }

    /** What the teller would tell the listener now, most worth telling first. */
    public static List<Memory> worthTelling(Person teller, Person listener, double now, double dayLength) {
        Tie tie = teller.towards(listener);
        float floor = tie == Tie.RIVAL ? RIVALS_TELL : WORTH_TELLING;
        int most = tie == Tie.FRIEND ? TOLD_PER_TALK + 1 : tie == Tie.RIVAL ? 1 : TOLD_PER_TALK;
        Set<String> known = new HashSet<>();
        for (Memory m : listener.memories()) {
            known.add(content(m, listener.name()));
        }
        return teller.memories().stream()
                .filter(m -> !m.secret() && worth(m, now, dayLength) >= floor)
                .filter(teller.interests()::covers)
                .filter(m -> m.hearsay() == null
                        || !m.hearsay().fromId().equals(listener.id())
                                && !m.hearsay().witnessId().equals(listener.id()))
                .filter(m -> !known.contains(content(m, teller.name())))
                .sorted(Comparator.comparingDouble((Memory m) -> worth(m, now, dayLength))
                        .reversed())
                .limit(most)
                .toList();
    }

    /** @return importance times recency, recency halving every day */
    public static double worth(Memory m, double now, double dayLength) {
        return m.importance() * Math.pow(0.5, Math.max(0, now - m.time()) / dayLength);
    }

    /** @return what a memory says happened, in the third person: a rumour's content, or the holder's memory retold */
    public static String content(Memory m, String holder) {
        return m.hearsay() != null
                ? m.hearsay().content()
                : Retelling.thirdPerson(m.text(), Retelling.shortName(holder));
    }

    /** The teller's memory as the listener remembers it, told now. */
    static Memory heard(Memory told, Person teller, Person listener, double now) {
        Hearsay source = told.hearsay();
        Hearsay hearsay = new Hearsay(
                teller.id(),
                Retelling.shortName(teller.name()),
                source == null ? teller.id() : source.witnessId(),
                source == null ? Retelling.shortName(teller.name()) : source.witnessName(),
                content(told, teller.name()),
                source == null ? 1 : source.hops() + 1);
        float importance = told.importance() * FADE * (listener.towards(teller) == Tie.DISTRUSTS ? 0.5f : 1f);
        // The memory's words embed near the witness's: its embedding stands for both.
        return new Memory(hearsay.memoryText(), now, importance, told.embedding(), hearsay, false);
    }
}
