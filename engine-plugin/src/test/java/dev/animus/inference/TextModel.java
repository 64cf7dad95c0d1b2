package dev.animus.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real, tiny {@link BatchModel} for testing the queue's scheduling deterministically:
 * it upper-cases text. The input "gate" holds its batch until {@link #open()}; "boom" makes
 * its batch throw; "hang" holds its batch, deaf to interrupts as a native call is, until
 * {@link #release()}. It records every batch it ran.
 */
class TextModel implements BatchModel<String, String> {
    final List<List<String>> batches = java.util.Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch gateEntered = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);
    private final String name;
    private final int maxBatch;
    private final Throwable loadFailure;
    /** How many more session opens throw {@link #loadFailure}: -1 for all of them. */
    private final java.util.concurrent.atomic.AtomicInteger failuresLeft;

    final CountDownLatch hanging = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    TextModel(String name, int maxBatch) {
        this(name, maxBatch, null);
    }

    TextModel(String name, int maxBatch, Throwable loadFailure) {
        this(name, maxBatch, loadFailure, -1);
    }

    /** A model whose first {@code times} session opens throw {@code failure}, and later ones work. */
    TextModel(String name, int maxBatch, Throwable failure, int times) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.loadFailure = failure;
        this.failuresLeft = new java.util.concurrent.atomic.AtomicInteger(times);
    }

    void open() {
        gate.countDown();
    }

    /** Lets a "hang" batch return. */
    void release() {
        released.countDown();
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
        return maxBatch;
    }

    @Override
    public BatchSession<String, String> openSession() {
        boolean fail = loadFailure != null && (failuresLeft.get() < 0 || failuresLeft.getAndDecrement() > 0);
        if (fail && loadFailure instanceof RuntimeException e) {
            throw e;
        }
        if (fail && loadFailure instanceof Error e) {
            throw e;
        }
        return new BatchSession<>() {
            @Override
            public List<String> run(List<String> inputs) {
                batches.add(List.copyOf(inputs));
                if (inputs.contains("gate")) {
                    gateEntered.countDown();
                    try {
                        gate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (inputs.contains("hang")) {
                    hanging.countDown();
                    boolean interrupted = false;
                    while (true) {
                        try {
                            released.await();
                            break;
                        } catch (InterruptedException e) {
                            interrupted = true; // a native call would not notice either
                        }
                    }
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (inputs.contains("boom")) {
                    throw new IllegalStateException("boom in batch");
                }
                if (inputs.contains("oom")) { // fault injection: the native side ran out of memory
                    throw new OutOfMemoryError("injected: no memory for the batch");
                }
                return inputs.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void close() {}
}
