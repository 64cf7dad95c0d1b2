/**
 * The one prompt format the decoder is trained on and prompted with: special markers around
 * the NPC's persona, retrieved facts, percepts and the player's words, and a reply of action
 * tag, emotion tag and text. Training and the plugin both render prompts through this package.
 */
package dev.animus.model.prompt;
