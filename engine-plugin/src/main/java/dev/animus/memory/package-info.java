/**
 * What NPCs know and remember: retrieval of the few facts and memories most relevant to what
 * an NPC hears and sees (only those go into its prompt), each NPC's memory stream, and saves
 * in an SQLite file. Engine-independent.
 */
package dev.animus.memory;
