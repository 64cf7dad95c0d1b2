package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A game that brings a chat model without Animus's markers (a tiny random Qwen2 with a ChatML
 * template, models/testdata/chat-model) plays with it: NPC prompts go through the model's chat
 * template, the reply's action and emotion are the NPC's own, the reply streams into the
 * bubble, and a grounded answer still states the world file's fact. The world file and the game
 * code are the same as with the bundled decoder. A base model, which has no chat template, is
 * refused for dialogue: the NPC says its fallback line and the figures say why.
 */
class ChatModelTest {
    private static final Path CHAT_MODEL = Path.of("../models/testdata/chat-model");
    private static final Path BASE_MODEL = Path.of("../models/testdata/tinystories-656k");

    @ParameterizedTest(name = "free replies: {0}")
    @ValueSource(booleans = {false, true})
    void anNpcAnswersThroughTheModelsChatTemplate(boolean free) throws Throwable {
        assertTrue(Files.isRegularFile(CHAT_MODEL.resolve("model.safetensors")), "the fixture is committed");
        AnimusAppState animus = new AnimusAppState(AnimusConfig.builder()
                .decoderFolder(CHAT_MODEL)
                .freeReplies(free)
                .build());
        List<String> partials = new CopyOnWriteArrayList<>();
        DialogueReply brann = askBrann(animus, partials);
        assertNotNull(brann, "Brann answered");
        assertFalse(brann.fallback(), "the chat model answered, not a fallback line: " + brann);
        assertTrue(List.of("idle", "talk", "nod", "work").contains(brann.action()), brann.toString());
        assertTrue(List.of("neutral", "proud", "angry").contains(brann.emotion()), brann.toString());
        assertFalse(brann.text().isBlank(), brann.toString());
        assertFalse(brann.text().contains("["), "the tag is not said: " + brann.text());
        assertFalse(partials.isEmpty(), "the reply streamed");
        assertEquals(brann.text(), partials.get(partials.size() - 1), "the bubble's last text is the reply");
        if (!free) {
            assertTrue(brann.text().endsWith("An iron sword costs 40 silver."), brann.text());
        }
    }

    @Test
    void aBaseModelWithoutAChatTemplateFallsBackAndSaysWhy() throws Throwable {
        AnimusAppState animus = new AnimusAppState(
                AnimusConfig.builder().decoderFolder(BASE_MODEL).build());
        DialogueReply brann = askBrann(animus, new CopyOnWriteArrayList<>());
        assertNotNull(brann);
        assertTrue(brann.fallback(), "no way to prompt it: Brann's fallback line, and the game goes on: " + brann);
        assertEquals("Hm. Ask me later.", brann.text());
        String fault = animus.queueMetrics().lastFault();
        assertTrue(fault != null && fault.contains("nor a chat template"), "the figures say why: " + fault);
    }

    /**
     * Runs the talk world headless, asks Brann what an iron sword costs and waits for his reply.
     *
     * @param partials receives the reply's text as it streams
     * @return his reply (null if none came within two minutes of frames)
     */
    private static DialogueReply askBrann(AnimusAppState animus, List<String> partials) throws Throwable {
        Map<String, DialogueReply> replies = new ConcurrentHashMap<>();
        WorldSession[] world = new WorldSession[1];
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    world[0] = app.talkWorld(animus);
                    world[0].addDialogueListener(new DialogueListener() {
                        @Override
                        public void onPartialReply(String npcId, String textSoFar) {
                            partials.add(textSoFar);
                        }

                        @Override
                        public void onReply(DialogueReply r) {
                            replies.put(r.npcId(), r);
                        }
                    });
                },
                (app, frame) -> {
                    if (frame == 2) {
                        world[0].speak("brann", "What does an iron sword cost?");
                    }
                    return !replies.containsKey("brann") && frame < 60 * 120;
                });
        game.runToEnd(180);
        return replies.get("brann");
    }
}
