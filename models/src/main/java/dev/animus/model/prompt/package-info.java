/**
 * How prompts are written: Animus's own format ({@link dev.animus.model.prompt.PromptFormat}),
 * special markers around the NPC's persona, retrieved facts, percepts and the player's words,
 * and a reply of action tag, emotion tag and text, which training and the plugin share; a
 * checkpoint's chat template ({@link dev.animus.model.prompt.ChatTemplate}); and the frame that
 * picks one of the two for a decoder ({@link dev.animus.model.prompt.PromptFrame}).
 */
package dev.animus.model.prompt;
