package dev.animus.perception;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PerceptTextTest {

    @Test
    void aPerceptIsRewrittenFromTheNpcsPointOfView() {
        assertEquals(
                "the stranger raises a fist at me",
                PerceptText.asSeenBy(
                        "the stranger raises a fist at Pip", List.of("pip", "Pip the village child", "Pip")));
        assertEquals(
                "the stranger says he will break my arms",
                PerceptText.asSeenBy("the stranger says he will break Pip's arms", List.of("Pip")));
        assertEquals("Pipkin waves", PerceptText.asSeenBy("Pipkin waves", List.of("Pip")), "whole words only");
    }

    @Test
    void nearbyPeopleAreDescribedWithDistanceAndBearing() {
        assertEquals(
                "Mira is 3 m to the north. Vey is right beside me.",
                PerceptText.describe(List.of(new Nearby("Mira", 3.2f, 0, -3.2f), new Nearby("Vey", 0.6f, 0.6f, 0))));
        assertEquals("Nobody is around.", PerceptText.describe(List.of()));
        assertEquals("south-west", PerceptText.bearing(-1, 1));
    }
}
