package dev.animus.model.training;

import dev.animus.model.prompt.PromptFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Generates random worlds and renders them into dialogue samples in the prompt format.
 * Deterministic for a seed. The {@link Split#EVAL} split draws names from syllables that the
 * {@link Split#TRAIN} split never uses, so evaluation asks about people and places the model
 * has never seen.
 */
public final class WorldGenerator {

    /** Which part of the name space to draw from (see {@link Names}). */
    public enum Split {
        TRAIN,
        EVAL
    }

    /** The kind of exchange a sample practises. */
    public enum Kind {
        FACT,
        UNKNOWN,
        GREETING,
        THREAT,
        SMALL_TALK,
        SCENE,
        MEMORY
    }

    /**
     * One training or evaluation sample.
     *
     * @param prompt the rendered prompt (ends where the model writes)
     * @param target what the model should write (action, emotion, reply, end marker)
     * @param kind what it practises
     * @param key the value a right answer contains (FACT), or null
     * @param npcName the NPC (the place, for a scene)
     */
    public record Sample(String prompt, String target, Kind kind, String key, String npcName) {}

    private record Trade(String name, String shop, List<String> goods, String fixes) {}

    // spotless:off
    private static final List<Trade> TRADES = List.of(
            new Trade("blacksmith", "forge", List.of("sword", "axe", "horseshoe", "helmet", "dagger"), "armour"),
            new Trade("baker", "bakery", List.of("loaf of bread", "honey cake", "meat pie", "sweet roll"), "ovens"),
            new Trade("innkeeper", "inn", List.of("room for the night", "bowl of stew", "mug of ale", "hot bath"), "chairs"),
            new Trade("healer", "infirmary", List.of("healing potion", "bandage", "sleeping draught", "salve"), "bones"),
            new Trade("fisher", "boat shed", List.of("trout", "basket of eels", "fishing net", "smoked herring"), "nets"),
            new Trade("tailor", "shop", List.of("wool cloak", "pair of boots", "linen shirt", "leather belt"), "coats"),
            new Trade("carpenter", "workshop", List.of("chair", "barrel", "cart wheel", "oak table"), "carts"),
            new Trade("guard", "watchhouse", List.of("travel pass", "night escort", "town map"), "gates"));
    private static final List<String> ALL_ACTIONS = List.of("idle", "walk", "talk", "wave", "nod", "alert", "point",
            "sit", "work", "sleep");
    private static final List<String> ALL_EMOTIONS = List.of("neutral", "happy", "sad", "angry", "afraid",
            "surprised", "proud", "calm", "tired", "curious", "suspicious");
    private static final List<String> GREETINGS = List.of("Hello!", "Good day.", "Hi there.", "Good morning!",
            "Greetings.", "Hey.", "Well met.");
    private static final List<String> THREATS = List.of("Give me your money or else!", "I will hurt you.",
            "Hand it over, now!", "One more word and you're dead.", "I'll burn this place down.");
    private static final List<String> SMALL_TALK = List.of("Nice weather today.", "It's a cold day.",
            "Busy day?", "How are you?", "Lovely village.");
    private static final List<String> SMALL_TALK_REPLIES = List.of("It is.", "Aye, it is.", "Well enough.",
            "Busy as ever.", "Can't complain.");
    // spotless:on

    private final SplittableRandom random;
    private final Names names;
    private final FactBank bank;
    private final SceneGenerator scenes;
    private final MemoryBank memories;

    /**
     * @param seed the seed (the same seed gives the same worlds and samples)
     * @param split which name space to use
     */
    public WorldGenerator(long seed, Split split) {
        this.random = new SplittableRandom(seed);
        this.names = new Names(random, split == Split.EVAL);
        this.bank = new FactBank(random, names);
        this.scenes = new SceneGenerator(random, names);
        this.memories = new MemoryBank(random, names);
    }

    /** @return {@code count} samples from freshly generated NPCs (about 12 samples per NPC) */
    public List<Sample> samples(int count) {
        List<Sample> out = new ArrayList<>(count);
        while (out.size() < count) {
            SynthNpc npc = npc();
            for (int i = 0; i < 12 && out.size() < count; i++) {
                out.add(random.nextDouble() < 0.12 ? scenes.sample() : sample(npc));
            }
        }
        return out;
    }

    /** A display name as world files write them: "Orla the baker", "Old Tam", "Captain Vey of the watch". */
    private String displayName(Trade trade) {
        String name = names.name();
        return switch (random.nextInt(6)) {
            case 0 -> "Old " + name + " the " + trade.name();
            case 1 -> name;
            case 2 -> trade.name().equals("guard") ? "Captain " + name + " of the watch" : name + " " + names.name();
            default -> name + " the " + trade.name();
        };
    }

    SynthNpc npc() {
        Trade trade = pick(TRADES);
        Voice voice = pick(List.of(Voice.values()));
        boolean female = random.nextBoolean();
        String name = displayName(trade);
        List<Fact> facts = new ArrayList<>();
        List<String> goods = new ArrayList<>(trade.goods());
        Collections.shuffle(goods, new Random(random.nextLong()));
        for (int i = 0; i < 1 + random.nextInt(2); i++) {
            String item = goods.get(i);
            facts.add(bank.price(FactBank.a(item) + " " + item, item, pick(voice.openers) + " "));
        }
        // The other facts take distinct shapes, so a question has one right answer.
        List<Integer> shapes = FactBank.shuffledShapes(random);
        for (int i = 0; i < 3 + random.nextInt(3); i++) {
            facts.add(bank.fact(shapes.get(i), voice, female));
        }
        List<String> actions = new ArrayList<>(List.of("idle", "talk"));
        for (String a : ALL_ACTIONS) {
            if (!actions.contains(a) && random.nextDouble() < 0.5) {
                actions.add(a);
            }
        }
        List<String> emotions = new ArrayList<>(List.of("neutral"));
        for (String e : List.of(voice.greetingEmotion, voice.threatEmotion)) {
            if (!emotions.contains(e)) {
                emotions.add(e);
            }
        }
        for (String e : ALL_EMOTIONS) {
            if (!emotions.contains(e) && random.nextDouble() < 0.25) {
                emotions.add(e);
            }
        }
        return new SynthNpc(name, voice, facts, actions, emotions, female, shapes.subList(6, FactBank.SHAPES));
    }

    private Sample sample(SynthNpc npc) {
        double r = random.nextDouble();
        Kind kind = r < 0.50
                ? Kind.FACT
                : r < 0.63
                        ? Kind.UNKNOWN
                        : r < 0.72 ? Kind.GREETING : r < 0.80 ? Kind.THREAT : r < 0.87 ? Kind.SMALL_TALK : Kind.MEMORY;
        List<Fact> shown = new ArrayList<>(npc.facts());
        Collections.shuffle(shown, new Random(random.nextLong()));
        String utterance;
        String reply;
        String action = "talk";
        String emotion = "neutral";
        String key = null;
        List<String> facts;
        List<String> percepts = new ArrayList<>(List.of("The stranger is " + (1 + random.nextInt(5)) + " m away."));
        switch (kind) {
            case FACT -> {
                Fact f = pick(npc.facts());
                utterance = pick(f.questions());
                if (random.nextDouble() < 0.2) {
                    utterance = unfamiliar(utterance, f.text());
                }
                reply = pick(f.answers());
                key = f.key();
                facts = memories.mixedIn(retrieved(f, shown));
            }
            case UNKNOWN -> {
                // A question about something the NPC was never told: retrieval found nothing
                // relevant (no facts) or only facts about other things.
                Fact absent = bank.fact(pick(npc.absentShapes()), npc.voice(), npc.female());
                utterance = pick(absent.questions());
                reply = pick(npc.voice().unknowns);
                facts = random.nextDouble() < 0.4
                        ? List.of()
                        : shown.subList(0, Math.min(1 + random.nextInt(3), shown.size())).stream()
                                .map(Fact::text)
                                .toList();
            }
            case GREETING -> {
                utterance = pick(GREETINGS);
                reply = pick(npc.voice().greetings);
                action = npc.actions().contains("wave") ? "wave" : npc.actions().contains("nod") ? "nod" : "talk";
                emotion = npc.voice().greetingEmotion;
                facts = shown.subList(0, Math.min(2, shown.size())).stream()
                        .map(Fact::text)
                        .toList();
            }
            case THREAT -> {
                utterance = pick(THREATS);
                reply = pick(npc.voice().threatened);
                action = npc.actions().contains("alert") ? "alert" : "talk";
                emotion = npc.voice().threatEmotion;
                percepts.add("The stranger draws a knife.");
                facts = shown.subList(0, Math.min(2, shown.size())).stream()
                        .map(Fact::text)
                        .toList();
            }
            case MEMORY -> {
                MemoryBank.Recall recall = memories.recall(npc, shown);
                utterance = recall.question();
                reply = recall.reply();
                action = recall.action();
                emotion = recall.emotion();
                key = recall.key();
                facts = recall.lines();
            }
            default -> {
                utterance = pick(SMALL_TALK);
                reply = pick(npc.voice().openers) + " " + pick(SMALL_TALK_REPLIES);
                facts = shown.subList(0, Math.min(2, shown.size())).stream()
                        .map(Fact::text)
                        .toList();
            }
        }
        String prompt = new PromptFormat.Dialogue(
                        npc.name(), npc.voice().persona, facts, percepts, npc.actions(), npc.emotions(), utterance)
                .render();
        String target = new PromptFormat.Reply(action, emotion, reply).render();
        return new Sample(prompt, target, kind, key, npc.name());
    }

    /** The right fact among up to two others: what retrieval would hand the prompt. */
    private List<String> retrieved(Fact right, List<Fact> shuffled) {
        List<String> facts = new ArrayList<>();
        int shown = 1 + random.nextInt(3);
        for (Fact f : shuffled) {
            if (facts.size() < shown - 1 && f != right) {
                facts.add(f.text());
            }
        }
        // Retrieval ranks the most relevant fact first, usually the right one.
        facts.add(random.nextDouble() < 0.7 ? 0 : random.nextInt(facts.size() + 1), right.text());
        return facts;
    }

    /**
     * The question with its main word swapped for one the model has never seen, as when a
     * player says "hatchet" and retrieval still found the fact about the axe.
     */
    private String unfamiliar(String question, String fact) {
        String best = null;
        for (String word : question.split("[^A-Za-z]+")) {
            if (word.length() >= 4
                    && fact.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT))
                    && (best == null || word.length() > best.length())) {
                best = word;
            }
        }
        return best == null ? question : question.replace(best, names.word());
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
