package dev.animus.api;

/**
 * Hears NPCs answer, for speech bubbles and logs. Every method is called on the render
 * thread, in order for one NPC: {@code onThinking}, any number of {@code onPartialReply}, then
 * {@code onReply} exactly once.
 */
public interface DialogueListener {

    /**
     * An NPC started to think about an answer (show a "thinking" cue).
     *
     * @param npcId who
     * @param prompt what it answers
     */
    default void onThinking(String npcId, String prompt) {}

    /**
     * More of the answer was written (for text that appears word by word).
     *
     * @param npcId who
     * @param textSoFar the reply so far
     */
    default void onPartialReply(String npcId, String textSoFar) {}

    /** @param reply the whole answer, or a fallback line if no model could answer */
    void onReply(DialogueReply reply);
}
