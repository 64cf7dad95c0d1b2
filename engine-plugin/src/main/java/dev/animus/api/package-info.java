/**
 * Animus's public API: everything a game uses lives here.
 * <ul>
 * <li>Attach: {@link dev.animus.api.AnimusAppState} with an {@link dev.animus.api.AnimusConfig}
 *     (models, device, budgets, persistence location, the game's actions, clip mapping and
 *     bubble drawing).</li>
 * <li>Mark NPCs: {@link dev.animus.api.AnimusAppState#addNpc}, a
 *     {@link dev.animus.api.NpcBrainControl}, or the user-data tag the state picks up.</li>
 * <li>Run a world: {@link dev.animus.api.WorldSession} (talk to NPCs, report events and
 *     percepts, save and load, look around).</li>
 * <li>Listen: {@link dev.animus.api.DialogueListener}, {@link dev.animus.api.NpcActionListener},
 *     {@link dev.animus.api.NpcListener}, {@link dev.animus.api.WorldListener}.</li>
 * <li>Extend: {@link dev.animus.api.GameAction}, {@link dev.animus.api.ClipMapper},
 *     {@link dev.animus.api.BubbleDrawer}, {@link dev.animus.api.PerceptionSensor}.</li>
 * </ul>
 * Threads: the scene graph belongs to the render thread, and so do the state, the world
 * session and the controls, unless a method says otherwise; inference runs on the queue's
 * workers and its results come back to the render thread as immutable values, where the
 * listeners hear them. The other packages ({@code dev.animus.behaviour}, {@code world},
 * {@code memory}, {@code perception}, {@code inference}, {@code dialogue}) are the plugin's
 * internals: their types appear here as values (a world, a command, a memory, queue figures),
 * but what they offer beyond that may change between versions.
 */
package dev.animus.api;
