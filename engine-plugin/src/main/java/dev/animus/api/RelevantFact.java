package dev.animus.api;

/**
 * One of an NPC's facts, with how close it came to a query. Immutable.
 *
 * @param fact the fact, as the world file says it
 * @param score the encoder's cosine similarity to the query (shared knowledge scores a little
 *     less than the NPC's own facts)
 */
public record RelevantFact(String fact, float score) {}
