/**
 * The thin engine layer: {@link dev.animus.jme.AnimusAppState} (attach once), the
 * {@link dev.animus.jme.NpcBrainControl} on each NPC spatial, and scene sensors. Everything
 * here runs on the render thread; inference happens on the queue's workers and comes back
 * as immutable results.
 */
package dev.animus.jme;
