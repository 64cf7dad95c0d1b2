/**
 * The world model (places, props, events, NPC definitions with their behaviours), the
 * world-file parser and its validation. A world file is data only: YAML with a fixed
 * vocabulary, bounded in size and nesting, that cannot run code or name files outside the
 * asset roots. Engine-independent; the jME asset loader is in {@code dev.animus.api}.
 *
 * <p>Internal to the plugin: the public API is {@link dev.animus.api}. Types from here that
 * appear in its signatures are stable as values; the rest may change between versions.
 */
package dev.animus.world;
