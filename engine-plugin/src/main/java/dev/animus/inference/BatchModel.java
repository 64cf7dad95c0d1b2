package dev.animus.inference;

import java.util.List;

/**
 * A model the {@link InferenceQueue} runs in batches.
 *
 * <p>The queue calls {@link #openSession()} on each worker thread, so loading happens off
 * the render thread; an implementation loads its weights lazily on the first call and must
 * make that call thread-safe. Sessions are confined to the worker that opened them.
 *
 * @param <I> the input of one request
 * @param <O> the output of one request
 */
public interface BatchModel<I, O> extends AutoCloseable {

    /** @return the name requests use to address this model (not null, unique per queue) */
    String name();

    /** @return the type of one input, checked at submission */
    Class<I> inputType();

    /** @return the largest batch this model takes (&ge;1) */
    int maxBatchSize();

    /**
     * Opens a session for the calling worker thread, loading the model first if needed.
     *
     * @return a session (not null)
     * @throws RuntimeException if the model cannot be loaded; every request of the model
     *     then fails with this error attached
     */
    BatchSession<I, O> openSession();

    /** Releases the model's resources, after every session is closed. */
    @Override
    void close();

    /**
     * One worker's handle on a model (for example one DJL predictor). Not thread-safe.
     *
     * @param <I> the input of one request
     * @param <O> the output of one request
     */
    interface BatchSession<I, O> extends AutoCloseable {

        /**
         * Runs one batch.
         *
         * @param inputs the inputs (not null, not empty, at most maxBatchSize)
         * @return one output per input, in the same order
         */
        List<O> run(List<I> inputs);

        @Override
        void close();
    }
}
