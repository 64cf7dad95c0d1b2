package dev.animus.model.llama;

import ai.djl.ndarray.types.DataType;

/**
 * The number format a decoder's weights, activations and key/value cache are kept in. Norms and
 * the attention softmax always compute in fp32 (as transformers does), and logits leave the
 * model as fp32. There is no bfloat16: DJL 0.36's PyTorch engine aborts the JVM on a bfloat16
 * array (creating one, or converting to one), so a bf16 checkpoint is held in fp16 on a GPU.
 */
public enum Precision {
    /**
     * fp16 on a GPU, fp32 on the CPU, where half-precision arithmetic is slower (the default).
     * Gemma stays in fp32 on a GPU too: its activations outgrow fp16's range (it was trained in
     * bf16, which DJL cannot hold).
     */
    AUTO,
    /** Always fp32. */
    FP32,
    /** IEEE half precision: half the memory of fp32. */
    FP16;

    /**
     * @param gpu whether the model runs on a GPU
     * @param fp16Safe whether the family's activations stay within fp16's range (not Gemma's)
     * @return the DJL data type the model computes in
     */
    DataType dataType(boolean gpu, boolean fp16Safe) {
        return switch (this) {
            case FP32 -> DataType.FLOAT32;
            case FP16 -> DataType.FLOAT16;
            case AUTO -> gpu && fp16Safe ? DataType.FLOAT16 : DataType.FLOAT32;
        };
    }
}
