package dev.animus.demo.bench;

import dev.animus.inference.DecodeRequest;
import dev.animus.inference.DecodeResult;
import dev.animus.inference.Decoder;
import dev.animus.inference.DecoderModel;
import dev.animus.inference.InferenceQueue;
import dev.animus.inference.InferenceRequest;
import dev.animus.inference.InferenceResult;
import dev.animus.inference.Priority;
import dev.animus.inference.QueueConfig;
import dev.animus.inference.RequestKind;
import dev.animus.inference.ResultStatus;
import dev.animus.inference.Ticket;
import dev.animus.model.llama.GenerationConfig;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.prompt.PromptFormat;
import dev.animus.model.prompt.ReplyPlan;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.remote.ServerDecoder;
import dev.animus.remote.ServerSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench server --server URL}: what a reply costs on each backend, the in-process decoder
 * against an inference server running the same checkpoint (llama.cpp's {@code llama-server} with
 * the file {@code export-gguf} writes), both through the queue as the game uses them. The prompts
 * are Lanternfall's NPCs as the dialogue prompt renders them (persona, three facts, actions and
 * emotions, a question); each reply is the dialogue plan (a constrained action and emotion, then
 * up to 48 tokens of free text), greedy. At 1 and 16 conversations at once: tokens/s, time to the
 * first token and to the whole reply. A command-line tool: it prints its table.
 */
final class ServerBenchmark {
    private ServerBenchmark() {}

    /**
     * @param model the checkpoint folder both backends run (the server serves its GGUF)
     * @param server the server's address
     * @param worldFile the world whose NPCs give the prompts, or null for Lanternfall
     * @param runs timed runs of each backend and width
     */
    static void run(Path model, URI server, Path worldFile, int runs) throws Exception {
        String name = GamePrompts.name(worldFile);
        List<PromptFormat.Dialogue> prompts = GamePrompts.of(worldFile);
        ServerSettings settings =
                new ServerSettings(server, "animus", Optional.empty(), 16, true, Duration.ofSeconds(2));
        System.out.printf(
                "Backends on %d Lanternfall prompts (%s), %d runs each, dialogue plan, 48 tokens at most, greedy%n",
                prompts.size(), name, runs);
        System.out.println("backend        convs  tokens/s  first token p50/p95 ms  whole reply p50/p95 ms");
        try (LlamaTokenizer tokenizer = LlamaTokenizer.load(model)) {
            for (int conversations : new int[] {1, 16}) {
                List<DecodeRequest> requests = requests(tokenizer, prompts, conversations);
                for (String backend : new String[] {"in-process", "llama-server"}) {
                    Decoder decoder = backend.equals("in-process")
                            ? DecoderModel.inFolder(16, () -> model, DevicePreference.AUTO)
                            : new ServerDecoder(settings, () -> model);
                    try (InferenceQueue q =
                            new InferenceQueue(QueueConfig.DEFAULT, List.of(), List.of(decoder), r -> {}, true)) {
                        measure(q, requests); // warm: loads, JIT, the server's prompt cache
                        List<Double> first = new ArrayList<>();
                        List<Double> whole = new ArrayList<>();
                        long tokens = 0;
                        double seconds = 0;
                        for (int run = 0; run < runs; run++) {
                            Run r = measure(q, requests);
                            first.addAll(r.first);
                            whole.addAll(r.whole);
                            tokens += r.tokens;
                            seconds += r.seconds;
                        }
                        System.out.printf(
                                "%-14s %5d  %8.0f  %9.1f / %-9.1f  %9.1f / %.1f%n",
                                backend,
                                conversations,
                                tokens / seconds,
                                percentile(first, 0.5),
                                percentile(first, 0.95),
                                percentile(whole, 0.5),
                                percentile(whole, 0.95));
                    }
                }
            }
        }
    }

    private static List<DecodeRequest> requests(LlamaTokenizer tokenizer, List<PromptFormat.Dialogue> prompts, int n) {
        GenerationConfig config =
                GenerationConfig.GREEDY.withMaxNewTokens(48).withStopTokens(ReplyPlan.stopTokens(tokenizer));
        List<DecodeRequest> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PromptFormat.Dialogue d = prompts.get(i % prompts.size());
            out.add(new DecodeRequest(
                    tokenizer.encode(d.render()),
                    config,
                    ReplyPlan.dialogue(tokenizer, d.actions(), d.emotions(), 2048),
                    null));
        }
        return out;
    }

    private record Run(List<Double> first, List<Double> whole, long tokens, double seconds) {}

    private static Run measure(InferenceQueue q, List<DecodeRequest> requests) throws Exception {
        int n = requests.size();
        long[] firstAt = new long[n];
        Arrays.fill(firstAt, -1);
        List<Ticket> tickets = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            DecodeRequest r = requests.get(i);
            int k = i;
            DecodeRequest timed = new DecodeRequest(r.prompt(), r.config(), r.plan(), (token, delta) -> {
                synchronized (firstAt) {
                    if (firstAt[k] < 0) {
                        firstAt[k] = System.nanoTime();
                    }
                }
            });
            tickets.add(q.submit(
                    new InferenceRequest("npc" + i, RequestKind.DIALOGUE, Priority.PLAYER, DecoderModel.NAME, timed)));
        }
        q.flush();
        List<Double> first = new ArrayList<>();
        List<Double> whole = new ArrayList<>();
        long tokens = 0;
        long last = start;
        for (int i = 0; i < n; i++) {
            InferenceResult r = tickets.get(i).result().get(5, TimeUnit.MINUTES);
            if (r.status() != ResultStatus.COMPLETED) {
                throw new IOException("a reply failed: " + r.error());
            }
            long done = start + r.latencyNanos();
            last = Math.max(last, done);
            tokens += r.output(DecodeResult.class).tokens().length;
            whole.add(r.latencyNanos() / 1e6);
            synchronized (firstAt) {
                first.add((firstAt[i] - start) / 1e6);
            }
        }
        return new Run(first, whole, tokens, (last - start) / 1e9);
    }

    private static double percentile(List<Double> values, double q) {
        return DecoderBenchmark.percentile(
                values.stream().mapToDouble(Double::doubleValue).toArray(), q);
    }
}
