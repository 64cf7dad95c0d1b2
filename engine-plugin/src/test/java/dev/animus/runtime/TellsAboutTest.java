package dev.animus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.dialogue.DialogueService;
import dev.animus.memory.FactIndex;
import dev.animus.memory.Memory;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What an NPC cares to tell ({@code tells_about}) and what it never tells (a secret fact), with
 * the real encoder: two friends at the forge all day, one who tells only about weapons and their
 * prices, one who tells any news.
 */
class TellsAboutTest {
    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void anNpcPassesOnWhatItCaresToTellAndNeverItsSecretFact() throws Exception {
        Path file = Path.of("src/test/resources/Worlds/tells.world");
        World tells = new WorldParser().parse(file.toString(), Files.readString(file));
        try (HeadlessWorld world = HeadlessWorld.of(tells, Optional.empty(), DialogueService.Style.GROUNDED)) {
            WorldRuntime runtime = world.runtime();
            world.runUntil(
                    () -> runtime.memories("brann").size() == 1
                            && runtime.memories("mira").size() == 1
                            && runtime.factIndex("brann").isDone(),
                    WAIT,
                    "the world file's memories and facts to be encoded");
            FactIndex brannsFacts = runtime.factIndex("brann").join();
            List<String> mayTell = WhatNpcsTell.facts(tells.npc("brann").orElseThrow(), brannsFacts, 0).stream()
                    .map(Memory::text)
                    .toList();
            assertEquals(
                    List.of("An iron sword costs 40 silver.", "Brann's cat is called Soot."),
                    mayTell,
                    "a secret fact is never among those passed on");
            assertTrue(
                    WhatNpcsTell.facts(
                                    tells.npc("mira").orElseThrow(),
                                    runtime.factIndex("mira").join(),
                                    0)
                            .isEmpty(),
                    "an NPC that names nothing it tells about passes on none of its facts");

            world.advance(tells.dayLengthSeconds() / 2, 1);

            List<String> miraHeard = heard(runtime, "mira");
            assertTrue(
                    miraHeard.contains("Brann told me: An iron sword costs 40 silver."),
                    "Brann's fact on weapons and prices reached Mira: " + miraHeard);
            assertFalse(miraHeard.stream().anyMatch(t -> t.contains("steel axe")), "never the secret: " + miraHeard);
            assertFalse(miraHeard.stream().anyMatch(t -> t.contains("Soot")), "not off his topic: " + miraHeard);
            assertFalse(
                    miraHeard.stream().anyMatch(t -> t.contains("green lights")),
                    "not his news either, which is off his topic: " + miraHeard);
            List<String> brannHeard = heard(runtime, "brann");
            assertEquals(
                    List.of("Mira told me: Mira saw the miller fall in the river."),
                    brannHeard,
                    "Mira tells any news, and none of her facts");
        }
    }

    private static List<String> heard(WorldRuntime runtime, String npcId) {
        return runtime.memories(npcId).stream()
                .filter(Memory::heard)
                .map(Memory::text)
                .toList();
    }
}
