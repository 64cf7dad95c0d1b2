/**
 * Dialogue: how an NPC's answer is asked of the decoder (retrieved facts, the shared prompt
 * format, tags constrained to the NPC's actions and emotions, streamed text).
 *
 * <p>Internal to the plugin: the public API is {@link dev.animus.api}. Types from here that
 * appear in its signatures are stable as values; the rest may change between versions.
 */
package dev.animus.dialogue;
