/**
 * Hugging Face Llama-family decoders run through DJL's PyTorch engine: config.json,
 * safetensors weights (one file or sharded; F32, BF16 and F16 converted to F32), the forward
 * pass with RoPE, RMSNorm, grouped-query attention and SwiGLU, a KV cache, and sampling.
 */
package dev.animus.model.llama;
