/**
 * The sentence encoder: a pretrained MiniLM-class Transformer (BGE-small-en-v1.5 by default)
 * run through DJL's ONNX Runtime engine, with DJL's Hugging Face tokenizer, CLS or mean
 * pooling and L2 normalisation.
 * Its embeddings drive retrieval, semantic triggers and memory.
 */
package dev.animus.model.encoder;
