package dev.animus.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.llama.GenerationConfig;
import dev.animus.model.llama.Generator;
import dev.animus.model.llama.LlamaModel;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.llama.Precision;
import dev.animus.model.llama.Segment;
import dev.animus.model.llama.SequenceDecoder;
import dev.animus.model.llama.SlotModel;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.model.runtime.DeviceSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The TinyStories decoder in the InferenceQueue: continuous batching, streaming, priority, cancellation. */
class DecoderThroughQueueTest {
    // spotless:off
    private static final List<String> PROMPTS = List.of("Once upon a time", "Tom had a big red ball.",
            "The cat sat on the mat and", "Lily and Ben went to the park. They saw a", "One day, a little bird",
            "Mom said, \"Time for bed!\" But Sam was not tired. He wanted to");
    // spotless:on
    private static final int[] LIMITS = {25, 7, 18, 12, 30, 9};
    private static Path folder;
    private static LlamaTokenizer tokenizer;

    @BeforeAll
    static void find() {
        // models/testdata/tinystories-656k, passed by the root pom (the default is for an IDE run)
        folder = Path.of(System.getProperty("animus.testmodel.dir", "../models/testdata/tinystories-656k"));
        if (!Files.isRegularFile(folder.resolve("model.safetensors"))) {
            throw new IllegalStateException("The test model is not at " + folder.toAbsolutePath()
                    + ": it is committed at models/testdata/tinystories-656k; is the clone complete?");
        }
        tokenizer = LlamaTokenizer.load(folder);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static InferenceQueue queue(int maxActive) {
        return new InferenceQueue(
                QueueConfig.DEFAULT,
                List.of(),
                List.of(new DecoderModel(
                        DecoderModel.NAME,
                        maxActive,
                        () -> LlamaModel.load(folder, DevicePreference.CPU),
                        () -> LlamaTokenizer.load(folder))),
                r -> {},
                true);
    }

    private static InferenceRequest talk(String owner, Priority priority, DecodeRequest input) {
        return new InferenceRequest(owner, RequestKind.DIALOGUE, priority, DecoderModel.NAME, input);
    }

    private static DecodeResult await(Ticket t) throws Exception {
        InferenceResult r = t.result().get(120, TimeUnit.SECONDS);
        assertEquals(ResultStatus.COMPLETED, r.status(), String.valueOf(r.error()));
        return r.output(DecodeResult.class);
    }

    @Test
    void aSmallPlainCheckpointOnTheCpuDecodesInJavaAndTheStatusSaysSo() {
        try (SlotModel model = DecoderModel.loadModel(folder, DevicePreference.CPU, Precision.AUTO)) {
            assertTrue(model.runtime().startsWith("Java CPU fp32"), model.runtime());
            assertEquals(model.runtime(), DeviceSelector.chosen().get("decoder"));
        }
    }

    @Test
    void conversationsSubmittedOverSeveralFramesDecodeExactlyAsAloneAndStream() throws Exception {
        List<long[]> alone = new ArrayList<>();
        try (LlamaModel model = LlamaModel.load(folder, DevicePreference.CPU)) {
            for (int i = 0; i < PROMPTS.size(); i++) {
                alone.add(Generator.run(
                                model,
                                tokenizer.encode(PROMPTS.get(i)),
                                new SequenceDecoder(
                                        GenerationConfig.GREEDY.withMaxNewTokens(LIMITS[i]),
                                        List.of(new Segment.Free()),
                                        tokenizer,
                                        null))
                        .tokens());
            }
        }
        StringBuilder streamed = new StringBuilder();
        try (InferenceQueue queue = queue(8)) {
            List<Ticket> tickets = new ArrayList<>();
            for (int i = 0; i < PROMPTS.size(); i++) {
                SequenceDecoder.TokenListener listener = i == 0 ? (token, delta) -> streamed.append(delta) : null;
                tickets.add(queue.submit(talk(
                        "npc" + i,
                        Priority.NORMAL,
                        new DecodeRequest(
                                tokenizer.encode(PROMPTS.get(i)),
                                GenerationConfig.GREEDY.withMaxNewTokens(LIMITS[i]),
                                List.of(new Segment.Free()),
                                listener))));
                if (i % 2 == 1) {
                    queue.flush(); // two per frame: later ones join sequences already decoding
                    Thread.sleep(15);
                }
            }
            queue.flush();
            for (int i = 0; i < PROMPTS.size(); i++) {
                DecodeResult r = await(tickets.get(i));
                assertArrayEquals(alone.get(i), r.tokens(), "conversation " + i + ": " + r.text());
            }
            assertEquals(tokenizer.decode(alone.get(0)), streamed.toString(), "streamed text adds up");
            QueueMetrics m = queue.metrics();
            assertTrue(m.largestBatch() >= 3, "decode steps held several conversations: " + m.batchSizes());
        }
    }

    @Test
    void aPlayerTakesTheNextFreeSlotBeforeAmbientWorkAndACancelledOneFreesItsSlot() throws Exception {
        try (InferenceQueue queue = queue(1)) {
            CountDownLatch started = new CountDownLatch(1);
            Ticket longOne = queue.submit(talk(
                    "hollis",
                    Priority.AMBIENT,
                    new DecodeRequest(
                            tokenizer.encode(PROMPTS.get(0)),
                            GenerationConfig.GREEDY.withMaxNewTokens(200),
                            List.of(new Segment.Free()),
                            (t, d) -> started.countDown())));
            queue.flush();
            assertTrue(started.await(120, TimeUnit.SECONDS));
            List<String> order = new CopyOnWriteArrayList<>();
            Ticket ambient = queue.submit(talk(
                    "mira",
                    Priority.AMBIENT,
                    DecodeRequest.free(tokenizer.encode(PROMPTS.get(1)), GenerationConfig.GREEDY.withMaxNewTokens(5))));
            Ticket player = queue.submit(talk(
                    "player",
                    Priority.PLAYER,
                    DecodeRequest.free(tokenizer.encode(PROMPTS.get(2)), GenerationConfig.GREEDY.withMaxNewTokens(5))));
            ambient.result().thenRun(() -> order.add("ambient"));
            player.result().thenRun(() -> order.add("player"));
            queue.flush();
            assertTrue(queue.cancel(longOne.id()), "the long conversation is running");
            InferenceResult cancelled = longOne.result().get(60, TimeUnit.SECONDS);
            assertEquals(ResultStatus.CANCELLED, cancelled.status());
            await(ambient);
            await(player);
            assertEquals(List.of("player", "ambient"), order, "the freed slot goes to the player first");
        }
    }

    @Test
    void backgroundBatchesStaySmallWhileAPlayersReplyIsWritten() throws Exception {
        TextModel text = new TextModel("text", 64);
        try (InferenceQueue queue = new InferenceQueue(
                QueueConfig.DEFAULT,
                List.of(text),
                List.of(new DecoderModel(
                        DecoderModel.NAME,
                        4,
                        () -> LlamaModel.load(folder, DevicePreference.CPU),
                        () -> LlamaTokenizer.load(folder))),
                r -> {},
                true)) {
            CountDownLatch started = new CountDownLatch(1);
            Ticket reply = queue.submit(talk(
                    "player",
                    Priority.PLAYER,
                    new DecodeRequest(
                            tokenizer.encode(PROMPTS.get(0)),
                            GenerationConfig.GREEDY.withMaxNewTokens(120),
                            List.of(new Segment.Free()),
                            (t, d) -> started.countDown())));
            queue.flush();
            assertTrue(started.await(120, TimeUnit.SECONDS));
            List<Ticket> background = new ArrayList<>();
            for (int i = 0; i < 64; i++) { // a crowd's perception arrives while the player's reply is written
                background.add(queue.submit(InferenceRequest.of("npc" + i, RequestKind.PERCEPT, "text", "saw " + i)));
            }
            queue.flush();
            for (Ticket t : background) {
                t.result().get(60, TimeUnit.SECONDS);
            }
            boolean replyStillRunning = !reply.result().isDone();
            await(reply);
            if (replyStillRunning) { // every background batch ran beside the reply
                assertTrue(
                        text.batches.stream().allMatch(b -> b.size() <= InferenceQueue.BATCH_BESIDE_URGENT_DECODING),
                        "batches beside the reply: "
                                + text.batches.stream().map(List::size).toList());
            }
            assertTrue(
                    text.batches.get(0).size() <= InferenceQueue.BATCH_BESIDE_URGENT_DECODING,
                    "the first background batch, taken while the reply was written, was small: "
                            + text.batches.get(0).size());
        }
    }
}
