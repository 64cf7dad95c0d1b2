/**
 * Behaviours: trigger, then optional conditions, then actions, with cooldowns and
 * once-per-day limits; and the rule engine that runs them over the world model. Engine
 * independent: it takes stimuli as plain values and returns actions as plain values.
 */
package dev.animus.behaviour;
