package dev.animus.model.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The shapes of facts a world writer states about an NPC ("He lost his boat, the Gull, in a
 * storm last spring."), each filled from large word lists and fresh names so that no sentence
 * repeats often enough to be memorised: the only way for the model to answer well is to copy
 * the retrieved fact. Each fact comes with questions worded several ways and first-person
 * answers that restate it, so the model also learns to turn "He repairs" into "I repair".
 */
final class FactBank {
    private static final List<String> COINS = List.of("silver", "copper", "gold", "crowns", "marks");
    // spotless:off
    private static final List<String> ADJECTIVES = List.of("iron", "steel", "wool", "leather", "oak", "copper", "fine",
            "small", "large", "old", "new", "silver", "linen", "bone", "clay", "pine", "brass", "heavy", "light", "red");
    private static final List<String> ITEMS = List.of("sword", "axe", "hammer", "knife", "shield", "helmet", "cloak",
            "boot", "belt", "lamp", "rope", "net", "bucket", "chair", "table", "barrel", "ring", "bowl", "pot", "saddle",
            "bow", "spear", "hat", "basket", "candle", "kettle", "pipe", "flute", "key", "lock", "chest", "mirror");
    private static final List<String> SERVICES = List.of("room", "bath", "meal", "bed", "boat ride", "haircut", "stall",
            "horse", "guide", "cart", "mule");
    // spotless:on
    private static final List<String> PER = List.of(" a night", " a day", " an hour", " each", " a week", "");
    // spotless:off
    private static final List<String> PLACES = List.of("forge", "bakery", "inn", "tavern", "chapel", "market", "mill",
            "harbour", "bridge", "well", "gate", "tower", "library", "stables", "bathhouse", "granary", "dock", "smithy",
            "shrine", "square", "orchard", "quarry", "lighthouse", "ferry", "school", "barracks", "bank", "garden");
    private static final List<String> SPOTS = List.of("the lake", "the old mill", "the north road", "the marsh",
            "the hills", "the harbour", "the river", "the forest", "the graveyard", "the cliffs", "the ruins",
            "the bell tower", "the east field", "the quarry", "the old bridge", "the chapel", "the crossroads",
            "the orchard", "the well", "the south gate", "the pine wood", "the beach", "the watchtower");
    // spotless:on
    private static final List<String> PREPOSITIONS = List.of("behind", "near", "under", "beside", "past", "beyond");
    // spotless:off
    private static final List<String> TIMES = List.of("dawn", "dusk", "noon", "midnight", "sundown", "sunrise",
            "first light", "nightfall", "midday", "the first bell", "the evening bell", "moonrise");
    private static final List<String> SIGHTS = List.of("green lights", "a black ship", "a white stag", "strange fires",
            "a hooded rider", "a falling star", "blue flames", "a giant eel", "a ghostly bell", "a red comet",
            "dancing shadows", "a silver wolf", "a burning tree", "a grey lady", "three ravens", "a sunken tower");
    private static final List<String> AGO = List.of("three nights ago", "two nights ago", "last week", "last night",
            "a month ago", "five nights ago", "yesterday", "last winter", "in the spring", "at harvest time");
    private static final List<String> RELATIVES = List.of("apprentice", "sister", "brother", "daughter", "son",
            "cousin", "husband", "wife", "uncle", "aunt", "friend", "partner");
    private static final List<String> DEPARTURES = List.of("ran off to the capital", "moved to the coast",
            "joined the army", "went to sea", "married a merchant", "left for the mountains", "opened a shop in the city",
            "sailed to the islands", "became a monk", "joined the king's guard");
    private static final List<String> WHEN = List.of("last winter", "last spring", "last summer", "last autumn",
            "two years ago", "a year ago", "at midsummer", "after the flood");
    private static final List<String> TOPICS = List.of("the mayor's new tax", "the new bridge", "the duke's law",
            "the harbour toll", "the curfew", "the new priest", "the market fee", "the king's war", "the town watch",
            "the road tax");
    private static final List<String> OPINIONS = List.of("robbery", "a disgrace", "a blessing", "long overdue",
            "a good idea", "madness", "a waste of money", "unfair", "a fine thing", "a joke");
    private static final List<String> MYSTERIES = List.of("the lake lights", "the old tower", "the marsh fires",
            "the singing stones", "the black ship", "the night bells", "the white stag", "the mist");
    private static final List<String> EXPLANATIONS = List.of("the spirits of the drowned", "a curse",
            "the work of smugglers", "a sign from the gods", "just marsh gas", "an omen of war", "fairy magic",
            "a trick of the light");
    private static final List<String> OWNED = List.of("boat", "horse", "dog", "cart", "ring", "cow", "goat", "ship",
            "mule", "lute", "sword", "falcon");
    private static final List<String> DISASTERS = List.of("a storm", "a fire", "a flood", "a card game", "a fight",
            "the war", "a bet", "the fog", "a rockslide");
    // spotless:on
    private static final List<String> SEASONS = List.of("spring", "summer", "autumn", "winter");
    // spotless:off
    private static final List<String> FORBIDDEN = List.of("Drawn weapons", "Dogs", "Open fires", "Horses", "Songs",
            "Fishing nets", "Torches", "Games of dice", "Loud voices", "Strangers");
    private static final List<String> ROLES = List.of("bandit leader", "smuggler", "thief", "pirate captain",
            "deserter", "poacher", "witch", "outlaw");
    private static final List<String> ACTIVITIES = List.of("fishing", "hunting", "bread", "ale", "view", "light",
            "market", "bargains", "swimming", "trading");
    private static final List<String> GROUPS = List.of("Bandits", "Wolves", "Smugglers", "Pirates", "Raiders",
            "Bears", "Thieves", "Goblins");
    // spotless:on
    private static final List<String> DANGERS = List.of("raid", "haunt", "watch", "roam", "prowl", "guard");
    // spotless:off
    private static final List<String> FEARS = List.of("the lake lights", "the dark", "deep water", "the old mill",
            "thunder", "dogs", "the guards", "ghosts", "spiders", "the forest", "horses", "the graveyard");
    private static final List<String> SECRETS = List.of("a secret path", "a hidden door", "a buried chest",
            "a smugglers' cave", "a secret tunnel", "a hidden spring", "a lost shrine", "a hidden cellar");
    private static final List<String> WANTS = List.of("a copper coin", "a silver coin", "a sweet roll", "a new knife",
            "a pair of boots", "a warm meal", "a drink", "a favour");
    private static final List<String> BEFORE = List.of("telling secrets", "helping strangers", "saying more",
            "showing the way", "opening the door", "talking");
    // spotless:on
    private static final List<String> MEALS = List.of("stew", "soup", "pie", "bread", "roast", "special");
    // spotless:off
    private static final List<String> DISHES = List.of("eel", "mutton", "barley", "onion", "rabbit", "pork", "pea",
            "mushroom", "fish", "chicken", "turnip", "beef");
    private static final List<String> NAMED = List.of("lake", "river", "tavern", "inn", "bell", "ship", "mountain",
            "forest", "village", "bridge", "tower", "valley", "island", "road");
    private static final List<String> HABITS = List.of("gathers herbs", "buys flour", "sells fish", "keeps goats",
            "hides money", "picks mushrooms", "cuts wood", "catches crabs", "trades furs", "grows roses",
            "digs clay", "finds amber", "sells eggs", "keeps bees");
    private static final List<String> HELPED = List.of("the poor", "children", "widows", "soldiers", "orphans",
            "travellers", "the sick", "old folk");
    // spotless:on
    private static final List<String> HELPS = List.of("treats", "feeds", "teaches", "shelters", "helps", "shaves");
    // spotless:off
    private static final List<String> MENDED = List.of("armour", "boots", "nets", "carts", "clocks", "saddles", "roofs",
            "cloaks", "chairs", "barrels");
    private static final List<String> NEVER = List.of("forge fire|gone out|go out", "old well|run dry|run dry",
            "chapel bell|missed a day|miss a day", "mill wheel|stopped|stop", "lighthouse lamp|gone dark|go dark",
            "town gate|been breached|get breached");
    // spotless:on

    private final SplittableRandom random;
    private final Names names;

    FactBank(SplittableRandom random, Names names) {
        this.random = random;
        this.names = names;
    }

    /** How many shapes {@link #fact(int, Voice, boolean)} knows. */
    static final int SHAPES = 20;

    /**
     * A fact of one shape about an NPC.
     *
     * @param shape which shape, 0 to {@link #SHAPES} − 1
     * @param voice how the answers open
     * @param female whether the world file calls the NPC "she"
     */
    Fact fact(int shape, Voice voice, boolean female) {
        String he = female ? "She" : "He";
        String his = female ? "her" : "his";
        String o = pick(voice.openers) + " ";
        switch (shape) {
            case 0 -> {
                // Now and then an item the model never heard of, so it learns to copy the noun.
                String item = random.nextInt(5) == 0 ? names.word() : pick(ADJECTIVES) + " " + pick(ITEMS);
                return price(a(item) + " " + item, item, o);
            }
            case 1 -> {
                String service = pick(SERVICES);
                String per = pick(PER);
                String key = number(2, 60) + " " + pick(COINS);
                String text = cap(a(service)) + " " + service + " costs " + key + per + ".";
                return new Fact(
                        text,
                        key,
                        List.of(
                                "How much for " + a(service) + " " + service + "?",
                                "What does " + a(service) + " " + service + " cost?",
                                "How much is " + a(service) + " " + service + " here?",
                                "What do you charge for " + a(service) + " " + service + "?"),
                        List.of(o + text, o + "It's " + key + per + ".", text));
            }
            case 2 -> {
                String thing = pick(NAMED);
                String name = names.name();
                String text = "The " + thing + " is called " + name + ".";
                return new Fact(
                        text,
                        name,
                        List.of(
                                "What's the " + thing + " called?",
                                "What is the name of the " + thing + "?",
                                "Does the " + thing + " have a name?",
                                "What do you call the " + thing + "?"),
                        List.of(o + text, o + "It's called " + name + ".", text));
            }
            case 3 -> {
                String place = pick(PLACES);
                boolean opens = random.nextBoolean();
                String time = random.nextBoolean() ? pick(TIMES) : number(5, 11) + " o'clock";
                String text = "The " + place + (opens ? " opens" : " closes") + " at " + time + ".";
                List<String> qs = opens
                        ? List.of(
                                "When does the " + place + " open?",
                                "What time does the " + place + " open?",
                                "How early can I get into the " + place + "?",
                                "When can I come to the " + place + "?")
                        : List.of(
                                "When does the " + place + " close?",
                                "When does the " + place + " shut?",
                                "How late is the " + place + " open?",
                                "What time does the " + place + " close?");
                return new Fact(text, time, qs, List.of(o + text, o + "At " + time + ".", text));
            }
            case 4 -> {
                String habit = pick(HABITS);
                String where = pick(PREPOSITIONS.subList(0, 4)).replace("behind", "in") + " " + pick(SPOTS);
                String[] verb = habit.split(" ", 2);
                String text = he + " " + habit + " " + where + ".";
                String mine = "I " + firstPerson(verb[0]) + " " + verb[1] + " " + where + ".";
                return new Fact(
                        text,
                        where.substring(where.indexOf(' ') + 1),
                        List.of(
                                "Where do you " + firstPerson(verb[0]) + " " + verb[1] + "?",
                                "Where can one " + firstPerson(verb[0]) + " " + verb[1] + "?",
                                "Where do you go for " + verb[1] + "?"),
                        List.of(o + mine, mine));
            }
            case 5 -> {
                String sight = pick(SIGHTS);
                String text = he + " saw " + sight + " over " + pick(SPOTS) + " " + pick(AGO) + ".";
                String mine = "I" + text.substring(he.length());
                return new Fact(
                        text,
                        sight,
                        List.of(
                                "What did you see?",
                                "Seen anything strange?",
                                "Any news?",
                                "What's the strangest thing you've seen lately?",
                                "Did you see something?"),
                        List.of(o + mine, mine));
            }
            case 6 -> {
                String relative = pick(RELATIVES);
                String name = names.name();
                String went = pick(DEPARTURES);
                String when = pick(WHEN);
                String text = cap(his) + " " + relative + " " + name + " " + went + " " + when + ".";
                String mine = "My " + relative + " " + name + " " + went + " " + when + ".";
                return new Fact(
                        text,
                        went.substring(went.lastIndexOf(' ') + 1),
                        List.of(
                                "Where did your " + relative + " go?",
                                "What happened to your " + relative + "?",
                                "Where is your " + relative + " now?",
                                "Tell me about your " + relative + "."),
                        List.of(o + mine, mine));
            }
            case 7 -> {
                String topic = pick(TOPICS);
                String opinion = pick(OPINIONS);
                String text = he + " thinks " + topic + " is " + opinion + ".";
                String mine = "I think " + topic + " is " + opinion + ".";
                return new Fact(
                        text,
                        opinion,
                        List.of(
                                "What do you think of " + topic + "?",
                                "How do you feel about " + topic + "?",
                                "What's your view on " + topic + "?",
                                "Do you like " + topic + "?"),
                        List.of(o + mine, mine, o + cap(topic) + "? I'd call it " + opinion + "."));
            }
            case 8 -> {
                String mystery = pick(MYSTERIES);
                String explanation = pick(EXPLANATIONS);
                String text = he + " believes " + mystery + " are " + explanation + ".";
                String mine = "I believe " + mystery + " are " + explanation + ".";
                return new Fact(
                        text,
                        explanation,
                        List.of(
                                "What are " + mystery + "?",
                                "What do you make of " + mystery + "?",
                                "What causes " + mystery + "?",
                                "Do you know what " + mystery + " are?"),
                        List.of(o + mine, mine));
            }
            case 9 -> {
                String owned = pick(OWNED);
                String name = names.name();
                String text = he + " lost " + his + " " + owned + ", the " + name + ", in " + pick(DISASTERS) + " last "
                        + pick(SEASONS) + ".";
                String mine = "I lost my" + text.substring(text.indexOf(his) + his.length());
                return new Fact(
                        text,
                        name,
                        List.of(
                                "What was your " + owned + " called?",
                                "What happened to your " + owned + "?",
                                "Do you have " + a(owned) + " " + owned + "?",
                                "What was the name of your " + owned + "?"),
                        List.of(o + mine, mine));
            }
            case 10 -> {
                String forbidden = pick(FORBIDDEN);
                String place = pick(PLACES);
                String text = forbidden + " are forbidden in the " + place + ".";
                return new Fact(
                        text,
                        forbidden,
                        List.of(
                                "What is forbidden in the " + place + "?",
                                "Are there rules in the " + place + "?",
                                "What can't I do in the " + place + "?",
                                "What's not allowed in the " + place + "?"),
                        List.of(o + text, text));
            }
            case 11 -> {
                String role = pick(ROLES);
                String name = names.name() + " " + names.name();
                String key = number(10, 500) + " " + pick(COINS);
                String text = "The reward for the " + role + " " + name + " is " + key + ".";
                return new Fact(
                        text,
                        key,
                        List.of(
                                "What's the reward for " + name + "?",
                                "How much is the bounty on " + name + "?",
                                "Is there a price on the " + role + "'s head?",
                                "What is " + name + " worth?"),
                        List.of(o + text, o + key + ".", text));
            }
            case 12 -> {
                String activity = pick(ACTIVITIES);
                String time = pick(TIMES);
                String text = "The best " + activity + " is at " + time + ".";
                return new Fact(
                        text,
                        time,
                        List.of(
                                "When is the best " + activity + "?",
                                "What time is best for " + activity + "?",
                                "When should I go for the " + activity + "?"),
                        List.of(o + text, text, o + "At " + time + "."));
            }
            case 13 -> {
                String group = pick(GROUPS);
                String spot = pick(SPOTS);
                String text = group + " " + pick(DANGERS) + " " + spot + ".";
                return new Fact(
                        text,
                        group,
                        List.of(
                                "Is " + spot + " safe?",
                                "Any danger on " + spot + "?",
                                "Should I worry about " + spot + "?",
                                "What's out on " + spot + "?"),
                        List.of(o + text, text));
            }
            case 14 -> {
                String fear = pick(FEARS);
                String subject = random.nextBoolean() ? he : names.name();
                String text = subject + " is scared of " + fear + ".";
                return new Fact(
                        text,
                        fear,
                        List.of(
                                "What are you afraid of?",
                                "What scares you?",
                                "Are you scared of " + "anything?",
                                "What frightens you?"),
                        List.of(o + "I am scared of " + fear + ".", "I'm scared of " + fear + "."));
            }
            case 15 -> {
                String secret = pick(SECRETS);
                String where = pick(PREPOSITIONS) + " " + pick(SPOTS);
                String subject = random.nextBoolean() ? he : names.name();
                String text = subject + " knows " + secret + " " + where + ".";
                String noun = secret.substring(secret.lastIndexOf(' ') + 1);
                return new Fact(
                        text,
                        where.substring(where.indexOf(' ') + 1),
                        List.of(
                                "Where is the " + noun + "?",
                                "Do you know any secrets?",
                                "Know of " + a(noun) + " " + noun + "?",
                                "Where is the secret?"),
                        List.of(o + "I know " + secret + " " + where + ".", "There's " + secret + " " + where + "."));
            }
            case 16 -> {
                String want = pick(WANTS);
                String before = pick(BEFORE);
                String subject = random.nextBoolean() ? he : names.name();
                String text = subject + " wants " + want + " before " + before + ".";
                return new Fact(
                        text,
                        want,
                        List.of(
                                "What do you want?",
                                "What will it cost me?",
                                "What do you want " + "before " + before + "?",
                                "How can I make you talk?"),
                        List.of(o + "I want " + want + " before " + before + ".", "First, " + want + "."));
            }
            case 17 -> {
                String meal = pick(MEALS);
                String dish = pick(DISHES);
                String text = "Today's " + meal + " is " + dish + " " + meal + ".";
                return new Fact(
                        text,
                        dish,
                        List.of(
                                "What's for dinner?",
                                "What's cooking today?",
                                "What's the " + meal + " today?",
                                "What is there to eat?"),
                        List.of(o + text, o + "It's " + dish + " " + meal + " today.", text));
            }
            case 18 -> {
                String helps = pick(HELPS);
                String who = pick(HELPED);
                String text = he + " " + helps + " " + who + " for free.";
                String mine = "I " + firstPerson(helps) + " " + who + " for free.";
                return new Fact(
                        text,
                        "free",
                        List.of(
                                "Do you charge " + who + "?",
                                "Do " + who + " have to pay?",
                                "Is it free for " + who + "?"),
                        List.of(o + mine, mine));
            }
            default -> {
                String mended = pick(MENDED);
                boolean byTime = random.nextBoolean();
                String key = byTime ? pick(TIMES) : number(1, 9) + " days";
                String text =
                        he + " repairs " + mended + (byTime ? " by " + key + " the next day." : " in " + key + ".");
                String mine = "I repair" + text.substring(he.length() + " repairs".length());
                return new Fact(
                        text,
                        key,
                        List.of(
                                "When will my " + mended + " be ready?",
                                "How long to fix my " + mended + "?",
                                "Can you mend " + mended + "?",
                                "If I leave my " + mended + " today, when can I collect them?"),
                        List.of(o + mine, mine));
            }
        }
    }

    /** A price fact for an item the NPC sells. */
    Fact price(String thing, String item, String opener) {
        String key = number(2, 99) + " " + pick(COINS);
        String text = cap(thing) + " costs " + key + ".";
        return new Fact(
                text,
                key,
                List.of(
                        "How much is " + thing + "?",
                        "What does " + thing + " cost?",
                        "What's the price of " + thing + "?",
                        "How much do you want for " + thing + "?",
                        "What would " + thing + " cost me?",
                        "I need " + a(item) + " " + item + ". How much?"),
                List.of(opener + text, opener + "That'll be " + key + ".", cap(thing) + "? " + key + "."));
    }

    private static String firstPerson(String verb) {
        if (verb.endsWith("ies")) {
            return verb.substring(0, verb.length() - 3) + "y";
        }
        if (verb.endsWith("ches") || verb.endsWith("shes") || verb.endsWith("sses") || verb.endsWith("xes")) {
            return verb.substring(0, verb.length() - 2);
        }
        return verb.endsWith("s") ? verb.substring(0, verb.length() - 1) : verb;
    }

    private String number(int from, int to) {
        return Integer.toString(from + random.nextInt(to - from + 1));
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    static String a(String noun) {
        return "aeiou".indexOf(noun.charAt(0)) >= 0 ? "an" : "a";
    }

    static String cap(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    static List<Integer> shuffledShapes(SplittableRandom random) {
        List<Integer> shapes = new ArrayList<>();
        for (int i = 0; i < SHAPES; i++) {
            shapes.add(i);
        }
        Collections.shuffle(shapes, new Random(random.nextLong()));
        return shapes;
    }
}
