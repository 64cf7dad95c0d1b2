package dev.animus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.dialogue.DialogueService;
import dev.animus.dialogue.PlaceQuestions;
import dev.animus.world.Vec3;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "What is this place?" names nothing a fact is about: asked in Lanternfall with the real
 * models, an NPC answers from the world file, what the world is and the place it stands in;
 * what it sees and where to find it stay other questions.
 */
class WhatIsThisPlaceTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String VILLAGE = "Lanternfall is a small lakeside market village";
    private static HeadlessWorld world;

    @BeforeAll
    static void start() throws Exception {
        Path file = Path.of("../assets/Worlds/lanternfall.world");
        World lanternfall = new WorldParser().parse(file.toString(), Files.readString(file));
        world = HeadlessWorld.of(lanternfall, Optional.empty(), DialogueService.Style.GROUNDED);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void askedWhatThisPlaceIsAnNpcSaysWhatTheWorldFileSays() throws Exception {
        for (String words : new String[] {"so what is this place?", "where am i", "is this a town or what"}) {
            HeadlessWorld.Answer a = world.ask("mira", words, WAIT);
            assertEquals("dialogue", a.by(), a.toString());
            assertTrue(a.text().contains(VILLAGE), words + ": " + a);
            assertTrue(a.text().contains("Drowned Lantern"), "where Mira stands, the tavern: " + a);
        }
    }

    @Test
    void otherQuestionsAreNotAnsweredWithThePlace() throws Exception {
        for (String words : new String[] {"what do you see?", "where do i find you?", "How much is a room?"}) {
            HeadlessWorld.Answer a = world.ask("mira", words, WAIT);
            assertFalse(a.text().contains(VILLAGE), words + ": " + a);
        }
    }

    @Test
    void aWorldFileThatDescribesNothingLeavesTheQuestionToRetrieval() {
        World bare = new WorldParser()
                .parse(
                        "bare.world",
                        "animus: 1\nworld: {id: bare, name: Bare}\nplaces:\n  - {id: yard, name: the yard, at: [0, 0, 0]}\n"
                                + "npcs:\n  - {id: a, name: A, persona: someone, home: yard}\n");
        assertNull(PlaceQuestions.answer(bare, new Vec3(0, 0, 0)));
    }
}
