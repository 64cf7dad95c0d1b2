/**
 * Perception without the scene graph: percepts, the rendering of what an NPC senses into
 * words, salience, only-changes filtering, per-NPC budgets, and the AI level of detail that
 * decides how often each NPC thinks. The jME sensors that feed it live in {@code jme}.
 */
package dev.animus.perception;
