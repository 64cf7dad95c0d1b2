package dev.animus.demo.train;

import dev.animus.model.prompt.FirstPerson;
import dev.animus.model.prompt.PromptFormat;
import dev.animus.model.prompt.ReplyPlan;
import dev.animus.model.training.WorldGenerator;
import dev.animus.model.training.WorldGenerator.Kind;
import dev.animus.model.training.WorldGenerator.Sample;
import dev.animus.world.Lines;
import dev.animus.world.NpcDefinition;
import dev.animus.world.World;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * Dialogue samples about one world file, in the prompt format the game renders: each NPC asked
 * about its own facts ({@link FactQuestions}), the reply its opener and the fact in its own
 * words, and asked about other NPCs' facts, the reply one of its "I don't know"s. Training
 * mixes in the general corpus ({@link WorldGenerator}) so the model keeps greetings, threats,
 * memories and scenes. Seeded: the same world and seed give the same samples.
 */
final class WorldCorpus {
    /** The share of training samples drawn from the general corpus. */
    static final double GENERAL_SHARE = 0.3;
    /** The share of this world's samples that ask what the NPC does not know. */
    static final double UNKNOWN_SHARE = 0.25;

    private final World world;
    private final long seed;
    private final List<NpcDefinition> knowing;
    private final Rewording rewording;

    /**
     * @param otherWords other words for a noun ({@link Synonyms#of}), for training questions that
     *     do not use the fact's own words
     * @throws IllegalArgumentException when no NPC of the world has a fact to ask about
     */
    WorldCorpus(World world, long seed, Function<String, List<String>> otherWords) {
        this.world = world;
        this.seed = seed;
        this.rewording = new Rewording(otherWords);
        this.knowing = world.npcs().stream().filter(n -> !n.facts().isEmpty()).toList();
        if (knowing.isEmpty()) {
            throw new IllegalArgumentException(world.source() + ": no NPC has facts, so there is nothing to train on;"
                    + " give NPCs facts: lists first");
        }
    }

    /** @return how many facts the world's NPCs hold */
    int factCount() {
        return knowing.stream().mapToInt(n -> n.facts().size()).sum();
    }

    /** @return training samples, asked in the training phrasings, mixed with the general corpus */
    List<Sample> training(int count) {
        Random random = new Random(seed);
        int general = (int) Math.round(count * GENERAL_SHARE);
        List<Sample> out = new ArrayList<>(new WorldGenerator(seed, WorldGenerator.Split.TRAIN).samples(general));
        while (out.size() < count) {
            NpcDefinition npc = knowing.get(random.nextInt(knowing.size()));
            Sample s = random.nextDouble() < UNKNOWN_SHARE
                    ? unknown(npc, FactQuestions.Phrasing.TRAIN, random)
                    : answer(
                            npc,
                            npc.facts().get(random.nextInt(npc.facts().size())),
                            FactQuestions.Phrasing.TRAIN,
                            random);
            if (s != null) {
                out.add(s);
            }
        }
        Collections.shuffle(out, random);
        return out;
    }

    /**
     * @param perFact questions per fact
     * @return samples asked in the held-out phrasings: each fact {@code perFact} times, and half
     *     as many questions (at least 8) that no fact of the asked NPC answers
     */
    List<Sample> heldOut(int perFact) {
        Random random = new Random(seed + 1);
        List<Sample> out = new ArrayList<>();
        for (NpcDefinition npc : knowing) {
            for (String fact : npc.facts()) {
                for (int i = 0; i < perFact; i++) {
                    Sample s = answer(npc, fact, FactQuestions.Phrasing.HELD_OUT, random);
                    if (s != null) {
                        out.add(s);
                    }
                }
            }
        }
        int unknowns = Math.max(8, out.size() / 2);
        List<Sample> declined = new ArrayList<>();
        for (int i = 0; i < unknowns * 4 && declined.size() < unknowns; i++) {
            Sample s = unknown(knowing.get(i % knowing.size()), FactQuestions.Phrasing.HELD_OUT, random);
            if (s != null) {
                declined.add(s);
            }
        }
        out.addAll(declined);
        return out;
    }

