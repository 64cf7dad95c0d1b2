package dev.animus.demo.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.animus.model.prompt.FirstPerson;
import dev.animus.model.prompt.PromptFormat;
import dev.animus.model.prompt.ReplyPlan;
import dev.animus.model.training.Names;
import dev.animus.model.training.WorldGenerator.Kind;
import dev.animus.model.training.WorldGenerator.Sample;
import dev.animus.world.Vocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Dialogue samples for a general decoder that states the fact which answers a question, or says
 * it does not know: built from the answer judge's hand-written worlds
 * ({@code models/training/judge/worlds.json}, exported from {@code worlds.py}), each a list of
 * facts and the questions players ask about them, with the fact that answers each or none. The
 * worlds have no NPCs, so each sample makes one up: a fresh name, a persona put together from
 * open parts, a few of the core actions and emotions. Questions are the hand-written ones, the
 * ones {@link FactQuestions} builds from a fact's words (some put in WordNet's other words), and
 * other worlds' questions, which nothing in the prompt answers. Unlike {@link WorldCorpus} (one
 * world, its own NPCs), this teaches the skill over many worlds, so it can be checked on worlds
 * it never saw.
 */
final class GroundedCorpus {
    /** One hand-written world: its facts and its questions (the answering fact's index, or -1). */
    record JudgeWorld(String name, List<String> facts, List<String> questions, List<Integer> answers) {}

    // spotless:off
    private static final List<String> TRAITS = List.of(
            "Dry, exact and unimpressed.", "Cheerful and chatty, fond of gossip.", "Quiet, careful and a little shy.",
            "Gruff and curt, proud of the work.", "Warm and motherly, calls everyone dear.",
            "Nervous, talks fast and apologises a lot.", "Stern and formal, distrustful of strangers.",
            "Lazy, sarcastic and secretly kind.", "Old, slow and fond of the old days.",
            "Young, eager and easily excited.", "Blunt, loud and honest to a fault.",
            "Patient and gentle, explains everything twice.", "Always in a hurry, never finishes a sentence.",
            "Suspicious of everyone who asks too many questions.", "Polite, precise and very tidy.",
            "Bored with the job and counting the hours.", "Superstitious and full of old sayings.",
            "Proud, vain and quick to take offence.", "Dreamy and distracted, thinks of faraway places.",
            "Tough as old boots, laughs at danger.");
    private static final List<String> ROLES = List.of(
            "Works at the %s.", "Runs the %s.", "Has looked after the %s for %d years.",
            "Keeps the %s going.", "Is the oldest hand at the %s.", "Started at the %s %d years ago.",
            "Helps out at the %s.", "Knows the %s better than anyone.");
    // spotless:on

    /** The share of samples that ask the hand-written questions a fact answers. */
    static final double WRITTEN_ANSWERABLE = 0.35;
    /** The share that ask questions built from a fact's words ({@link FactQuestions}). */
    static final double BUILT_ANSWERABLE = 0.2;
    /** The share that ask the hand-written near misses nothing answers. */
    static final double WRITTEN_UNANSWERABLE = 0.25;
    // The rest ask another world's question, which nothing in the prompt answers.

    private final List<JudgeWorld> worlds;
    private final Rewording rewording;

    GroundedCorpus(List<JudgeWorld> worlds, Function<String, List<String>> otherWords) {
        if (worlds.size() < 2) {
            throw new IllegalArgumentException("the grounded corpus needs at least two worlds");
        }
        this.worlds = List.copyOf(worlds);
        this.rewording = new Rewording(otherWords);
    }

