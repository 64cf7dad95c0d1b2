package dev.animus.inference;

import java.util.List;

/**
 * A model that generates over many steps, run by the {@link InferenceQueue} with continuous
 * batching: each worker keeps a session of sequences in flight, new requests join at the next
 * step, and finished ones leave at once.
 *
 * <p>Like {@link BatchModel}, the queue opens one session per worker thread on that thread,
 * so loading happens off the render thread.
 *
 * @param <I> the input of one request
 * @param <O> the output of one request
 */
public interface GenerativeModel<I, O> extends AutoCloseable {

    /** @return the name requests use to address this model */
    String name();

    /** @return the type of one input, checked at submission */
    Class<I> inputType();

    /** @return the most sequences one session decodes at once (&ge;1) */
    int maxActive();

    /** @return a session for the calling worker thread, loading the model first if needed */
    Session<I, O> openSession();

    /**
     * The queue gave up on a load of this model that never returned (it took longer than
     * {@link QueueConfig#loadSeconds()}): whoever waits for the model to be ready should stop
     * waiting. Called on the queue's watchdog thread; the hung load may still be running.
     *
     * @param reason why, for messages
     */
    default void loadGivenUp(String reason) {}

    @Override
    void close();

    /**
     * One worker's sequences in flight. Not thread-safe.
     *
     * @param <I> the input of one request
     * @param <O> the output of one request
     */
    interface Session<I, O> extends AutoCloseable {

        /**
         * Starts a sequence (prefills its prompt).
         *
         * @param id the request's id
         * @param input its input
         * @return its output if it ended at once, else null
         */
        O join(long id, I input);

        /** @return the sequences that ended in one decode step of all active ones */
        List<Done<O>> step();

        /** @param id a request decoding now @return whether it was, now ended and its memory freed */
        boolean cancel(long id);

        /** @return sequences decoding now */
        int active();

        @Override
        void close();
    }

    /**
     * A sequence that ended: with its output, or with the reason it failed alone (a server that
     * refused one request) while the session's other sequences go on.
     *
     * @param id the request's id
     * @param output its output, or null when it failed
     * @param error why it failed, or null
     */
    record Done<O>(long id, O output, String error) {
        /** A sequence that ended with its output. */
        public Done(long id, O output) {
            this(id, output, null);
        }

        /** A sequence that failed alone. */
        public static <O> Done<O> failed(long id, String error) {
            return new Done<>(id, null, error);
        }
    }
}
