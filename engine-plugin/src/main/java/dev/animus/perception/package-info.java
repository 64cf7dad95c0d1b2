/**
 * Percepts and their text: what an NPC notices, said in a short sentence the encoder can
 * read. Engine-independent: positions come in as plain numbers.
 */
package dev.animus.perception;
