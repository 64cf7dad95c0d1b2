package dev.animus.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queue's scheduling rules, on a deterministic model. */
class InferenceQueueTest {
    private final ConcurrentLinkedQueue<InferenceResult> delivered = new ConcurrentLinkedQueue<>();
    private InferenceQueue queue;

    private InferenceQueue start(QueueConfig config, BatchModel<?, ?>... models) {
        queue = new InferenceQueue(config, List.of(models), delivered::add, true);
        return queue;
    }

    /** A queue on a clock the test moves. */
    private InferenceQueue start(QueueConfig config, Clock clock, BatchModel<?, ?>... models) {
        queue = new InferenceQueue(config, List.of(models), List.of(), delivered::add, true, clock);
        return queue;
    }

    @AfterEach
    void close() {
        if (queue != null) {
            queue.close();
        }
    }

    private static InferenceResult await(Ticket t) throws Exception {
        return t.result().get(30, TimeUnit.SECONDS);
    }

    /** Waits for a condition (not for a time): a busy machine only makes it slower. */
    static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "gave up waiting for " + what);
            Thread.sleep(5);
        }
    }

    private Ticket ask(String owner, RequestKind kind, String text) {
        return queue.submit(InferenceRequest.of(owner, kind, "text", text));
    }

    /** Holds the single worker inside a batch so that later submissions queue up. */
    private Ticket holdWorker(TextModel model) throws Exception {
        Ticket gate = ask("gatekeeper", RequestKind.QUERY, "gate");
        queue.flush();
        assertTrue(model.gateEntered.await(30, TimeUnit.SECONDS));
        return gate;
    }

    @Test
    void theWorkersYieldTheRenderThreadsCoreUnlessToldNotTo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(com.sun.jna.Platform.isLinux(), "SCHED_IDLE is Linux's");
        for (boolean yield : new boolean[] {true, false}) {
            java.util.concurrent.CompletableFuture<Integer> policy = new java.util.concurrent.CompletableFuture<>();
            BatchModel<String, String> probe = new BatchModel<>() {
                @Override
                public String name() {
                    return "probe";
                }

                @Override
                public Class<String> inputType() {
                    return String.class;
                }

                @Override
                public int maxBatchSize() {
                    return 8;
                }

                @Override
                public void close() {}

                @Override
                public BatchSession<String, String> openSession() {
                    return new BatchSession<>() {
                        @Override
                        public List<String> run(List<String> inputs) {
                            policy.complete(Yielding.policyOfThisThread());
                            return inputs;
                        }

                        @Override
                        public void close() {}
                    };
                }
            };
            try (InferenceQueue q =
                    new InferenceQueue(QueueConfig.DEFAULT.withYieldToGame(yield), List.of(probe), r -> {}, true)) {
                q.submit(InferenceRequest.of("npc", RequestKind.PERCEPTION, "probe", "hello"));
                q.flush();
                int seen = policy.get(30, TimeUnit.SECONDS);
                assertEquals(yield ? Yielding.SCHED_IDLE : 0, seen, "the worker's scheduling policy, yield=" + yield);
            }
        }
    }

    @Test
    void everythingSubmittedInOneFrameRunsAsOneBatch() throws Exception {
        TextModel model = new TextModel("text", 64);
        start(QueueConfig.DEFAULT, model);
        Ticket gate = holdWorker(model);
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            tickets.add(ask("npc" + i, RequestKind.PERCEPTION, "saw " + i));
        }
        model.open();
        await(gate);
        // The worker looks for work with the frame half-submitted, and must not start it.
        waitFor(() -> queue.idleWorkers() == 1, "the worker to look for work and park");
        assertEquals(List.of(List.of("gate")), model.batches, "nothing of a frame not flushed ran");
        model.batches.clear();
        long frame = queue.currentFrame();
        queue.flush();
        long batchId = -1;
        for (int i = 0; i < 50; i++) {
            InferenceResult r = await(tickets.get(i));
            assertEquals(ResultStatus.COMPLETED, r.status());
            assertEquals("SAW " + i, r.output(String.class));
            assertEquals("saw " + i, r.input(), "a result carries its request's input");
            assertEquals(frame, r.frame());
            assertEquals(50, r.batchSize());
            batchId = i == 0 ? r.batchId() : batchId;
            assertEquals(batchId, r.batchId());
        }
        assertEquals(1, model.batches.size());
        QueueMetrics m = queue.metrics();
        assertEquals(1L, m.batchSizes().get(50));
        assertEquals(51, m.completed(), "the 50 and the gate");
        assertEquals(51, m.latency().count());
    }

    @Test
    void severalWorkersEachOpenTheirOwnSessionAndShareTheWork() throws Exception {
        java.util.Set<Thread> sessionThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger sessions = new java.util.concurrent.atomic.AtomicInteger();
        TextModel model = new TextModel("text", 4) {
            @Override
            public BatchSession<String, String> openSession() {
                sessions.incrementAndGet();
                sessionThreads.add(Thread.currentThread());
                return super.openSession();
            }
        };
        start(QueueConfig.DEFAULT.withWorkers(3), model);
        List<Ticket> tickets = new ArrayList<>();
        for (int frame = 0; frame < 20; frame++) {
            for (int i = 0; i < 8; i++) {
                tickets.add(ask("npc" + i, RequestKind.QUERY, "f" + frame + " n" + i));
            }
            queue.flush();
        }
        for (Ticket t : tickets) {
            InferenceResult r = await(t);
            assertTrue(r.completed());
            assertEquals(((String) r.input()).toUpperCase(java.util.Locale.ROOT), r.output(String.class));
        }
        // Sessions open lazily: on a loaded machine one worker may find no work before the rest finish.
        assertEquals(sessions.get(), sessionThreads.size(), "one session per worker thread, never two");
        assertTrue(
                sessionThreads.size() >= 2 && sessionThreads.size() <= 3,
                "the workers shared the work: " + sessionThreads);
        assertEquals(160, model.batches.stream().mapToInt(List::size).sum());
    }

    @Test
    void futuresCompleteOnTheCallbackThreadSoChainedWorkNeverDelaysABatch() throws Exception {
        TextModel model = new TextModel("text", 8);
        start(QueueConfig.DEFAULT, model);
        Ticket gate = holdWorker(model);
        java.util.concurrent.CompletableFuture<String> ranOn =
                gate.result().thenApply(r -> Thread.currentThread().getName());
        model.open();
        assertEquals("animus-inference-callbacks", ranOn.get(30, TimeUnit.SECONDS));
    }

    @Test
    void batchesRespectTheSmallerOfQueueAndModelLimits() throws Exception {
        TextModel model = new TextModel("text", 16);
        start(QueueConfig.DEFAULT.withMaxBatchSize(32), model);
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tickets.add(ask("npc" + i, RequestKind.QUERY, "q" + i));
        }
        queue.flush();
        for (Ticket t : tickets) {
            assertTrue(await(t).completed());
        }
        assertEquals(List.of(16, 16, 8), model.batches.stream().map(List::size).toList());
    }

    @Test
    void aNewerPerceptionReplacesAnOlderOneThatHasNotStarted() throws Exception {
        TextModel model = new TextModel("text", 64);
        start(QueueConfig.DEFAULT, model);
        Ticket gate = holdWorker(model);
        Ticket first = ask("brann", RequestKind.PERCEPTION, "mira is near");
        queue.flush();
        Ticket second = ask("brann", RequestKind.PERCEPTION, "mira is far");
        Ticket other = ask("mira", RequestKind.PERCEPTION, "brann is near");
        Ticket dialogue = ask("brann", RequestKind.DIALOGUE, "hello");
        assertEquals(ResultStatus.SUPERSEDED, await(first).status());
        model.open();
        queue.flush();
        assertTrue(await(gate).completed());
        assertEquals("MIRA IS FAR", await(second).output(String.class));
        assertTrue(await(other).completed());
        assertTrue(await(dialogue).completed(), "dialogue is never coalesced");
        assertEquals(1, queue.metrics().superseded());
    }

    @Test
    void playerDialogueRunsBeforeAmbientPerception() throws Exception {
        TextModel model = new TextModel("text", 1);
        start(QueueConfig.DEFAULT, model);
        holdWorker(model);
        for (int i = 0; i < 3; i++) {
            ask("npc" + i, RequestKind.PERCEPTION, "ambient " + i);
        }
        Ticket utterance = ask("pip", RequestKind.DIALOGUE, "player speaks");
        Ticket last = ask("npc9", RequestKind.PERCEPTION, "ambient last");
        queue.flush();
        model.open();
        await(last);
        List<String> order = model.batches.stream().map(b -> b.get(0)).toList();
        assertEquals(List.of("gate", "player speaks", "ambient 0", "ambient 1", "ambient 2", "ambient last"), order);
        assertTrue(await(utterance).completed());
    }

    @Test
    void cancellingAWaitingRequestEndsItAtOnceAndARunningOneDropsItsOutput() throws Exception {
        TextModel model = new TextModel("text", 64);
        start(QueueConfig.DEFAULT, model);
        Ticket gate = holdWorker(model);
        Ticket waiting = ask("vey", RequestKind.QUERY, "patrol");
        assertTrue(queue.cancel(waiting.id()));
        assertEquals(ResultStatus.CANCELLED, await(waiting).status());
        assertTrue(queue.cancel(gate.id()), "a running request is still live");
        assertFalse(gate.result().isDone());
        model.open();
        InferenceResult r = await(gate);
        assertEquals(ResultStatus.CANCELLED, r.status());
        assertNull(r.output());
        assertFalse(queue.cancel(gate.id()), "an ended request is no longer live");
    }

    @Test
    void cancellingAnOwnerEndsAllItsLiveRequests() throws Exception {
        TextModel model = new TextModel("text", 64);
        start(QueueConfig.DEFAULT, model);
        holdWorker(model);
        Ticket a = ask("aldine", RequestKind.PERCEPTION, "herbs");
        queue.flush();
        Ticket b = ask("aldine", RequestKind.DIALOGUE, "heal me");
        Ticket keep = ask("pip", RequestKind.DIALOGUE, "coin?");
        assertEquals(2, queue.cancelOwner("aldine"));
        assertEquals(0, queue.liveCount("aldine"));
        assertEquals(ResultStatus.CANCELLED, await(a).status());
        assertEquals(ResultStatus.CANCELLED, await(b).status());
        model.open();
        queue.flush();
        assertTrue(await(keep).completed());
    }

    @Test
    void cancellingAnOwnersPerceptionLeavesWhatItWasAsked() throws Exception {
        TextModel model = new TextModel("text", 64);
        start(QueueConfig.DEFAULT, model);
        holdWorker(model);
        Ticket seen = ask("aldine", RequestKind.PERCEPTION, "herbs");
        Ticket asked = ask("aldine", RequestKind.DIALOGUE, "heal me");
        assertEquals(1, queue.cancelOwner("aldine", kind -> kind == RequestKind.PERCEPTION));
        assertEquals(ResultStatus.CANCELLED, await(seen).status());
        model.open();
        queue.flush();
        assertEquals("HEAL ME", await(asked).output(String.class), "a paused NPC still answers");
    }

    @Test
    void overloadShedsTheOldestAmbientWorkAndNeverAPlayersUtterance() throws Exception {
        TextModel model = new TextModel("text", 64);
        start(QueueConfig.DEFAULT.withCapacity(3), model);
        holdWorker(model);
        Ticket a0 = ask("a0", RequestKind.PERCEPTION, "x");
        Ticket a1 = ask("a1", RequestKind.PERCEPTION, "x");
        Ticket p0 = ask("p0", RequestKind.DIALOGUE, "x");
        Ticket p1 = ask("p1", RequestKind.DIALOGUE, "x"); // full: sheds a0, the oldest ambient
        assertEquals(ResultStatus.SHED, await(a0).status());
        Ticket p2 = ask("p2", RequestKind.DIALOGUE, "x"); // sheds a1
        assertEquals(ResultStatus.SHED, await(a1).status());
        Ticket p3 = ask("p3", RequestKind.DIALOGUE, "x"); // only player work left: refused, visibly
        InferenceResult refused = await(p3);
        assertEquals(ResultStatus.REJECTED, refused.status());
        assertTrue(refused.error().contains("full"), refused.error());
        Ticket a2 = ask("a2", RequestKind.PERCEPTION, "x"); // ambient cannot push out players
        assertEquals(ResultStatus.REJECTED, await(a2).status());
        model.open();
        queue.flush();
        for (Ticket t : List.of(p0, p1, p2)) {
            assertTrue(await(t).completed());
        }
        QueueMetrics m = queue.metrics();
        assertEquals(2, m.shed());
        assertEquals(2, m.rejected());
    }

    @Test
    void aFailingBatchFailsOnlyItsRequestsAndTheWorkerGoesOn() throws Exception {
        TextModel model = new TextModel("text", 64);
        start(QueueConfig.DEFAULT, model);
        Ticket bad = ask("hollis", RequestKind.QUERY, "boom");
        Ticket sameBatch = ask("mira", RequestKind.QUERY, "fine");
        queue.flush();
        InferenceResult failed = await(bad);
        assertEquals(ResultStatus.FAILED, failed.status());
        assertTrue(failed.error().contains("boom in batch"), failed.error());
        assertEquals(ResultStatus.FAILED, await(sameBatch).status());
        Ticket next = ask("mira", RequestKind.QUERY, "again");
        queue.flush();
        assertEquals("AGAIN", await(next).output(String.class));
        assertEquals(2, queue.metrics().failed());
    }

    @Test
    void requestsThatWaitedThroughALatencyResetStayOutOfTheFigures() throws Exception {
        TextModel model = new TextModel("text", 64);
        start(QueueConfig.DEFAULT, model);
        Ticket waited = ask("hollis", RequestKind.QUERY, "gate"); // held in the model until opened
        queue.flush();
        assertTrue(model.gateEntered.await(10, java.util.concurrent.TimeUnit.SECONDS));
        queue.clearLatencies(); // as a game does once its models have loaded
        model.open();
        await(waited);
        assertEquals(0, queue.metrics().latency().count(), "submitted before the reset: not counted");
        Ticket fresh = ask("mira", RequestKind.QUERY, "now");
        queue.flush();
        await(fresh);
        assertEquals(1, queue.metrics().latency().count());
    }

    @Test
    void runningOutOfMemoryFailsOneBatchAndTheQueueRecovers() throws Exception {
        TextModel model = new TextModel("text", 64);
        start(QueueConfig.DEFAULT, model);
        Ticket bad = ask("hollis", RequestKind.QUERY, "oom");
        queue.flush();
        InferenceResult failed = await(bad);
        assertEquals(ResultStatus.FAILED, failed.status());
        assertTrue(failed.error().contains("OutOfMemoryError"), failed.error());
        for (int i = 0; i < 3; i++) { // the worker lives on, batch after batch
            Ticket next = ask("mira", RequestKind.QUERY, "again " + i);
            queue.flush();
            assertEquals("AGAIN " + i, await(next).output(String.class));
        }
    }

    /**
     * A model named "broken" whose load throws {@code failure}, beside a working one: its request
     * fails with a reason naming it and holding {@code expected}, and the other model answers.
     */
    private void assertOnlyTheBrokenModelFails(Throwable failure, String expected) throws Exception {
        TextModel broken = new TextModel("broken", 8, failure);
        TextModel fine = new TextModel("text", 8);
        start(QueueConfig.DEFAULT, broken, fine);
        Ticket t = queue.submit(InferenceRequest.of("pip", RequestKind.QUERY, "broken", "hi"));
        Ticket ok = ask("pip", RequestKind.QUERY, "hi");
        queue.flush();
        InferenceResult r = await(t);
        assertEquals(ResultStatus.FAILED, r.status());
        assertTrue(r.error().contains(expected) && r.error().contains("broken"), r.error());
        assertTrue(await(ok).completed(), "other models keep working");
    }

    @Test
    void aModelThatCannotLoadFailsItsRequestsWithTheReason() throws Exception {
        assertOnlyTheBrokenModelFails(new IllegalArgumentException("weights.bin is missing"), "weights.bin is missing");
        assertTrue(queue.modelsReady());
    }

    @Test
    void aModelThatNeverReturnsIsGivenUpAndANewWorkerTakesOver() throws Exception {
        TextModel model = new TextModel("text", 64);
        ManualClock clock = new ManualClock(); // a stall is what the clock says, not how busy the machine is
        start(QueueConfig.DEFAULT.withStallSeconds(0.3), clock, model);
        Ticket stuck = ask("hollis", RequestKind.QUERY, "hang");
        queue.flush();
        assertTrue(model.hanging.await(10, TimeUnit.SECONDS));
        assertFalse(stuck.result().isDone(), "not given up before its time");
        clock.advanceSeconds(0.5);
        InferenceResult failed = await(stuck);
        assertEquals(ResultStatus.FAILED, failed.status());
        assertTrue(failed.error().contains("did not answer within 0.3 s"), failed.error());
        // (it failed while the batch still hung: the model is released only below)

        for (int i = 0; i < 3; i++) { // a new worker serves the queue while the old one is stuck
            Ticket next = ask("mira", RequestKind.QUERY, "after " + i);
            queue.flush();
            assertEquals("AFTER " + i, await(next).output(String.class));
        }
        QueueMetrics m = queue.metrics();
        assertEquals(1, m.workersReplaced());
        assertTrue(m.lastFault().contains("did not answer"), m.lastFault());

        model.release(); // the stuck batch returns at last: what it brings is dropped
        waitFor(() -> queue.workerThreadsAlive() == 1, "the stuck worker to return and stop");
        assertEquals(
                1,
                delivered.stream()
                        .filter(r -> r.requestId() == failed.requestId())
                        .count(),
                "a request ends once");
        assertEquals(ResultStatus.FAILED, stuck.result().get().status());
        assertEquals(0, queue.metrics().running());
        assertEquals(1, queue.metrics().failed());
    }

    @Test
    void aModelLoadThatNeverReturnsIsGivenUpAndTheOtherModelsWork() throws Exception {
        HangingLoad stuck = new HangingLoad("stuck");
        TextModel fine = new TextModel("text", 8);
        start(QueueConfig.DEFAULT.withLoadSeconds(0.3), stuck, fine);
        Ticket t = queue.submit(InferenceRequest.of("pip", RequestKind.QUERY, "stuck", "hi"));
        Ticket ok = ask("pip", RequestKind.QUERY, "hi");
        queue.flush();
        InferenceResult r = await(t);
        assertEquals(ResultStatus.FAILED, r.status());
        assertTrue(r.error().contains("model 'stuck' did not load within 0.3 s"), r.error());
        assertEquals("HI", await(ok).output(String.class), "a new worker loaded the other model and answered");
        assertTrue(queue.modelsReady(), "a load given up counts as done, so a game does not wait for it");
        QueueMetrics m = queue.metrics();
        assertEquals(1, m.workersReplaced());
        assertTrue(m.lastFault().contains("did not load"), m.lastFault());
        Ticket later = queue.submit(InferenceRequest.of("pip", RequestKind.QUERY, "stuck", "again"));
        queue.flush();
        assertTrue(await(later).error().contains("did not load"), "no other worker hangs on the same load");
        assertEquals(1, stuck.loads.get(), "one load, never retried");

        stuck.release(); // the load returns at last: its session is closed and never used
        waitFor(() -> stuck.closedSessions.get() == 1, "the late session to be closed");
        assertEquals(0, stuck.batches.get());
    }

    /** A model whose load never returns until released, deaf to interrupts as a native load is. */
    private static final class HangingLoad implements BatchModel<String, String> {
        private final String name;
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger closedSessions =
                new java.util.concurrent.atomic.AtomicInteger();

        HangingLoad(String name) {
            this.name = name;
        }

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
            return 8;
        }

        @Override
        public BatchSession<String, String> openSession() {
            loads.incrementAndGet();
            while (true) {
                try {
                    released.await();
                    break;
                } catch (InterruptedException e) {
                    // deaf, like a native call
                }
            }
            return new BatchSession<>() {
                @Override
                public List<String> run(List<String> inputs) {
                    batches.incrementAndGet();
                    return inputs;
                }

                @Override
                public void close() {
                    closedSessions.incrementAndGet();
                }
            };
        }

        @Override
        public void close() {}
    }

    @Test
    void nativeLibrariesThatWillNotLoadFailTheRequestsAndTheWorkerLives() throws Exception {
        assertOnlyTheBrokenModelFails(
                new UnsatisfiedLinkError("no libtorch_cuda.so in java.library.path"), "libtorch_cuda.so");
        assertEquals(0, queue.metrics().workersReplaced(), "the worker never died");
    }

    @Test
    void backgroundWorkThatWaitedTooLongIsShedAsStaleAndTheRestRuns() throws Exception {
        TextModel model = new TextModel("text", 64);
        ManualClock clock = new ManualClock();
        start(QueueConfig.DEFAULT.withAmbientWaitSeconds(0.05), clock, model);
        Ticket gate = holdWorker(model);
        Ticket seen = ask("pip", RequestKind.PERCEPTION, "a crow on the roof"); // ambient
        Ticket asked = ask("pip", RequestKind.QUERY, "what is that?");
        queue.flush();
        clock.advanceSeconds(0.2); // longer than the 50 ms background work may wait
        model.open();
        await(gate);
        InferenceResult stale = await(seen);
        assertEquals(ResultStatus.SHED, stale.status());
        assertTrue(stale.error().contains("stale"), stale.error());
        assertEquals("WHAT IS THAT?", await(asked).output(String.class), "what is not background still runs");
        assertEquals(1, queue.metrics().shed());
    }

    @Test
    void aWorkerThreadThatDiesIsReplacedAndTheNewOneServesTheQueue() throws Exception {
        // Fault injection: an Error nobody expects (a StackOverflowError here) escapes the
        // model's first load and takes the worker thread down with it.
        TextModel model = new TextModel("text", 64, new StackOverflowError("injected"), 1);
        start(QueueConfig.DEFAULT.withStallSeconds(0.2), model);
        Ticket t = ask("mira", RequestKind.QUERY, "anyone there?");
        queue.flush();
        assertEquals("ANYONE THERE?", await(t).output(String.class), "a new worker loaded the model and answered");
        QueueMetrics m = queue.metrics();
        assertEquals(1, m.workersReplaced());
        assertTrue(m.lastFault().contains("animus-inference-0 died"), m.lastFault());
    }

    @Test
    void workersThatKeepDyingStopBeingReplacedAndRequestsFailWithTheReason() throws Exception {
        TextModel model = new TextModel("text", 64, new StackOverflowError("injected, always"), -1);
        start(QueueConfig.DEFAULT.withStallSeconds(0.05), model);
        Ticket t = ask("mira", RequestKind.QUERY, "anyone there?");
        queue.flush();
        InferenceResult r = await(t);
        assertEquals(ResultStatus.FAILED, r.status());
        assertTrue(r.error().contains("keep dying"), r.error());
        long replaced = queue.metrics().workersReplaced();
        assertEquals(Watchdog.MOST_DEATHS_IN_A_ROW, replaced);
        long rounds = queue.watchdogRounds();
        waitFor(() -> queue.watchdogRounds() >= rounds + 5, "the watchdog to look again, five times");
        assertEquals(replaced, queue.metrics().workersReplaced(), "no endless replacing");
    }

    @Test
    void badRequestsAreRefusedWithTheReason() {
        start(QueueConfig.DEFAULT, new TextModel("text", 8));
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class,
                () -> queue.submit(InferenceRequest.of("pip", RequestKind.QUERY, "decoder", "hi")));
        assertEquals("Unknown model 'decoder' in a request of 'pip'; models: [text]", unknown.getMessage());
        IllegalArgumentException type = assertThrows(
                IllegalArgumentException.class,
                () -> queue.submit(InferenceRequest.of("pip", RequestKind.QUERY, "text", 42)));
        assertEquals("Model 'text' takes String, got Integer from 'pip'", type.getMessage());
        IllegalArgumentException config =
                assertThrows(IllegalArgumentException.class, () -> QueueConfig.DEFAULT.withWorkers(0));
        assertEquals("workers must be in [1, 16], got 0", config.getMessage());
    }

    @Test
    void closingCancelsWaitingWorkAndRefusesNewWork() throws Exception {
        TextModel model = new TextModel("text", 8);
        start(QueueConfig.DEFAULT, model);
        Ticket waiting = ask("brann", RequestKind.QUERY, "hammer");
        queue.close();
        assertEquals(ResultStatus.CANCELLED, await(waiting).status());
        assertThrows(IllegalStateException.class, () -> ask("brann", RequestKind.QUERY, "again"));
        assertEquals(delivered.size(), 1, "every ended request reaches the listener once");
    }
}
