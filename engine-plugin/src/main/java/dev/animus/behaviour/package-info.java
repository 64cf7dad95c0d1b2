/**
 * The rule engine that runs an NPC's behaviours (a world file's triggers, conditions and actions,
 * defined in {@code dev.animus.world}) over the world model, with cooldowns and once-per-day
 * limits. Engine
 * independent: it takes stimuli as plain values and returns actions as plain values.
 *
 * <p>Internal to the plugin: the public API is {@link dev.animus.api}. Types from here that
 * appear in its signatures are stable as values; the rest may change between versions.
 */
package dev.animus.behaviour;
