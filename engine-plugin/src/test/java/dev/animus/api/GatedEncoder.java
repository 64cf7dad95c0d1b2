package dev.animus.api;

import dev.animus.inference.BatchModel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The real encoder with two gates a test holds: while one is held, loading the model or
 * running the batches it picks waits, deaf to interrupts as a native call is. It records
 * which threads ran batches and how many run now. Install it with
 * {@code animus.faults = m -> gated = new GatedEncoder<>(m)}.
 */
final class GatedEncoder<I, O> implements BatchModel<I, O> {
    /** A switch threads wait at while it is held. */
    static final class Gate {
        private final Object lock = new Object();
        private boolean held;
        private final AtomicInteger waiting = new AtomicInteger();

        void hold() {
            synchronized (lock) {
                held = true;
            }
        }

        void release() {
            synchronized (lock) {
                held = false;
                lock.notifyAll();
            }
        }

        /** @return threads waiting at the gate now */
        int waiting() {
            return waiting.get();
        }

        void pass() {
            synchronized (lock) {
                waiting.incrementAndGet();
                try {
                    while (held) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            // deaf, like a native call
                        }
                    }
                } finally {
                    waiting.decrementAndGet();
                }
            }
        }
    }

    final Gate load = new Gate();
    final Gate batch = new Gate();
    /** The threads that ran batches. */
    final java.util.Set<String> batchThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Batches running now. */
    final AtomicInteger running = new AtomicInteger();
    /** Which batches the batch gate holds (default: all). */
    volatile Predicate<List<I>> holds = inputs -> true;

    private final BatchModel<I, O> model;

    GatedEncoder(BatchModel<I, O> model) {
        this.model = model;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public Class<I> inputType() {
        return model.inputType();
    }

    @Override
    public int maxBatchSize() {
        return model.maxBatchSize();
    }

    @Override
    public BatchSession<I, O> openSession() {
        load.pass();
        BatchSession<I, O> session = model.openSession();
        return new BatchSession<>() {
            @Override
            public List<O> run(List<I> inputs) {
                batchThreads.add(Thread.currentThread().getName());
                running.incrementAndGet();
                try {
                    if (holds.test(inputs)) {
                        batch.pass();
                    }
                    return session.run(inputs);
                } finally {
                    running.decrementAndGet();
                }
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    @Override
    public void close() {
        model.close();
    }
}
