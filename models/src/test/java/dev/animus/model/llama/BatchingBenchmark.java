package dev.animus.model.llama;

import dev.animus.model.runtime.DevicePreference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The continuous batch's two speed-ups against what they replaced, in one JVM, interleaved, on
 * the bundled decoder (or a folder given): sixteen 130-140-token prompts prefilled one by one
 * ({@code forward}) against one padded pass ({@code prefill}); and a decode step for n
 * sequences over per-sequence caches ({@code decodeStep}: each cache concatenated, padded and
 * stacked) against the slot cache ({@code decodeSlots}: written in place, read as a view). A
 * command-line tool, not a test:
 *
 * <pre>
 * mvn -q -pl models test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp models/target/test-classes:models/target/classes:$(cat /tmp/cp.txt) \
 *     dev.animus.model.llama.BatchingBenchmark [checkpoint folder]
 * </pre>
 */
public final class BatchingBenchmark {
    private BatchingBenchmark() {}

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        Path folder = Path.of(args.length > 0 ? args[0] : "models/src/main/resources/dev/animus/model/decoder");
        try (LlamaModel model = LlamaModel.load(folder, DevicePreference.CPU)) {
            Random random = new Random(1);
            List<long[]> prompts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                long[] p = new long[130 + random.nextInt(10)];
                for (int j = 0; j < p.length; j++) {
                    p[j] = 20 + random.nextInt(model.config().vocabSize() - 20);
                }
                prompts.add(p);
            }
            for (int round = 0; round < 6; round++) {
                long t = System.nanoTime();
                for (long[] p : prompts) {
                    try (KvCache c = model.newCache()) {
                        model.forward(p, c);
                    }
                }
                long serial = System.nanoTime() - t;
                List<KvCache> caches = caches(model, 16);
                t = System.nanoTime();
                model.prefill(prompts, caches);
                long batched = System.nanoTime() - t;
                caches.forEach(KvCache::close);
                System.out.printf(
                        "prefill round %d: 16 prompts one by one %.0f ms, in one pass %.0f ms: %.2fx%n",
                        round, serial / 1e6, batched / 1e6, (double) serial / batched);
            }
            for (int n : new int[] {1, 16}) {
                long[] tokens = new long[n];
                Arrays.fill(tokens, 100);
                for (int round = 0; round < 6; round++) {
                    List<KvCache> caches = caches(model, n);
                    model.prefill(prompts.subList(0, n), caches);
                    long[] perSequence = new long[48];
                    long[] slotted = new long[48];
                    try (SlotCache slots = model.newSlotCache()) {
                        caches.forEach(slots::add);
                        for (int s = 0; s < 48; s++) {
                            long t = System.nanoTime();
                            model.decodeStep(tokens, caches);
                            perSequence[s] = System.nanoTime() - t;
                            t = System.nanoTime();
                            model.decodeSlots(tokens, slots);
                            slotted[s] = System.nanoTime() - t;
                        }
                    }
                    caches.forEach(KvCache::close);
                    Arrays.sort(perSequence);
                    Arrays.sort(slotted);
                    System.out.printf(
                            "decode step, %d sequences, round %d: median per-sequence caches %.2f ms, slot cache %.2f ms:"
                                    + " %.2fx%n",
                            n, round, perSequence[24] / 1e6, slotted[24] / 1e6, (double) perSequence[24] / slotted[24]);
                }
            }
        }
    }

    private static List<KvCache> caches(LlamaModel model, int n) {
        List<KvCache> caches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            caches.add(model.newCache());
        }
        return caches;
    }
}
