/**
 * What NPCs tell each other when they meet: which pairs stop for a word ({@link
 * dev.animus.gossip.Gossip}, from their sociability and ties), which memories are worth passing
 * on and how they fade, and the witness's memory retold in the third person ({@link
 * dev.animus.gossip.Retelling}), passed on unchanged so a rumour is never reworded into
 * something nobody saw. Engine-free, pure rules; the runtime applies them on the frame thread.
 */
package dev.animus.gossip;
