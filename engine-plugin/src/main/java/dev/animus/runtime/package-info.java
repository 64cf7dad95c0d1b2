/**
 * The engine-free runtime that the game and the command-line tools share: the models behind one
 * queue ({@link dev.animus.runtime.Models}), a running world with its behaviours, memories,
 * conversations, saves and reloads ({@link dev.animus.runtime.WorldRuntime}), and the
 * {@link dev.animus.runtime.Stage} it stands on: the scene graph in a game
 * ({@code dev.animus.api.WorldSession}), the world file alone in a tool
 * ({@link dev.animus.runtime.HeadlessWorld}). So {@code ask} answers exactly as an NPC in the game
 * does, and a fix lands once.
 *
 * <p>Threads: a world runtime belongs to its frame thread (the render thread in a game, the
 * caller's in a tool); inference runs on the queue's workers and comes back through the
 * runtime's inbox, drained at the start of each frame. Knows no engine: it never imports jME or
 * {@code dev.animus.api}.
 */
package dev.animus.runtime;