    /**
     * Reads the judge's worlds.
     *
     * @param heldOut true for the worlds its {@code dev} list holds out, false for the others
     */
    static List<JudgeWorld> read(Path file, boolean heldOut) throws IOException {
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(
                    file + " is not the judge's worlds.json (export_json.py writes it): " + e.getMessage());
        }
        Set<String> dev = new HashSet<>();
        root.getAsJsonArray("dev").forEach(e -> dev.add(e.getAsString()));
        List<JudgeWorld> out = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject("worlds").entrySet()) {
            if (dev.contains(e.getKey()) != heldOut) {
                continue;
            }
            JsonObject w = e.getValue().getAsJsonObject();
            List<String> facts = new ArrayList<>();
            w.getAsJsonArray("facts").forEach(f -> facts.add(f.getAsString()));
            List<String> questions = new ArrayList<>();
            List<Integer> answers = new ArrayList<>();
            for (JsonElement q : w.getAsJsonArray("questions")) {
                JsonArray pair = q.getAsJsonArray();
                questions.add(pair.get(0).getAsString());
                answers.add(pair.get(1).isJsonNull() ? -1 : pair.get(1).getAsInt());
            }
            out.add(new JudgeWorld(e.getKey(), facts, questions, answers));
        }
        return out;
    }

    /**
     * @param heldOutNames true to draw the NPCs' names from the names training never uses
     * @return {@code count} samples, seeded
     */
    List<Sample> samples(int count, long seed, boolean heldOutNames) {
        Random random = new Random(seed);
        Names names = new Names(new SplittableRandom(seed), heldOutNames);
        List<Sample> out = new ArrayList<>(count);
        while (out.size() < count) {
            JudgeWorld world = pick(worlds, random);
            String name = names.name();
            double r = random.nextDouble();
            Sample s;
            if (r < WRITTEN_ANSWERABLE) {
                s = writtenAnswerable(world, name, random);
            } else if (r < WRITTEN_ANSWERABLE + BUILT_ANSWERABLE) {
                int fact = random.nextInt(world.facts().size());
                String q = pickOrNull(
                        FactQuestions.questions(world.facts().get(fact), name, FactQuestions.Phrasing.TRAIN, true),
                        random);
                s = q == null
                        ? null
                        : stated(world, fact, name, WorldCorpus.noisy(rewording.now(q, random), random), random);
            } else if (r < WRITTEN_ANSWERABLE + BUILT_ANSWERABLE + WRITTEN_UNANSWERABLE) {
                s = writtenUnanswerable(world, name, random);
            } else {
                JudgeWorld other = pick(worlds, random);
                s = other == world ? null : elsewhere(world, other, name, random);
            }
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private Sample writtenAnswerable(JudgeWorld world, String name, Random random) {
        List<Integer> answerable = new ArrayList<>();
        for (int i = 0; i < world.questions().size(); i++) {
            if (world.answers().get(i) >= 0) {
                answerable.add(i);
            }
        }
        if (answerable.isEmpty()) {
            return null;
        }
        int q = pick(answerable, random);
        return stated(world, world.answers().get(q), name, world.questions().get(q), random);
    }

    private Sample writtenUnanswerable(JudgeWorld world, String name, Random random) {
        List<String> unanswerable = new ArrayList<>();
        for (int i = 0; i < world.questions().size(); i++) {
            if (world.answers().get(i) < 0) {
                unanswerable.add(world.questions().get(i));
            }
        }
        if (unanswerable.isEmpty()) {
            return null;
        }
        // A near miss finds facts on its subject: retrieval hands one to three of them over.
        return declined(world, name, pick(unanswerable, random), 1 + random.nextInt(3), random);
    }

    /** A question of another world, which no fact of this one answers. */
    private Sample elsewhere(JudgeWorld world, JudgeWorld other, String name, Random random) {
        int q = random.nextInt(other.questions().size());
        if (other.answers().get(q) < 0 && random.nextBoolean()) {
            return null; // mostly questions that have an answer, somewhere
        }
        return declined(world, name, other.questions().get(q), random.nextInt(4), random);
    }

    private Sample stated(JudgeWorld world, int fact, String name, String question, Random random) {
        List<String> others = new ArrayList<>(world.facts());
        String answer = others.remove(fact);
        Collections.shuffle(others, random);
        List<String> facts = new ArrayList<>(others.subList(0, Math.min(random.nextInt(3), others.size())));
        // Retrieval puts the answer first most of the time, not always.
        facts.add(random.nextDouble() < 0.7 ? 0 : random.nextInt(facts.size() + 1), answer);
        String reply = pick(ReplyPlan.OPENERS, random) + " " + FirstPerson.say(answer, name);
        return sample(world, name, facts, question, reply, Kind.FACT, random);
    }

    private Sample declined(JudgeWorld world, String name, String question, int factCount, Random random) {
        List<String> facts = new ArrayList<>(world.facts());
        Collections.shuffle(facts, random);
        facts = facts.subList(0, Math.min(factCount, facts.size()));
        return sample(world, name, facts, question, pick(ReplyPlan.DONT_KNOW, random), Kind.UNKNOWN, random);
    }

    private static Sample sample(
            JudgeWorld world,
            String name,
            List<String> facts,
            String question,
            String reply,
            Kind kind,
            Random random) {
        List<String> actions = subset(Vocabulary.CORE_ACTIONS, "talk", random);
        List<String> emotions = subset(Vocabulary.CORE_EMOTIONS, "neutral", random);
        List<String> percepts =
                random.nextBoolean() ? List.of() : List.of("The stranger is " + (1 + random.nextInt(5)) + " m away.");
        String prompt = new PromptFormat.Dialogue(
                        name, persona(world, random), facts, percepts, actions, emotions, question)
                .render();
        String target = new PromptFormat.Reply("talk", "neutral", reply).render();
        return new Sample(prompt, target, kind, null, name);
    }

    /** A persona put together from a role at the world's place and a trait, in either order. */
    static String persona(JudgeWorld world, Random random) {
        String place = world.name().replace('_', ' ');
        String role = String.format(Locale.ROOT, pick(ROLES, random), place, 2 + random.nextInt(30));
        String trait = pick(TRAITS, random);
        return random.nextBoolean() ? role + " " + trait : trait + " " + role;
    }

    /** Some of a vocabulary, always with the one the reply uses. */
    private static List<String> subset(List<String> all, String kept, Random random) {
        List<String> out = new ArrayList<>();
        for (String s : all) {
            if (s.equals(kept) || random.nextDouble() < 0.5) {
                out.add(s);
            }
        }
        return out;
    }

    private static <T> T pickOrNull(List<T> list, Random random) {
        return list.isEmpty() ? null : pick(list, random);
    }

    private static <T> T pick(List<T> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }
}
