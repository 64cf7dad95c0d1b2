/**
 * Perception without the scene graph: percepts, the rendering of what an NPC senses into
 * words, salience, only-changes filtering, per-NPC budgets, and the AI level of detail that
 * decides how often each NPC thinks. The jME sensors that feed it ({@code SceneSenses},
 * {@code ProximitySensor}) live in {@link dev.animus.api}.
 *
 * <p>Internal to the plugin: the public API is {@link dev.animus.api}. Types from here that
 * appear in its signatures are stable as values; the rest may change between versions.
 */
package dev.animus.perception;
