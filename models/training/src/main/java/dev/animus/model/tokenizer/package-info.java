/**
 * Tokenizers of our own: byte-level BPE trained on our corpus and written as a Hugging Face
 * {@code tokenizer.json}, so DJL's tokenizer library reads it like any other checkpoint's.
 * Byte-level means every input encodes: emoji, other scripts, binary junk.
 */
package dev.animus.model.tokenizer;
