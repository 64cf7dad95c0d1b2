package dev.animus.model.training;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Fresh proper names and words from a space far too large to memorise ("Brann", "Mirrormere",
 * "Quelthorp", "Ysolde"), so that the only way for a model to say a name right is to copy it
 * from the prompt. Names are built from onsets, vowels and codas, or from two word parts the
 * way English place names are ("Mirror" + "mere"). The held-out split keeps every eighth name
 * (by hash) for itself, so evaluation asks about names that training never showed.
 */
public final class Names {
    // spotless:off
    private static final List<String> ONSETS = List.of("", "b", "br", "c", "ch", "cl", "d", "dr", "f", "fl", "g", "gr",
            "h", "j", "k", "kr", "l", "m", "n", "p", "pr", "qu", "r", "s", "sh", "sk", "st", "t", "th", "tr", "v", "w",
            "wr", "y", "z");
    private static final List<String> VOWELS = List.of("a", "e", "i", "o", "u", "y", "ae", "ea", "ei", "ia", "io", "oa",
            "ou", "ee", "oo", "au");
    private static final List<String> CODAS = List.of("", "", "", "n", "nn", "r", "l", "ll", "s", "th", "m", "d", "k",
            "x", "rd", "nd", "st", "sh", "t", "v", "ck", "ng", "rn", "lt");
    private static final List<String> PARTS = List.of("mirror", "black", "stone", "ash", "oak", "raven", "thorn",
            "wolf", "salt", "hollow", "amber", "frost", "iron", "elder", "marsh", "red", "grey", "moss", "hazel", "wind",
            "bright", "deep", "cold", "fair", "high", "long", "gold", "silver", "white", "mill", "bell", "lantern",
            "glass", "rook", "wren", "heron", "fern", "willow", "briar", "rush", "ember", "kettle", "whistle");
    private static final List<String> SUFFIXES = List.of("mere", "ford", "wick", "by", "ton", "dale", "holm", "wood",
            "field", "brook", "more", "combe", "stead", "haven", "well", "fall", "ridge", "moor", "gate", "fell",
            "water", "shaw", "worth", "mouth", "crest", "vale");
    // spotless:on

    private final SplittableRandom random;
    private final boolean heldOut;

    /**
     * @param random where the names come from
     * @param heldOut true for the evaluation split's names, false for training's
     */
    public Names(SplittableRandom random, boolean heldOut) {
        this.random = random;
        this.heldOut = heldOut;
    }

    /** @return a capitalised name of this split ("Quelthorp") */
    public String name() {
        while (true) {
            String n = random.nextInt(4) == 0 ? compound() : syllables(1 + random.nextInt(3));
            if (n.length() >= 3 && n.length() <= 12 && ((n.hashCode() & 7) == 0) == heldOut) {
                return cap(n);
            }
        }
    }

    /** @return a lower-case made-up word of this split ("drelk"), for things the model never heard of */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    private String compound() {
        String a = pick(PARTS);
        String b = pick(SUFFIXES);
        return a.endsWith(b.substring(0, 1)) ? a + b.substring(1) : a + b;
    }

    private String syllables(int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(pick(ONSETS)).append(pick(VOWELS));
            if (i == count - 1 || random.nextInt(3) == 0) {
                b.append(pick(CODAS));
            }
        }
        return b.toString();
    }

    private static String cap(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
