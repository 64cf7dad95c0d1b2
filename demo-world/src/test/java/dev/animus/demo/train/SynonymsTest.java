package dev.animus.demo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WordNet's other words for a fact's nouns, in the noun's number, never a name's. */
class SynonymsTest {
    private static Synonyms synonyms;

    @BeforeAll
    static void load() {
        synonyms = new Synonyms();
    }

    @AfterAll
    static void close() {
        synonyms.close();
    }

    @Test
    void aNounGetsItsSynonymsAndHypernymsInItsOwnNumber() {
        assertTrue(
                synonyms.of("cannons").contains("guns"), synonyms.of("cannons").toString());
        assertTrue(
                synonyms.of("quizzes").contains("tests"), synonyms.of("quizzes").toString());
        assertTrue(
                synonyms.of("boss").contains("supervisor"), synonyms.of("boss").toString());
        assertTrue(
                synonyms.of("borscht").contains("soup"), synonyms.of("borscht").toString());
    }

    @Test
    void namesAndUnknownWordsGiveNothing() {
        assertFalse(synonyms.of("sweets").contains("phoneticians"), "Henry Sweet is not sweets");
        assertTrue(synonyms.of("xyzzyqua").isEmpty());
    }

    @Test
    void pluralsAreRegular() {
        assertEquals("boxes", Synonyms.plural("box"));
        assertEquals("batteries", Synonyms.plural("battery"));
        assertEquals("heavy weapons", Synonyms.plural("heavy weapon"));
        assertEquals("days", Synonyms.plural("day"));
    }
}
