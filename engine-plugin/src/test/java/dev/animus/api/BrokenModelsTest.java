package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.encoder.EncoderFiles;
import dev.animus.model.llama.DecoderFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A game whose decoder files are broken still starts and plays: scripted behaviours answer as
 * written, the NPC the decoder would have answered says its fallback line, and the queue's
 * figures (the debug panel) name what is wrong with which file.
 */
class BrokenModelsTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"corrupt weights", "another model's tokenizer", "a GPU that is not there"})
    void theGameStartsScriptedLinesWorkAndTheDecoderFallsBack(String fault, @TempDir Path dir) throws Throwable {
        Path decoder = dir.resolve("decoder");
        Files.createDirectories(decoder);
        for (String name : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            Files.copy(
                    DecoderFiles.bundled().resolve(name), decoder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        AnimusConfig.Builder config = AnimusConfig.builder().decoderFolder(decoder);
        String expected;
        switch (fault) {
            case "corrupt weights" -> {
                Files.write(decoder.resolve("model.safetensors"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
                expected = "model.safetensors";
            }
            case "another model's tokenizer" -> {
                Files.copy(
                        EncoderFiles.bundled().tokenizer(),
                        decoder.resolve("tokenizer.json"),
                        StandardCopyOption.REPLACE_EXISTING);
                expected = "tokenizer.json does not belong to its model";
            }
            default -> {
                config.device(Device.GPU); // none here: a warning, and the CPU
                expected = null;
            }
        }
        AnimusAppState animus = new AnimusAppState(config.build());
        Map<String, DialogueReply> replies = new ConcurrentHashMap<>();
        WorldSession[] world = new WorldSession[1];
        List<String> guardSaid = new java.util.concurrent.CopyOnWriteArrayList<>();
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    world[0] = app.talkWorld(animus);
                    world[0].addActionListener(c -> {
                        if (c.npc().equals("guard") && c.action() instanceof dev.animus.world.Action.Say say) {
                            guardSaid.add(say.line());
                        }
                    });
                    world[0].addDialogueListener(new DialogueListener() {
                        @Override
                        public void onReply(DialogueReply r) {
                            replies.put(r.npcId(), r);
                        }
                    });
                },
                (app, frame) -> {
                    if (frame == 2) {
                        world[0].speak("guard", "Hello there.");
                        world[0].speak("brann", "What does an iron sword cost?");
                    }
                    return !(replies.containsKey("brann") && !guardSaid.isEmpty()) && frame < 60 * 120;
                });
        game.runToEnd(180);

        assertFalse(guardSaid.isEmpty(), "the guard's scripted greeting");
        DialogueReply brann = replies.get("brann");
        String fault1 = animus.queueMetrics().lastFault();
        if (expected == null) {
            assertFalse(brann.fallback(), "no GPU: the decoder runs on the CPU and answers: " + brann);
        } else {
            assertTrue(brann.fallback(), "the decoder cannot load: a fallback line: " + brann);
            assertTrue(fault1 != null && fault1.contains(expected), "the figures say what is wrong: " + fault1);
        }
    }
}
