package dev.animus.demo.play.village;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The lower-case words of a phrase, for reading what a writer meant a place or prop to be. */
final class Words {
    private Words() {}

    static List<String> of(String text) {
        List<String> words = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    /** @return whether any of the words, or its plural, is in the text */
    static boolean any(String text, String... words) {
        List<String> in = of(text);
        for (String w : words) {
            if (in.contains(w) || in.contains(w + "s") || in.contains(w + "es")) {
                return true;
            }
        }
        return false;
    }
}
