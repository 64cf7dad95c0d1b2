package dev.animus.model.llama;

/** One part of what a sequence must produce, in order: see {@link SequenceDecoder}. */
public sealed interface Segment {

    /** Tokens written as they are, whatever the model prefers (a fixed tag, a separator). */
    record Force(long[] tokens) implements Segment {}

    /** Exactly one of a set of choices (an action or emotion the NPC is allowed). */
    record Choose(ChoiceConstraint constraint) implements Segment {}

    /** Free text until a stop token or the token limit. */
    record Free() implements Segment {}
}
