package dev.animus.inference;

import dev.animus.model.encoder.Embedding;
import dev.animus.model.encoder.SentenceEncoder;
import java.util.List;
import java.util.function.Supplier;

/**
 * The sentence encoder as a {@link BatchModel}: sentences in, {@link Embedding}s out.
 *
 * <p>The encoder is loaded by the first worker that opens a session, never by the render
 * thread. Each worker gets its own DJL predictor.
 */
public final class EncoderBatchModel implements BatchModel<String, Embedding> {
    /** The name the plugin uses for its sentence encoder. */
    public static final String NAME = "encoder";

    private final String name;
    private final int maxBatchSize;
    private final Supplier<SentenceEncoder> loader;
    private final boolean ownsEncoder;
    private SentenceEncoder encoder;

    private EncoderBatchModel(String name, int maxBatchSize, Supplier<SentenceEncoder> loader, boolean ownsEncoder) {
        QueueConfig.requireIn("maxBatchSize", maxBatchSize, 1, 4096);
        this.name = name;
        this.maxBatchSize = maxBatchSize;
        this.loader = loader;
        this.ownsEncoder = ownsEncoder;
    }

    /**
     * A model that loads its encoder lazily on a worker and closes it with the queue.
     *
     * @param name the model's name in requests (not null)
     * @param maxBatchSize the largest batch (1 to 4096)
     * @param loader loads the encoder; called once, on a worker thread (not null)
     * @return the model
     */
    public static EncoderBatchModel loading(String name, int maxBatchSize, Supplier<SentenceEncoder> loader) {
        return new EncoderBatchModel(name, maxBatchSize, loader, true);
    }

    /**
     * A model over an encoder the caller already loaded and will close itself.
     *
     * @param name the model's name in requests (not null)
     * @param maxBatchSize the largest batch (1 to 4096)
     * @param encoder the encoder (not null, stays open)
     * @return the model
     */
    public static EncoderBatchModel sharing(String name, int maxBatchSize, SentenceEncoder encoder) {
        return new EncoderBatchModel(name, maxBatchSize, () -> encoder, false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Class<String> inputType() {
        return String.class;
    }

    @Override
    public int maxBatchSize() {
        return maxBatchSize;
    }

    @Override
    public BatchSession<String, Embedding> openSession() {
        SentenceEncoder.Session session = encoder().newSession();
        return new BatchSession<>() {
            @Override
            public List<Embedding> run(List<String> inputs) {
                return session.encode(inputs);
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    private synchronized SentenceEncoder encoder() {
        if (encoder == null) {
            encoder = loader.get();
        }
        return encoder;
    }

    @Override
    public synchronized void close() {
        if (ownsEncoder && encoder != null) {
            encoder.close();
        }
        encoder = null;
    }
}
