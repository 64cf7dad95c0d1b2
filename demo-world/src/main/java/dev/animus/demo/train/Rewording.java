package dev.animus.demo.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Puts one of a training question's longer words in other words ("What about the cannons?"
 * asked as "What about the guns?"), so a model learns to find a fact a player asks about in
 * words the fact does not use. Remembers each word's other words; not thread-safe.
 */
final class Rewording {
    /** The share of training questions reworded. */
    static final double SHARE = 0.35;

    private final Function<String, List<String>> otherWords;
    private final Map<String, List<String>> looked = new HashMap<>();

    /** @param otherWords other words for a noun ({@link Synonyms#of}); empty for none */
    Rewording(Function<String, List<String>> otherWords) {
        this.otherWords = otherWords;
    }

    /** @return the question with one word put in other words ({@link #SHARE} of the time), else as it was */
    String now(String question, Random random) {
        if (random.nextDouble() >= SHARE) {
            return question;
        }
        String[] words = question.split(" ");
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            String w = bare(words[i]);
            if (w.length() >= 4
                    && w.chars().allMatch(Character::isLowerCase)
                    && !lookUp(w).isEmpty()) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            return question;
        }
        int i = candidates.get(random.nextInt(candidates.size()));
        String bare = bare(words[i]);
        List<String> others = lookUp(bare);
        words[i] = others.get(random.nextInt(others.size())) + words[i].substring(bare.length());
        return String.join(" ", words);
    }

    private static String bare(String word) {
        return word.replaceAll("[?.!,]+$", "");
    }

    private List<String> lookUp(String word) {
        return looked.computeIfAbsent(word, otherWords);
    }
}
