/**
 * The jME side of the plugin, under its public package: what NPCs sense in the scene graph
 * (sight with line-of-sight rays against {@link dev.animus.scene.Occluders}, hearing, the
 * {@link dev.animus.scene.NpcGrid} of neighbours), their bodies from world files
 * ({@link dev.animus.scene.NpcSpawner}), their animation ({@link dev.animus.scene.NpcAnimator}),
 * walking ({@link dev.animus.scene.NpcLocomotion}), speech bubbles
 * ({@link dev.animus.scene.SpeechBubbles}) and the {@code .world} asset loader.
 *
 * <p>Internal: games use {@code dev.animus.api}. Render thread only. It imports the engine-free
 * runtime below it and never the public package above it.
 */
package dev.animus.scene;
