package dev.animus.dialogue;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.inference.DecoderModel;
import dev.animus.inference.InferenceQueue;
import dev.animus.inference.QueueConfig;
import dev.animus.model.llama.DecoderFiles;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.world.NpcDefinition;
import dev.animus.world.WorldParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A world's own actions and emotions reach the decoder: its reply chooses among the NPC's list,
 * names Animus never had included, over the model's ordinary tokens.
 */
class DeclaredNamesTest {
    private static final String WORLD = """
            animus: 1
            world: {id: office, name: The Office}
            actions: [shrug, type]
            emotions: [annoyed, smug]
            npcs:
              - id: dana
                name: Dana the office manager
                persona: Brisk, tired of questions she has answered twice.
                facts: [The printer on the third floor is broken.]
                actions: [shrug, type]
                emotions: [annoyed, smug]
            """;

    @Test
    void theReplyChoosesAmongTheWorldsOwnActionsAndEmotions() throws Exception {
        NpcDefinition dana =
                new WorldParser().parse("office.world", WORLD).npc("dana").orElseThrow();
        Path folder = DecoderFiles.bundled();
        DecoderModel model = DecoderModel.inFolder(4, () -> folder, DevicePreference.CPU);
        try (InferenceQueue queue = new InferenceQueue(QueueConfig.DEFAULT, List.of(), List.of(model), r -> {}, true)) {
            DialogueService dialogue = new DialogueService(queue, model);
            dialogue.ready().get(120, TimeUnit.SECONDS);
            for (String words : List.of("Where can I print?", "Is the printer working?", "Hi!")) {
                var reply = dialogue.ask(dana, words, dana.facts(), List.of(), null);
                queue.flush();
                Answer a = reply.get(120, TimeUnit.SECONDS);
                assertTrue(Set.of("shrug", "type").contains(a.action()), a.toString());
                assertTrue(Set.of("annoyed", "smug").contains(a.emotion()), a.toString());
            }
        }
    }
}
