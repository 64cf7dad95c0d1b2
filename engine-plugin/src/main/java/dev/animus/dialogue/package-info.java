/**
 * Dialogue: how an NPC's answer is asked of the decoder (retrieved facts, the shared prompt
 * format, tags constrained to the NPC's actions and emotions, streamed text).
 */
package dev.animus.dialogue;
