package dev.animus.inference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A model the queue runs and the requests ready for it. Workers hold one session of each lane,
 * opened on their own thread, and drive every kind alike: requests join the session, and each
 * step ends some of them. A batch model's step runs all it holds as one batch; a generative
 * model's step decodes one token of each sequence (continuous batching). {@code ready} is
 * guarded by the waiting room's lock.
 */
abstract sealed class Lane permits Lane.Batched, Lane.Generative {
    final PriorityQueue<Pending> ready = new PriorityQueue<>(WaitingRoom.URGENT_FIRST);
    /** Whether a load was tried, whatever came of it. */
    volatile boolean loaded;
    /** Why the model's requests fail (it could not be loaded), or null. */
    volatile String loadError;

    private final String name;
    private final Class<?> inputType;
    private final int capacity;

    private Lane(String name, Class<?> inputType, int capacity) {
        this.name = name;
        this.inputType = inputType;
        this.capacity = capacity;
    }

    /** @return the name requests address the model by */
    final String name() {
        return name;
    }

    /** @return the type of one input, checked at submission */
    final Class<?> inputType() {
        return inputType;
    }

    /** @return the most requests one session holds */
    final int capacity() {
        return capacity;
    }

    /**
     * @return whether a step ends everything the session holds (a batch): such lanes are
     *     scheduled one batch at a time, the lane with the most urgent request first
     */
    abstract boolean batched();

    /** Opens a session on the calling worker thread, loading the model first if needed. */
    abstract GenerativeModel.Session<Object, Object> open();

    abstract void closeModel();

    /** The queue gave up on a load that never returned. */
    void loadGivenUp(String reason) {}

    /** A model run in batches (an encoder). */
    static final class Batched extends Lane {
        private final BatchModel<?, ?> model;

        Batched(BatchModel<?, ?> model) {
            super(model.name(), model.inputType(), model.maxBatchSize());
            this.model = model;
        }

        @Override
        boolean batched() {
            return true;
        }

        @Override
        @SuppressWarnings("unchecked")
        GenerativeModel.Session<Object, Object> open() {
            return new BatchAsSteps((BatchModel.BatchSession<Object, Object>) model.openSession());
        }

        @Override
        void closeModel() {
            model.close();
        }
    }

    /** A model that generates over many steps (a decoder). */
    static final class Generative extends Lane {
        private final GenerativeModel<?, ?> model;

        Generative(GenerativeModel<?, ?> model) {
            super(model.name(), model.inputType(), model.maxActive());
            this.model = model;
        }

        @Override
        boolean batched() {
            return false;
        }

        @Override
        @SuppressWarnings("unchecked")
        GenerativeModel.Session<Object, Object> open() {
            return (GenerativeModel.Session<Object, Object>) model.openSession();
        }

        @Override
        void closeModel() {
            model.close();
        }

        @Override
        void loadGivenUp(String reason) {
            model.loadGivenUp(reason);
        }
    }

    /** A batch session seen as steps: requests gather, and one step runs them all as a batch. */
    private static final class BatchAsSteps implements GenerativeModel.Session<Object, Object> {
        private final BatchModel.BatchSession<Object, Object> session;
        private final Map<Long, Object> gathered = new LinkedHashMap<>();

        BatchAsSteps(BatchModel.BatchSession<Object, Object> session) {
            this.session = session;
        }

        @Override
        public Object join(long id, Object input) {
            gathered.put(id, input);
            return null;
        }

        @Override
        public List<GenerativeModel.Done<Object>> step() {
            List<Long> ids = new ArrayList<>(gathered.keySet());
            List<Object> inputs = new ArrayList<>(gathered.values());
            gathered.clear(); // a batch that fails fails whole: nothing stays for the next step
            List<Object> outputs = session.run(inputs);
            if (outputs.size() != inputs.size()) {
                throw new IllegalStateException(
                        "model returned " + outputs.size() + " outputs for " + inputs.size() + " inputs");
            }
            List<GenerativeModel.Done<Object>> done = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                done.add(new GenerativeModel.Done<>(ids.get(i), outputs.get(i)));
            }
            return done;
        }

        @Override
        public boolean cancel(long id) {
            return gathered.remove(id) != null;
        }

        @Override
        public int active() {
            return gathered.size();
        }

        @Override
        public void close() {
            session.close();
        }
    }
}
