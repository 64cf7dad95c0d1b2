package dev.animus.api;

import dev.animus.model.encoder.Embedding;

/**
 * What an NPC perceived and what the encoder made of it. Immutable.
 *
 * @param npcId the NPC
 * @param text the percept as the encoder read it
 * @param embedding the percept's sentence embedding
 * @param frame the frame the percept was made in
 * @param latencyMs from submission to result, in milliseconds
 */
public record PerceptionUpdate(String npcId, String text, Embedding embedding, long frame, double latencyMs) {}
