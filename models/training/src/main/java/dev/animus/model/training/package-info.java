/**
 * Training data of our own: random worlds (names, trades, goods, prices, places, times,
 * relations, rumours, personas) rendered into dialogue samples in the prompt format, with
 * targets that use the right fact in the NPC's voice. Evaluation worlds come from a held-out
 * split whose names never occur in training.
 */
package dev.animus.model.training;
