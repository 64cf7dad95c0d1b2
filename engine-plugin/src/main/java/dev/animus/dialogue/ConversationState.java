package dev.animus.dialogue;

/**
 * What one NPC's conversation with the player carries from one question to the next: the last
 * question (the one a run of follow-ups follows) and the fact its answer stated. With it,
 * "And the axe?" after "How much is a sword?" is looked up as the pair, and the sword's price
 * is not the answer again ({@link FollowUp}). Not thread-safe: one owner thread (the game's
 * render thread, a tool's main thread).
 */
public final class ConversationState {
    private String question;
    private String stated;
    private double time = Double.NEGATIVE_INFINITY;

    /**
     * What to look facts up for.
     *
     * @param query the text to retrieve facts for: the words, or the last question and the words
     * @param notThis the fact that must not answer this time (the last answer's, when the words
     *     move on to something else), or null
     */
    public record Lookup(String query, String notThis) {}

    /**
     * The player says something: how to look it up, and the words become the last question (a
     * follow-up keeps the question it follows).
     *
     * @param words what the player says (not null)
     * @param now the world clock, in seconds
     */
    public Lookup ask(String words, double now) {
        boolean recent = question != null && now - time <= FollowUp.WINDOW_SECONDS;
        String query = FollowUp.query(recent ? question : null, words);
        boolean follows = !query.equals(words);
        Lookup lookup = new Lookup(query, follows && FollowUp.movesOn(words) ? stated : null);
        if (!follows) {
            question = words;
        }
        stated = null;
        time = now;
        return lookup;
    }

    /**
     * The answer to the last question stated this fact.
     *
     * @param fact retrieval's verdict ({@link Answer#stated}), or null for none
     */
    public void stated(String fact) {
        stated = fact;
    }

    /** Forgets the conversation: the next words stand alone. */
    public void forget() {
        question = null;
        stated = null;
        time = Double.NEGATIVE_INFINITY;
    }
}
