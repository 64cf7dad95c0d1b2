package dev.animus.inference;

/** What a request is for; decides its default priority and whether newer ones replace it. */
public enum RequestKind {
    /**
     * What an NPC perceives. At most one per NPC waits in the queue: a newer one replaces
     * an older one that has not started.
     */
    PERCEPTION(Priority.AMBIENT, true),
    /**
     * A discrete thing an NPC noticed (someone came into sight, a sound). Not coalesced: each
     * is news; NPCs send only changes, within a budget.
     */
    PERCEPT(Priority.AMBIENT, false),
    /** A player's utterance to an NPC. */
    DIALOGUE(Priority.PLAYER, false),
    /** A description of a scene. */
    DESCRIPTION(Priority.NORMAL, false),
    /** Anything else: retrieval, tools, tests. */
    QUERY(Priority.NORMAL, false);

    private final Priority defaultPriority;
    private final boolean coalesced;

    RequestKind(Priority defaultPriority, boolean coalesced) {
        this.defaultPriority = defaultPriority;
        this.coalesced = coalesced;
    }

    /** @return the priority a request of this kind gets unless it names one */
    public Priority defaultPriority() {
        return defaultPriority;
    }

    /** @return whether a newer request of this kind from the same owner replaces an older one */
    public boolean coalesced() {
        return coalesced;
    }
}
