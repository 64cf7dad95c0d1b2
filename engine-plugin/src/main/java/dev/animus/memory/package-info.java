/**
 * What NPCs know and remember: retrieval of the few facts and memories most relevant to what
 * an NPC hears and sees (only those go into its prompt), each NPC's memory stream, and saves
 * in an SQLite file. Engine-independent.
 *
 * <p>Internal to the plugin: the public API is {@link dev.animus.api}. Types from here that
 * appear in its signatures are stable as values; the rest may change between versions.
 */
package dev.animus.memory;
