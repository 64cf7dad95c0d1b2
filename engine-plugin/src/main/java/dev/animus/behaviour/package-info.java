/**
 * Behaviours: trigger, then optional conditions, then actions, with cooldowns and
 * once-per-day limits; and the rule engine that runs them over the world model. Engine
 * independent: it takes stimuli as plain values and returns actions as plain values.
 *
 * <p>Internal to the plugin: the public API is {@link dev.animus.api}. Types from here that
 * appear in its signatures are stable as values; the rest may change between versions.
 */
package dev.animus.behaviour;
