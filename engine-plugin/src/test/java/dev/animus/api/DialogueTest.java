package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.world.Action;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The player talks to NPCs in a running headless game: the bundled decoder answers through the
 * plugin's queue, streamed to the dialogue listeners and performed as commands; scripted
 * answers win over the model; with dialogue off the NPC says its fallback line.
 */
class DialogueTest {

    /** What one game run heard, all on the render thread. */
    private static final class Heard implements DialogueListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final Map<String, DialogueReply> replies = new ConcurrentHashMap<>();
        final Map<String, List<String>> partials = new ConcurrentHashMap<>();
        final List<NpcAction> commands = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        @Override
        public void onThinking(String npcId, String prompt) {
            threads.add(Thread.currentThread());
            events.add("thinking " + npcId);
        }

        @Override
        public void onPartialReply(String npcId, String textSoFar) {
            threads.add(Thread.currentThread());
            partials.computeIfAbsent(npcId, k -> new CopyOnWriteArrayList<>()).add(textSoFar);
        }

        @Override
        public void onReply(DialogueReply reply) {
            threads.add(Thread.currentThread());
            events.add("reply " + reply.npcId());
            replies.put(reply.npcId(), reply);
        }
    }

    private static Heard play(AnimusConfig config, java.util.function.Consumer<WorldSession> talk, int replies)
            throws Throwable {
        return play(config, talk, heard -> heard.replies.size() >= replies);
    }

    private static Heard play(
            AnimusConfig config,
            java.util.function.Consumer<WorldSession> talk,
            java.util.function.Predicate<Heard> done)
            throws Throwable {
        AnimusAppState animus = new AnimusAppState(config);
        Heard heard = new Heard();
        WorldSession[] session = new WorldSession[1];
        Thread[] render = new Thread[1];
        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    render[0] = Thread.currentThread();
                    session[0] = app.talkWorld(animus);
                    session[0].addDialogueListener(heard);
                    session[0].addActionListener(heard.commands::add);
                },
                (app, frame) -> {
                    if (frame == 2) {
                        talk.accept(session[0]);
                    }
                    return !done.test(heard) && frame < 60 * 120;
                });
        game.runToEnd(180);
        assertTrue(heard.threads.stream().allMatch(t -> t == render[0]), "listeners run on the render thread");
        return heard;
    }

    @Test
    void theDecoderAnswersStreamedWithAllowedTagsAndTheAnswerIsPerformed() throws Throwable {
        Heard heard = play(
                AnimusConfig.builder().build(),
                s -> {
                    s.speak("guard", "Hello there.");
                    s.speak("brann", "What does an iron sword cost?");
                },
                h -> h.replies.containsKey("brann")); // the guard's answer is scripted, and comes first

        DialogueReply brann = heard.replies.get("brann");
        assertFalse(brann.fallback(), brann.toString());
        assertFalse(brann.text().isBlank(), brann.toString());
        assertTrue(List.of("idle", "talk", "nod", "work").contains(brann.action()), brann.toString());
        assertTrue(List.of("neutral", "proud", "angry").contains(brann.emotion()), brann.toString());
        assertEquals("An iron sword costs 40 silver.", brann.facts().get(0), "the most relevant fact comes first");
        List<String> partial = heard.partials.get("brann");
        assertTrue(partial != null && partial.size() > 1, "the reply streamed in pieces: " + partial);
        assertEquals(brann.text(), partial.get(partial.size() - 1), "the last piece is the whole reply");
        assertTrue(heard.events.indexOf("thinking brann") < heard.events.indexOf("reply brann"));
        assertTrue(heard.commands.contains(new NpcAction("brann", "dialogue", new Action.Say(brann.text()), "player")));
        assertTrue(heard.commands.contains(
                new NpcAction("brann", "dialogue", new Action.Animate(brann.action()), "player")));

        // The guard's spoken-to behaviour answers with its line; the model stays out of it.
        assertTrue(heard.commands.contains(
                new NpcAction("guard", "halt", new Action.Say("Move along, citizen."), "player")));
        assertFalse(heard.replies.containsKey("guard"), "the model stays out of a scripted answer");
        assertFalse(heard.commands.stream()
                .anyMatch(c -> c.npc().equals("guard") && c.source().equals("dialogue")));
    }

    @Test
    void aFollowUpIsAnsweredWithTheQuestionBeforeIt() throws Throwable {
        // "how much is it?" alone finds the axe's price a hair closer than the sword's; after a
        // question about swords it means the sword. "And the axe?" then moves on to the axe.
        List<DialogueReply> answers = new CopyOnWriteArrayList<>();
        WorldSession[] world = new WorldSession[1];
        List<String> questions = List.of("Do you make swords?", "how much is it?", "And the axe?");
        play(
                AnimusConfig.builder().build(),
                s -> {
                    world[0] = s;
                    s.addDialogueListener(new DialogueListener() {
                        @Override
                        public void onReply(DialogueReply reply) {
                            answers.add(reply);
                            if (answers.size() < questions.size()) {
                                world[0].speak("brann", questions.get(answers.size()));
                            }
                        }
                    });
                    s.speak("brann", questions.get(0));
                },
                h -> answers.size() >= questions.size());
        assertEquals(3, answers.size(), answers.toString());
        assertTrue(answers.stream().noneMatch(DialogueReply::fallback), answers.toString());
        assertTrue(answers.get(1).text().contains("40 silver"), answers.get(1).toString());
        assertTrue(answers.get(2).text().contains("25 silver"), answers.get(2).toString());
    }

    @Test
    void aDecoderThatTakesTooLongIsAnsweredWithAFallbackLineAndTheNpcBacksOff() throws Throwable {
        // Fault injection: no reply can arrive within a millisecond.
        double[] backoff = {-1};
        WorldSession[] world = new WorldSession[1];
        Heard heard = play(
                AnimusConfig.builder().replyTimeoutSeconds(0.001).build(),
                s -> {
                    world[0] = s;
                    s.speak("brann", "What does an iron sword cost?");
                },
                h -> {
                    if (backoff[0] < 0 && h.replies.containsKey("brann")) {
                        backoff[0] = world[0].replyBackoffSeconds("brann");
                        h.events.clear();
                        world[0].speak("brann", "And a shield?"); // asked again at once: no second try yet
                    }
                    return h.events.contains("reply brann");
                });
        DialogueReply brann = heard.replies.get("brann");
        assertTrue(brann.fallback(), brann.toString());
        assertEquals("And a shield?", brann.prompt());
        assertTrue(heard.commands.contains(
                new NpcAction("brann", "dialogue", new Action.Say("Hm. Ask me later."), "player")));
        assertTrue(
                backoff[0] > 1 && backoff[0] <= 2, "after one failure the decoder rests for about 2 s: " + backoff[0]);
        assertTrue(world[0].replyBackoffSeconds("brann") > 1, "the fallback answer did not count as a try");
    }

    @Test
    void aGeneratedLineIsWrittenByTheDecoder() throws Throwable {
        Heard heard = play(AnimusConfig.builder().build(), s -> s.raiseEvent("bell", null), 1);
        DialogueReply brann = heard.replies.get("brann");
        assertEquals("talk proudly about his craft", brann.prompt());
        assertFalse(brann.fallback());
        assertFalse(brann.text().isBlank());
    }

    @Test
    void withDialogueOffTheNpcSaysItsFallbackLine() throws Throwable {
        Heard heard = play(AnimusConfig.builder().dialogue(false).build(), s -> s.speak("brann", "Hi!"), 1);
        DialogueReply brann = heard.replies.get("brann");
        assertTrue(brann.fallback());
        assertEquals("Hm. Ask me later.", brann.text());
        assertTrue(heard.commands.contains(
                new NpcAction("brann", "dialogue", new Action.Say("Hm. Ask me later."), "player")));
    }
}
