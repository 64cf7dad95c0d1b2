package dev.animus.world;

import java.util.List;

/**
 * How an NPC words what it says without facts, from the {@code lines} of its world-file entry:
 * the decoder chooses among these rather than among Animus's built-in lists, so the NPC keeps
 * one voice. An empty list leaves the built-in one. Immutable.
 *
 * @param openers what an answer may open with before the fact it states ("Hm.", "Aye."); each ends a sentence
 * @param dontKnow how it says it does not know
 * @param greetings what it says when greeted
 * @param threatened what it says when threatened or insulted
 */
public record Lines(List<String> openers, List<String> dontKnow, List<String> greetings, List<String> threatened) {
    /** The built-in lists for everything. */
    public static final Lines BUILT_IN = new Lines(List.of(), List.of(), List.of(), List.of());

    public Lines {
        openers = List.copyOf(openers);
        dontKnow = List.copyOf(dontKnow);
        greetings = List.copyOf(greetings);
        threatened = List.copyOf(threatened);
    }

    /** @return {@code own}, or {@code builtIn} when the world file gives none */
    public static List<String> or(List<String> own, List<String> builtIn) {
        return own.isEmpty() ? builtIn : own;
    }
}
