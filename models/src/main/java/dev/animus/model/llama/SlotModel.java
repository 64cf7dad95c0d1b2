package dev.animus.model.llama;

/**
 * A loaded decoder that a {@link ContinuousBatch} steps: it makes the per-session state of the
 * sequences decoding together ({@link DecodeSlots}). {@link LlamaModel} is one, on DJL's
 * PyTorch engine; {@link dev.animus.model.llama.cpu.CpuLlama} is another, in plain Java, for
 * small checkpoints on the CPU. The model itself is immutable and may be shared by threads;
 * each thread decodes in slots of its own.
 */
public interface SlotModel extends AutoCloseable {
    /** @return the model's configuration */
    LlamaConfig config();

    /** @return empty slots for one session's sequences (the caller closes them) */
    DecodeSlots newSlots();

    /** @return what the model runs on, for logs and benchmarks ("PyTorch cpu()", "Java, 1 thread") */
    String runtime();

    @Override
    void close();
}
