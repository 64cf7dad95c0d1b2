/**
 * What games use: the plugin's configuration ({@link dev.animus.api.AnimusConfig}), the
 * listener through which NPCs report what they perceived, and the immutable values it
 * receives. The engine side ({@code AnimusAppState}, {@code NpcBrainControl}) lives in
 * {@code dev.animus.jme}.
 */
package dev.animus.api;
