package dev.animus.api;

/** Hears NPCs tell each other what they remember. Called on the render thread. */
@FunctionalInterface
public interface GossipListener {
    /**
     * @param fromNpc who told it
     * @param toNpc who heard it
     * @param heard the memory as the listener now has it ("Mira told me: Captain Vey saw ...")
     */
    void onGossip(String fromNpc, String toNpc, NpcMemory heard);
}
