/**
 * What NPCs know and remember, and retrieval: picking the few facts (and later memories) most
 * relevant to what an NPC hears and sees, so only those go into its prompt. Engine-independent.
 */
package dev.animus.memory;
