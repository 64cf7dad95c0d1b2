package dev.animus.model.training;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What a stranger might have said to an NPC: threats and everyday words, built from templates
 * over wide word lists and made-up words. So many different sentences come out that a model
 * cannot learn them by heart; to repeat one, it has to copy it from the memory line in the prompt.
 */
final class Quotes {
    // spotless:off
    private static final List<String> HARM = List.of("cut", "break", "burn", "smash", "crush", "gut", "skin", "drown",
            "hang", "bury", "stab", "choke", "flatten", "tear down", "wreck");
    private static final List<String> TARGETS = List.of("throat", "legs", "house", "shop", "arms", "head", "boat",
            "fingers", "stall", "cart", "barn", "nose", "teeth", "horse", "door", "roof", "garden", "dog");
    private static final List<String> INSULTS = List.of("old fool", "coward", "wretch", "dog", "worm", "old man",
            "fool", "rat", "peasant", "little man", "old woman", "toad", "thief");
    private static final List<String> WANTS = List.of("money", "purse", "silver", "gold", "coins", "sword", "boots",
            "ring", "keys", "horse", "bread", "wine", "map", "cloak");
    private static final List<String> THREAT_TEMPLATES = List.of(
            "I will %h your %t, you %i.", "I'll %h your %t.", "Give me your %w or I'll %h your %t!",
            "Hand over the %w, %i.", "One more word and I %h your %t.", "Touch my %w and you're dead, %i.",
            "Next time I'll %h your %t.", "Your %w, now, or else!", "I know where your %t is, %i.",
            "Cross me again and I'll %h you.", "Stay out of my way or I'll %h your %t.");
    private static final List<String> PLACES = List.of("inn", "market", "bridge", "well", "mill", "temple", "forge",
            "harbour", "gate", "tower", "bakery", "stables", "chapel", "square", "docks");
    private static final List<String> THINGS = List.of("sword", "hat", "boots", "lantern", "bread", "fish", "cloak",
            "horse", "dog", "rope", "map", "ring", "apples", "shield", "candles");
    // spotless:on
    private static final List<String> WEATHER =
            List.of("cold", "warm", "wet", "windy", "quiet", "busy", "dark", "bright");
    // spotless:off
    private static final List<String> WORD_TEMPLATES = List.of(
            "How much is the %s?", "Where is the %p?", "Nice %s you have.", "Have you seen my %s?",
            "The %p is closed today.", "I lost my %s near the %p.", "It is %e today.", "When does the %p open?",
            "Tell me about the %p.", "I like your %s.", "Is the %p far from here?", "I need a new %s.",
            "Do you sell %s?", "I came from the %p.", "Someone stole my %s.", "Have you seen %n?", "%n sends greetings.",
            "I'm looking for %n.", "Is %n at the %p?");
    // spotless:on

    private final SplittableRandom random;
    private final Names names;

    Quotes(SplittableRandom random, Names names) {
        this.random = random;
        this.names = names;
    }

    /** A threat, such as "Give me your boots or I'll burn your barn!". */
    String threat() {
        return fill(pick(THREAT_TEMPLATES));
    }

    /** Everyday words, such as "I lost my lantern near the mill.". */
    String words() {
        return fill(pick(WORD_TEMPLATES));
    }

    private String fill(String template) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%' || i + 1 == template.length()) {
                out.append(c);
                continue;
            }
            char slot = template.charAt(++i);
            out.append(
                    switch (slot) {
                        case 'h' -> pick(HARM);
                        case 't' -> word(TARGETS);
                        case 'i' -> word(INSULTS);
                        case 'w' -> word(WANTS);
                        case 'p' -> word(PLACES);
                        case 's' -> word(THINGS);
                        case 'e' -> pick(WEATHER);
                        case 'n' -> names.name();
                        default -> throw new IllegalArgumentException("no slot %" + slot + " in " + template);
                    });
        }
        return out.toString();
    }

    /** A word from the list, or now and then a made-up one: no list is ever the whole vocabulary. */
    private String word(List<String> list) {
        return random.nextInt(4) == 0 ? names.word() : pick(list);
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
