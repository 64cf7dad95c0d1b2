package dev.animus.dialogue;

import java.util.List;

/**
 * What the decoder answered for an NPC, before the plugin performs it. Immutable.
 *
 * @param text what it says
 * @param action the action it performs (one of its allowed actions)
 * @param emotion the emotion it shows (one of its allowed emotions)
 * @param facts the facts that went into its prompt, most relevant first (after the budget)
 * @param stated the fact the reply states, retrieval's verdict ({@link DialogueService}), or
 *     null for a free reply
 * @param latencyMs from the question to the whole reply
 */
public record Answer(String text, String action, String emotion, List<String> facts, String stated, long latencyMs) {

    public Answer {
        facts = List.copyOf(facts);
    }
}
