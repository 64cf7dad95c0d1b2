/**
 * Animus's public API: everything a game uses lives here.
 * <ul>
 * <li>Attach: {@link AnimusAppState} with an {@link AnimusConfig}
 *     (models, device, budgets, persistence location, the game's actions, clip mapping and
 *     bubble drawing).</li>
 * <li>Mark NPCs: {@link AnimusAppState#addNpc}, a
 *     {@link NpcBrainControl}, or the user-data tag the state picks up.</li>
 * <li>Run a world: {@link WorldSession} (talk to NPCs, report events and
 *     percepts, save and load, look around).</li>
 * <li>Listen: {@link DialogueListener}, {@link NpcActionListener},
 *     {@link NpcListener}, {@link WorldListener}.</li>
 * <li>Extend: {@link GameAction}, {@link ClipMapper},
 *     {@link BubbleDrawer}, {@link PerceptionSensor} (the default: {@link ProximitySensor}).</li>
 * </ul>
 * Threads: the scene graph belongs to the render thread, and so do the state, the world
 * session and the controls, unless a method says otherwise; inference runs on the queue's
 * workers and its results come back to the render thread as immutable values, where the
 * listeners hear them.
 *
 * <p>Everything else is internal and may change between versions: {@code dev.animus.scene}
 * (the jME parts under this package: senses, bodies, animation, locomotion, bubbles, the asset
 * loader), {@code dev.animus.runtime} (the engine-free runtime the game and the command-line
 * tools share) and the core under it ({@code inference}, {@code dialogue}, {@code memory},
 * {@code perception}, {@code behaviour}). What a game receives is this package's own values
 * ({@link NpcAction}, {@link NpcState}, {@link NpcMemory}, {@link RelevantFact},
 * {@link WorldTime}, {@link QueueFigures}, {@link Latency}), copied from the core's at the
 * boundary. Beside them, the signatures name only the world model ({@code dev.animus.world}:
 * the world file as the game reads it, published with this package) and the encoder's
 * {@code Embedding} from {@code animus-models}. The build checks that ({@code LayersTest}).
 */
package dev.animus.api;
