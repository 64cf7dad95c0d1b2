package dev.animus.api;

/** Where the models run: {@link AnimusConfig.Builder#device}. */
public enum Device {
    /** The GPU when one is seen (CUDA), the CPU otherwise; the default. */
    AUTO,
    /** The CPU, always. */
    CPU,
    /** The GPU; where there is none, a warning and the CPU. */
    GPU
}
