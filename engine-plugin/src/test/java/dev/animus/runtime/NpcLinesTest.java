package dev.animus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.dialogue.DialogueService;
import dev.animus.world.NpcDefinition;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An NPC's own lines from its world file are the ones its replies choose from, so it keeps one voice. */
class NpcLinesTest {
    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void answersOpenAndDeclineInTheNpcsOwnWords() throws Exception {
        Path file = Path.of("../assets/Worlds/lanternfall.world");
        World lanternfall = new WorldParser().parse(file.toString(), Files.readString(file));
        NpcDefinition brann = lanternfall.npcsById().get("brann");
        NpcDefinition pip = lanternfall.npcsById().get("pip");
        try (HeadlessWorld world = HeadlessWorld.of(lanternfall, Optional.empty(), DialogueService.Style.GROUNDED)) {
            for (String question : new String[] {"What does an iron sword cost?", "How much for an axe?"}) {
                world.runtime().forget();
                HeadlessWorld.Answer a = world.ask("brann", question, WAIT);
                assertEquals("dialogue", a.by(), a.toString());
                assertTrue(
                        brann.lines().openers().stream().anyMatch(o -> a.text().startsWith(o + " ")), a.toString());
            }
            world.runtime().forget();
            HeadlessWorld.Answer unknown = world.ask("pip", "How old are you?", WAIT);
            assertTrue(pip.lines().dontKnow().contains(unknown.text()), unknown.toString());
        }
    }
}
