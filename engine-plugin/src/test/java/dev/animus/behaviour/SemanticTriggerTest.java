package dev.animus.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.encoder.Embedding;
import dev.animus.model.encoder.SentenceEncoder;
import dev.animus.perception.PerceptText;
import dev.animus.world.Trigger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Semantic triggers with the real bundled encoder (BGE-small-en-v1.5). */
class SemanticTriggerTest {
    // spotless:off
    private static final List<String> TRIGGERS = List.of("someone threatens me", "someone greets me or says hello",
            "someone asks about the lake", "someone asks for news or gossip",
            "someone asks about secrets or hidden paths", "someone asks about swords, smithing or the forge");
    /** Percepts, as Pip would receive them, with the trigger each should fire (-1: none). */
    private static final Object[][] LABELLED = {
        {"the stranger raises a fist at Pip", 0}, {"A man waves a knife at Pip.", 0},
        {"The stranger shouts that he will hurt Pip.", 0}, {"the stranger draws a dagger and steps toward Pip", 0},
        {"the stranger says he will break Pip's arms", 0},
        {"the stranger says hello to Pip", 1}, {"Hello there!", 1}, {"Good day, captain.", 1},
        {"the stranger greets Pip warmly", 1}, {"Good morning to you!", 1},
        {"Tell me about the lake.", 2}, {"What is the story of Mirrormere, the lake?", 2},
        {"the stranger asks Pip about the water of the lake", 2},
        {"Any news?", 3}, {"Heard any gossip lately?", 3}, {"What are people talking about in the village?", 3},
        {"Do you know any secret ways out of town?", 4}, {"Is there a hidden path somewhere?", 4},
        {"How much for a sword?", 5}, {"Can you forge me an axe?", 5}, {"Who made this blade?", 5},
        {"The weather is nice today.", -1}, {"the stranger gives Pip a coin", -1}, {"Mira is 3 m to the north.", -1},
        {"Nobody is around.", -1}, {"Pip is 6 m to the south. Vey is 10 m to the north.", -1},
        {"I would like a room for the night.", -1}, {"The stew smells good.", -1},
        {"the stranger walks past Pip", -1}, {"Brann hammers at the anvil.", -1}, {"It starts to rain.", -1},
        {"Where is the chapel?", -1}};
    // spotless:on

    private static SentenceEncoder encoder;
    private static SemanticMatcher matcher;
    private static List<Trigger.Semantic> candidates;

    @BeforeAll
    static void load() {
        encoder = SentenceEncoder.loadBundled();
        List<Embedding> t = encoder.encode(TRIGGERS);
        Map<String, Embedding> byText = new HashMap<>();
        candidates = new ArrayList<>();
        for (int i = 0; i < TRIGGERS.size(); i++) {
            byText.put(TRIGGERS.get(i), t.get(i));
            candidates.add(new Trigger.Semantic(TRIGGERS.get(i), Trigger.Semantic.DEFAULT_THRESHOLD));
        }
        matcher = new SemanticMatcher(byText, encoder.encode(SemanticMatcher.ANCHORS));
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static String fires(String percept) {
        String seen = PerceptText.asSeenBy(percept, List.of("pip", "Pip"));
        return matcher.match(candidates, encoder.encode(List.of(seen)).get(0));
    }

    @Test
    void aRaisedFistIsAThreatAndUnrelatedPerceptsFireNothing() {
        assertEquals("someone threatens me", fires("the stranger raises a fist at Pip"));
        // As in the game: Pip only has his own triggers to choose from.
        List<Trigger.Semantic> pips = List.of(candidates.get(0), candidates.get(4));
        String seen = PerceptText.asSeenBy("the stranger raises a fist at Pip", List.of("pip", "Pip"));
        assertEquals(
                "someone threatens me",
                matcher.match(pips, encoder.encode(List.of(seen)).get(0)));
        assertNull(fires("The stew smells good."));
        assertNull(fires("Mira is 3 m to the north."));
        assertNull(fires("the stranger gives Pip a coin"));
    }

    @Test
    void onTheLabelledSetMostFireRightAndNothingFiresWrongly() {
        int right = 0;
        List<String> wrongFires = new ArrayList<>();
        for (Object[] row : LABELLED) {
            String got = fires((String) row[0]);
            int expected = (int) row[1];
            String want = expected < 0 ? null : TRIGGERS.get(expected);
            if (java.util.Objects.equals(got, want)) {
                right++;
            } else if (got != null) {
                wrongFires.add(row[0] + " -> " + got);
            }
        }
        // Measured when the default floor was chosen: 29 of 32 right (a knife and a dagger missed),
        // and one wrong fire, a borderline a small encoder may be forgiven: hammering at an anvil
        // is close to "asks about swords, smithing or the forge".
        assertTrue(right >= 28, "right: " + right + " of " + LABELLED.length);
        assertTrue(
                List.of("Brann hammers at the anvil. -> someone asks about swords, smithing or the forge")
                        .containsAll(wrongFires),
                "wrong fires: " + wrongFires);
    }
}
