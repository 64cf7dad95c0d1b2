package dev.animus.api;

/**
 * What the in-process decoder keeps its weights, activations and key/value caches in:
 * {@link AnimusConfig.Builder#decoderPrecision}. Norms and attention weights compute in fp32
 * whatever is chosen, as transformers computes them.
 */
public enum DecoderPrecision {
    /**
     * fp16 on a GPU (fp32 for Gemma, whose activations outgrow fp16), fp32 on the CPU, where
     * half-precision arithmetic is slower; the default.
     */
    AUTO,
    /** fp32 everywhere. */
    FP32,
    /** IEEE fp16 everywhere: half the memory (a bf16 checkpoint is converted to it). */
    FP16
}
