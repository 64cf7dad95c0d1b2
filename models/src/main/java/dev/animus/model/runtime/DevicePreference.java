package dev.animus.model.runtime;

import java.util.Locale;

/** Which device a model should run on. */
public enum DevicePreference {
    /** The GPU when DJL sees one for the engine, else the CPU (the default). */
    AUTO,
    /** Always the CPU. */
    CPU,
    /** The GPU; falls back to the CPU with a warning when the engine sees none. */
    GPU;

    /**
     * Parses a configuration value such as {@code "auto"}, {@code "cpu"} or {@code "gpu"}.
     *
     * @param text the value (not null)
     * @param source where the value came from, for the error message (not null)
     * @return the preference
     * @throws IllegalArgumentException naming the value, its source and what is allowed
     */
    public static DevicePreference parse(String text, String source) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Unknown device '" + text + "' in " + source + "; allowed: auto, cpu, gpu", e);
        }
    }
}
