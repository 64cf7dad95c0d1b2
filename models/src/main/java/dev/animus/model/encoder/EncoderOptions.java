package dev.animus.model.encoder;

import dev.animus.model.runtime.DevicePreference;
import java.util.Objects;

/**
 * How a sentence encoder is loaded and run.
 *
 * @param device where it runs
 * @param maxTokens longest input in tokens; longer sentences are truncated (8 to 8192)
 * @param threads CPU threads for one batch (1 to 1024), or 0 for all cores but one
 * @param pooling how token states become one sentence vector; must match the model
 */
public record EncoderOptions(DevicePreference device, int maxTokens, int threads, Pooling pooling) {

    /** AUTO device, 128 tokens, all cores but one, CLS pooling (right for the bundled BGE-small). */
    public static final EncoderOptions DEFAULT = new EncoderOptions(DevicePreference.AUTO, 128, 0, Pooling.CLS);

    public EncoderOptions {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(pooling, "pooling");
        if (maxTokens < 8 || maxTokens > 8192) {
            throw new IllegalArgumentException("maxTokens must be in [8, 8192], got " + maxTokens);
        }
        if (threads < 0 || threads > 1024) {
            throw new IllegalArgumentException("threads must be in [0, 1024], got " + threads);
        }
    }

    /** @return a copy on that device */
    public EncoderOptions withDevice(DevicePreference d) {
        return new EncoderOptions(d, maxTokens, threads, pooling);
    }

    /** @return a copy with that many threads (0 = all cores but one) */
    public EncoderOptions withThreads(int n) {
        return new EncoderOptions(device, maxTokens, n, pooling);
    }

    /** @return a copy with that pooling */
    public EncoderOptions withPooling(Pooling p) {
        return new EncoderOptions(device, maxTokens, threads, p);
    }

    /** How token states become one vector. */
    public enum Pooling {
        /** The mean of the token states under the attention mask (sentence-transformers MiniLM, mpnet). */
        MEAN,
        /** The first token's state (BGE, many retrieval models). */
        CLS
    }
}
