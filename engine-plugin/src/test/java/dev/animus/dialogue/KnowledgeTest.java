package dev.animus.dialogue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An NPC answers from its own facts first, and from what everyone in its world knows. */
class KnowledgeTest {
    private static final String WORLD = """
            animus: 1
            world: {id: ship, name: The Crimson Gannet, description: A three-masted pirate ship.}
            places:
              - {id: galley, name: the galley, description: A cramped kitchen below decks., at: [0, 0, 0], radius: 3}
              - {id: deck, name: the deck, description: Where the crew works the sails, at: [0, 0, 8], radius: 6}
            npcs:
              - id: cook
                name: Old Marrow
                persona: A cook who has seen everything twice.
                facts: [He serves salt pork on Sundays.]
            """;

    @Test
    void itsOwnFactsComeFirstThenItsNameTheWorldAndThePlaces() {
        World world = new WorldParser().parse("ship.world", WORLD);
        Knowledge known = Knowledge.of(world, world.npc("cook").orElseThrow());
        assertEquals(
                List.of(
                        "He serves salt pork on Sundays.",
                        "My name is Old Marrow.",
                        "The Crimson Gannet is a three-masted pirate ship.",
                        "The galley is a cramped kitchen below decks.",
                        "The deck: Where the crew works the sails."),
                known.facts());
        assertEquals(1, known.own());
        assertArrayEquals(
                new float[] {
                    0,
                    -Knowledge.SHARED_PENALTY,
                    -Knowledge.SHARED_PENALTY,
                    -Knowledge.SHARED_PENALTY,
                    -Knowledge.SHARED_PENALTY
                },
                known.bias());
    }
}
