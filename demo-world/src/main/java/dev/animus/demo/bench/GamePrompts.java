package dev.animus.demo.bench;

import dev.animus.model.prompt.PromptFormat;
import dev.animus.world.NpcDefinition;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The dialogue prompts a world's NPCs give the decoder, as the game renders them (persona, three
 * facts, actions and emotions, a player's question): what the benchmarks decode, instead of
 * made-up text, so their prompt lengths are the game's (73-101 tokens in Lanternfall).
 */
final class GamePrompts {
    /** Lanternfall, as the demo ships it (on the class path from assets/). */
    static final String LANTERNFALL = "Worlds/lanternfall.world";

    private static final String[] QUESTIONS = {
        "What do you know about the lights over the lake?",
        "What does it cost?",
        "Who are you?",
        "Anything happen lately?",
        "Where can I find the smith?"
    };

    private GamePrompts() {}

    /**
     * @param worldFile the world whose NPCs give the prompts, or null for Lanternfall
     * @return one prompt per NPC, each with the next of a few players' questions
     */
    static List<PromptFormat.Dialogue> of(Path worldFile) {
        World world = new WorldParser().parse(name(worldFile), read(worldFile));
        List<PromptFormat.Dialogue> prompts = new ArrayList<>();
        for (NpcDefinition npc : world.npcs()) {
            prompts.add(new PromptFormat.Dialogue(
                    npc.name(),
                    npc.persona(),
                    npc.facts().subList(0, Math.min(3, npc.facts().size())),
                    List.of(),
                    List.copyOf(npc.actions()),
                    List.copyOf(npc.emotions()),
                    QUESTIONS[prompts.size() % QUESTIONS.length]));
        }
        return prompts;
    }

    /** The world's name in tables: its file, or Lanternfall's resource. */
    static String name(Path worldFile) {
        return worldFile == null ? LANTERNFALL : worldFile.toString();
    }

    private static String read(Path worldFile) {
        try {
            if (worldFile != null) {
                return Files.readString(worldFile, StandardCharsets.UTF_8);
            }
            try (var in = GamePrompts.class.getClassLoader().getResourceAsStream(LANTERNFALL)) {
                if (in == null) {
                    throw new IOException(LANTERNFALL + " is not on the class path; give a world with --world FILE");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