    /** The NPC asked about one of its facts, which retrieval handed the prompt with up to two others. */
    private Sample answer(NpcDefinition npc, String fact, FactQuestions.Phrasing phrasing, Random random) {
        String question = question(FactQuestions.questions(fact, npc.name(), phrasing, true), phrasing, random);
        if (question == null) {
            return null;
        }
        List<String> others = new ArrayList<>(npc.facts());
        others.remove(fact);
        Collections.shuffle(others, random);
        List<String> facts = new ArrayList<>(others.subList(0, Math.min(random.nextInt(3), others.size())));
        // Retrieval puts the answer first most of the time, not always.
        facts.add(random.nextDouble() < 0.7 ? 0 : random.nextInt(facts.size() + 1), fact);
        String reply = pick(Lines.or(npc.lines().openers(), ReplyPlan.OPENERS), random) + " "
                + FirstPerson.say(fact, npc.name());
        return sample(npc, facts, question, reply, Kind.FACT, FactQuestions.key(fact, npc.name()), random);
    }

    /** The NPC asked about another NPC's fact, one it does not hold: it says it does not know. */
    private Sample unknown(NpcDefinition npc, FactQuestions.Phrasing phrasing, Random random) {
        List<NpcDefinition> others = knowing.stream().filter(n -> n != npc).toList();
        if (others.isEmpty()) {
            return null;
        }
        NpcDefinition owner = pick(others, random);
        String fact = pick(owner.facts(), random);
        String question = npc.facts().contains(fact)
                ? null
                : question(FactQuestions.questions(fact, owner.name(), phrasing, false), phrasing, random);
        if (question == null) {
            return null;
        }
        List<String> facts = new ArrayList<>(npc.facts());
        Collections.shuffle(facts, random);
        facts = random.nextDouble() < 0.3 ? List.of() : facts.subList(0, Math.min(1 + random.nextInt(3), facts.size()));
        String reply = pick(Lines.or(npc.lines().dontKnow(), ReplyPlan.DONT_KNOW), random);
        return sample(npc, facts, question, reply, Kind.UNKNOWN, null, random);
    }

    private static Sample sample(
            NpcDefinition npc,
            List<String> facts,
            String question,
            String reply,
            Kind kind,
            String key,
            Random random) {
        List<String> actions = List.copyOf(npc.actions());
        List<String> emotions = List.copyOf(npc.emotions());
        List<String> percepts =
                random.nextBoolean() ? List.of() : List.of("The stranger is " + (1 + random.nextInt(5)) + " m away.");
        String prompt = new PromptFormat.Dialogue(
                        npc.name(), npc.persona(), facts, percepts, actions, emotions, question)
                .render();
        String action = actions.contains("talk") ? "talk" : actions.get(0);
        String emotion = emotions.contains("neutral") ? "neutral" : emotions.get(0);
        String target = new PromptFormat.Reply(action, emotion, reply).render();
        return new Sample(prompt, target, kind, key, npc.name());
    }

    /** One of the questions as a player types it, or null when there are none. */
    private String question(List<String> questions, FactQuestions.Phrasing phrasing, Random random) {
        return questions.isEmpty() ? null : noisy(reworded(pick(questions, random), phrasing, random), random);
    }

    /** Training questions are now and then reworded; held-out questions stay as built. */
    private String reworded(String question, FactQuestions.Phrasing phrasing, Random random) {
        return phrasing == FactQuestions.Phrasing.TRAIN ? rewording.now(question, random) : question;
    }

    /** Players' typing: now and then a letter lost, or everything lower case without the question mark. */
    static String noisy(String question, Random random) {
        double r = random.nextDouble();
        if (r < 0.12) {
            String[] words = question.split(" ");
            for (int tries = 0; tries < 4; tries++) {
                int i = random.nextInt(words.length);
                if (words[i].length() >= 5) {
                    int at = 1 + random.nextInt(words[i].length() - 2);
                    words[i] = words[i].substring(0, at) + words[i].substring(at + 1);
                    return String.join(" ", words);
                }
            }
        } else if (r < 0.3) {
            return question.toLowerCase(Locale.ROOT).replaceAll("[?.]$", "");
        }
        return question;
    }

    private static <T> T pick(List<T> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }
}
