package dev.animus.runtime;

import java.util.List;

/**
 * What an NPC answered. Immutable.
 *
 * @param npcId who answered
 * @param prompt what it answered: the player's words, or the hint of a {@code say_generated} action
 * @param text what it says
 * @param action the action it performs (one of its allowed actions)
 * @param emotion the emotion it shows (one of its allowed emotions)
 * @param facts the facts that went into its prompt, most relevant first
 * @param latencyMs from the question to the whole reply
 * @param fallback whether no model could answer and {@code text} is one of the NPC's fallback lines
 */
public record Reply(
        String npcId,
        String prompt,
        String text,
        String action,
        String emotion,
        List<String> facts,
        long latencyMs,
        boolean fallback) {

    public Reply {
        facts = List.copyOf(facts);
    }
}
