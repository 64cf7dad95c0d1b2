/**
 * The world model (places, props, events, NPC definitions with their behaviours: each rule's
 * {@link dev.animus.world.Trigger}, {@link dev.animus.world.Condition}s and
 * {@link dev.animus.world.Action}s, as the file states them), the world-file parser and its
 * validation. It imports no other package of the plugin. A world file is data only: YAML with a fixed
 * vocabulary, bounded in size and nesting, that cannot run code or name files outside the
 * asset roots. Engine-independent; the jME asset loader is in {@code dev.animus.api}.
 *
 * <p>Internal to the plugin: the public API is {@link dev.animus.api}. Types from here that
 * appear in its signatures are stable as values; the rest may change between versions.
 */
package dev.animus.world;
