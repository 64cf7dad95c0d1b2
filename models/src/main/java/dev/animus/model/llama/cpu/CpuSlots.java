package dev.animus.model.llama.cpu;

import dev.animus.model.llama.DecodeSlots;
import dev.animus.model.llama.KvCache;
import dev.animus.model.llama.LlamaConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One session's sequences for {@link CpuLlama}: each sequence's keys and values in arrays of its
 * own, grown by doubling, so a slot that moves is a reference that moves. A pass runs rows
 * (a token of a sequence at a position) through every layer, a few rows at a time so their
 * scratch stays in cache; rows of different sequences never read each other, so a batch is
 * split between threads by sequence, each thread with its own scratch, and meets once a pass;
 * one long prompt alone is split within each chunk of rows instead, the threads meeting once a
 * layer (a row's attention reads the keys of the rows before it).
 * Helper threads start on first need from the session's thread (so they inherit its scheduling
 * priority) and stop at {@link #close()}.
 */
final class CpuSlots implements DecodeSlots {
    /** Rows taken through the layers together. */
    private static final int ROWS = 16;
    /** Prompt rows from which a prefill runs on the model's engine, where it has one. */
    static final int ENGINE_PREFILL_ROWS = 64;
    /** Sequences' caches kept for reuse when they leave, so a busy session allocates none. */
    private static final int SPARE = 8;

    private static final AtomicInteger HELPERS = new AtomicInteger();

    private final CpuLlama model;
    private final LlamaConfig config;
    private final int kvDim;
    private Sequence[] sequences = new Sequence[4];
    private int size;
    private final ArrayDeque<Sequence> spare = new ArrayDeque<>();
    private final Scratch[] scratch;
    private ExecutorService helpers;

    /** One sequence's cache. */
    private static final class Sequence {
        /** [layer][kvDim][capacity]: positions last, so a query's scores are axpys over them. */
        float[][][] keys;
        /** [layer][capacity * kvDim]: position-major, so a step's values are one contiguous write. */
        float[][] values;

        int capacity;
        int length;

        Sequence(int layers, int kvDim, int capacity) {
            keys = new float[layers][kvDim][capacity];
            values = new float[layers][capacity * kvDim];
            this.capacity = capacity;
        }

        void reserve(int positions, int kvDim, int maxPositions) {
            if (positions <= capacity) {
                return;
            }
            int grown = capacity;
            while (grown < positions) {
                grown *= 2;
            }
            grown = Math.min(grown, maxPositions);
            for (int l = 0; l < keys.length; l++) {
                for (int c = 0; c < kvDim; c++) {
                    keys[l][c] = Arrays.copyOf(keys[l][c], grown);
                }
                values[l] = Arrays.copyOf(values[l], grown * kvDim);
            }
            capacity = grown;
        }
    }

    /** One thread's rows in flight. */
    private static final class Scratch {
        final float[][] h;
        final float[][] x;
        final float[][] qkv;
        final float[][] attended;
        final float[][] gateUp;
        final float[][] act;
        final float[] scores;
        /** One head's query, scaled. */
        final float[] query;
        /** The rows going through the output head, and their logits (views of the arrays above and of the results). */
        final float[][] normed = new float[ROWS][];

        final float[][] logits = new float[ROWS][];

        Scratch(LlamaConfig c, int kvDim) {
            int q = c.heads() * c.headDim();
            h = new float[ROWS][c.hiddenSize()];
            x = new float[ROWS][c.hiddenSize()];
            qkv = new float[ROWS][q + 2 * kvDim];
            attended = new float[ROWS][q];
            gateUp = new float[ROWS][2 * c.intermediateSize()];
            act = new float[ROWS][c.intermediateSize()];
            scores = new float[c.maxPositions()];
            query = new float[c.headDim()];
        }
    }

    CpuSlots(CpuLlama model) {
        this.model = model;
        this.config = model.config;
        this.kvDim = config.kvHeads() * config.headDim();
        this.scratch = new Scratch[model.threads];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int length(int slot) {
        if (slot < 0 || slot >= size) {
            throw new IndexOutOfBoundsException("slot " + slot + " of " + size);
        }
        return sequences[slot].length;
    }

    @Override
    public float[][] prefill(List<long[]> prompts) {
        int rows = 0;
        for (int i = 0; i < prompts.size(); i++) {
            long[] p = prompts.get(i);
            if (p.length == 0 || p.length > config.maxPositions()) {
                throw new IllegalArgumentException(
                        "prompt " + i + " has " + p.length + " tokens; a prompt needs 1 to " + config.maxPositions());
            }
            requireInVocabulary(p);
            rows += p.length;
        }
        int first = size;
        for (long[] p : prompts) {
            Sequence s = newSequence(p.length);
            if (size == sequences.length) {
                sequences = Arrays.copyOf(sequences, size * 2);
            }
            sequences[size++] = s;
        }
        if (model.prefiller != null && rows >= ENGINE_PREFILL_ROWS) {
            return prefillOnEngine(prompts, first);
        }
        int[] slot = new int[rows];
        int[] position = new int[rows];
        long[] token = new long[rows];
        boolean[] wanted = new boolean[rows];
        int[] starts = new int[prompts.size() + 1];
        int r = 0;
        for (int i = 0; i < prompts.size(); i++) {
            long[] p = prompts.get(i);
            starts[i] = r;
            for (int t = 0; t < p.length; t++, r++) {
                slot[r] = first + i;
                position[r] = t;
                token[r] = p[t];
            }
            wanted[r - 1] = true;
        }
        starts[prompts.size()] = rows;
        float[][] logits = new float[rows][];
        run(slot, position, token, wanted, logits, starts);
        float[][] out = new float[prompts.size()][];
        for (int i = 0; i < prompts.size(); i++) {
            out[i] = logits[starts[i + 1] - 1];
            sequences[first + i].length = prompts.get(i).length;
        }
        return out;
    }

    /** Prefills on the engine's copy of the model and copies each prompt's keys and values in. */
    private float[][] prefillOnEngine(List<long[]> prompts, int first) {
        List<KvCache> caches = new ArrayList<>(prompts.size());
        try {
            prompts.forEach(p -> caches.add(model.prefiller.newCache()));
            float[][] logits = model.prefiller.prefill(prompts, caches);
            int hd = config.headDim();
            for (int i = 0; i < prompts.size(); i++) {
                Sequence s = sequences[first + i];
                int n = prompts.get(i).length;
                for (int l = 0; l < config.layers(); l++) {
                    float[][] kv = caches.get(i).copyLayer(l); // (kvHeads, n, hd) each
                    for (int head = 0; head < config.kvHeads(); head++) {
                        for (int t = 0; t < n; t++) {
                            int from = (head * n + t) * hd;
                            for (int j = 0; j < hd; j++) {
                                s.keys[l][head * hd + j][t] = kv[0][from + j];
                            }
                            System.arraycopy(kv[1], from, s.values[l], t * kvDim + head * hd, hd);
                        }
                    }
                }
                s.length = n;
            }
            return logits;
        } catch (RuntimeException e) { // the new slots go again: the session stays as it was
            for (int i = prompts.size() - 1; i >= 0; i--) {
                remove(first + i);
            }
            throw e;
        } finally {
            caches.forEach(KvCache::close);
        }
    }

    @Override
    public float[][] step(long[] tokens) {
        int b = tokens.length;
        if (b == 0 || b != size) {
            throw new IllegalArgumentException(
                    "a step needs one token per slot, got " + b + " tokens and " + size + " slots");
        }
        requireInVocabulary(tokens);
        int[] slot = new int[b];
        int[] position = new int[b];
        boolean[] wanted = new boolean[b];
        int[] starts = new int[b + 1];
        for (int i = 0; i < b; i++) {
            Sequence s = sequences[i];
            if (s.length + 1 > config.maxPositions()) {
                throw new IllegalArgumentException(
                        "sequence " + i + " would exceed the model's " + config.maxPositions() + " positions");
            }
            s.reserve(s.length + 1, kvDim, config.maxPositions());
            slot[i] = i;
            position[i] = s.length;
            wanted[i] = true;
            starts[i] = i;
        }
        starts[b] = b;
        float[][] logits = new float[b][];
        run(slot, position, tokens, wanted, logits, starts);
        for (int i = 0; i < b; i++) {
            sequences[i].length++;
        }
        return logits;
    }

    private void requireInVocabulary(long[] tokens) {
        for (long id : tokens) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new IllegalArgumentException(
                        "token id " + id + " is outside the vocabulary of " + config.vocabSize());
            }
        }
    }

    private Sequence newSequence(int positions) {
        Sequence s = spare.poll();
        if (s == null) {
            s = new Sequence(config.layers(), kvDim, Math.min(64, config.maxPositions()));
        }
        s.length = 0;
        s.reserve(positions, kvDim, config.maxPositions());
        return s;
    }

    @Override
    public int remove(int slot) {
        if (slot < 0 || slot >= size) {
            throw new IndexOutOfBoundsException("slot " + slot + " of " + size);
        }
        if (spare.size() < SPARE) {
            spare.push(sequences[slot]);
        }
        int last = --size;
        sequences[slot] = sequences[last];
        sequences[last] = null;
        return slot == last ? -1 : last;
    }

    /**
     * Runs rows through the model, the batch split between threads at sequence boundaries.
     *
     * @param groups where each sequence's rows start (and, last, the row count): a thread's share
     *     never splits a sequence, whose later rows read its earlier ones' keys
     */
    private void run(int[] slot, int[] position, long[] token, boolean[] wanted, float[][] logits, int[] groups) {
        int rows = slot.length;
        int sequencesIn = groups.length - 1;
        if (sequencesIn == 1 && model.threads > 1 && rows >= 2 * ROWS) { // one long prompt: its rows shared
            runShared(slot, position, token, wanted, logits);
            return;
        }
        int parts = Math.min(model.threads, sequencesIn);
        if (parts <= 1) {
            rows(scratch(0), slot, position, token, wanted, logits, 0, rows);
            return;
        }
        int[] bounds = new int[parts + 1]; // contiguous shares of about rows/parts each, at sequence starts
        int g = 0;
        for (int p = 1; p < parts; p++) {
            long target = (long) rows * p / parts;
            while (g < sequencesIn && groups[g] < target) {
                g++;
            }
            bounds[p] = Math.max(bounds[p - 1], groups[g]);
        }
        bounds[parts] = rows;
        List<Future<?>> pending = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            Scratch mine = scratch(p);
            int from = bounds[p];
            int to = bounds[p + 1];
            pending.add(helpers().submit(() -> rows(mine, slot, position, token, wanted, logits, from, to)));
        }
        rows(scratch(0), slot, position, token, wanted, logits, bounds[0], bounds[1]);
        awaitAll(pending);
    }

    /**
     * One sequence's rows, each chunk split between the threads: rows are independent except
     * that attention reads the keys of the rows before it, so the threads meet once a layer,
     * after writing their rows' keys and values.
     */
    private void runShared(int[] slot, int[] position, long[] token, boolean[] wanted, float[][] logits) {
        int parts = model.threads;
        CyclicBarrier keysWritten = new CyclicBarrier(parts);
        List<Future<?>> pending = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            Scratch mine = scratch(p);
            int part = p;
            pending.add(helpers().submit(() -> share(mine, part, keysWritten, slot, position, token, wanted, logits)));
        }
        share(scratch(0), 0, keysWritten, slot, position, token, wanted, logits);
        awaitAll(pending);
    }

    /** A thread's part of every chunk in {@link #runShared}; a part left empty still meets the others. */
    private void share(
            Scratch s,
            int part,
            CyclicBarrier keysWritten,
            int[] slot,
            int[] position,
            long[] token,
            boolean[] wanted,
            float[][] logits) {
        try {
            int rows = slot.length;
            int each = (ROWS + model.threads - 1) / model.threads;
            for (int c = 0; c < rows; c += ROWS) {
                int end = Math.min(c + ROWS, rows);
                int from = Math.min(c + part * each, end);
                chunk(s, slot, position, token, wanted, logits, from, Math.min(each, end - from), keysWritten);
            }
        } catch (RuntimeException | Error e) {
            keysWritten.reset(); // the others waiting on it stop instead of waiting for ever
            throw e;
        }
    }

    private ExecutorService helpers() {
        if (helpers == null) {
            helpers = Executors.newFixedThreadPool(model.threads - 1, task -> {
                Thread t = new Thread(task, "animus-decoder-" + HELPERS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return helpers;
    }

    private static void awaitAll(List<Future<?>> pending) {
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the decoder's helper threads worked", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }
    }

    private Scratch scratch(int thread) {
        if (scratch[thread] == null) {
            scratch[thread] = new Scratch(config, kvDim);
        }
        return scratch[thread];
    }

    /** Rows from..to-1 through every layer, {@link #ROWS} at a time, and the logits of the wanted ones. */
    private void rows(
            Scratch s, int[] slot, int[] position, long[] token, boolean[] wanted, float[][] logits, int from, int to) {
        for (int c = from; c < to; c += ROWS) {
            chunk(s, slot, position, token, wanted, logits, c, Math.min(ROWS, to - c), null);
        }
    }

    /**
     * n rows from row c (at most {@link #ROWS}) through every layer, and the logits of the wanted
     * ones; with a barrier, this thread meets the others on it once a layer, its keys written.
     */
    private void chunk(
            Scratch s,
            int[] slot,
            int[] position,
            long[] token,
            boolean[] wanted,
            float[][] logits,
            int c,
            int n,
            CyclicBarrier keysWritten) {
        for (int r = 0; r < n; r++) {
            System.arraycopy(model.embed[(int) token[c + r]], 0, s.h[r], 0, config.hiddenSize());
        }
        for (int l = 0; l < model.layers.length; l++) {
            layer(s, l, slot, position, c, n, keysWritten);
        }
        int heads = 0; // the wanted rows, normed, go through the output head together
        for (int r = 0; r < n; r++) {
            if (wanted[c + r]) {
                Kernels.rmsNorm(s.h[r], model.finalNorm, config.rmsNormEps(), s.x[r]);
                s.normed[heads] = s.x[r];
                s.logits[heads++] = logits[c + r] = new float[config.vocabSize()];
            }
        }
        Kernels.rowsTimes(model.vector, s.normed, heads, model.head, s.logits, false);
        Arrays.fill(s.logits, null); // the results are the caller's now
    }

    /** One block for n rows starting at row c: attention (keys and values written first), then the MLP. */
    private void layer(Scratch s, int l, int[] slot, int[] position, int c, int n, CyclicBarrier keysWritten) {
        CpuLlama.Layer w = model.layers[l];
        int hd = config.headDim();
        int q = config.heads() * hd;
        double eps = config.rmsNormEps();
        for (int r = 0; r < n; r++) {
            Kernels.rmsNorm(s.h[r], w.inputNorm(), eps, s.x[r]);
        }
        Kernels.rowsTimes(model.vector, s.x, n, w.qkv(), s.qkv, false);
        for (int r = 0; r < n; r++) {
            float[] qkv = s.qkv[r];
            int p = position[c + r];
            float[] cos = model.cos[p];
            float[] sin = model.sin[p];
            for (int at = 0; at < q + kvDim; at += hd) { // the query heads, then the key heads
                Kernels.rope(qkv, at, cos, sin);
            }
            Sequence seq = sequences[slot[c + r]];
            float[][] keys = seq.keys[l];
            for (int i = 0; i < kvDim; i++) {
                keys[i][p] = qkv[q + i];
            }
            System.arraycopy(qkv, q + kvDim, seq.values[l], p * kvDim, kvDim);
        }
        if (keysWritten != null) { // the other threads' rows of this chunk have written theirs too
            await(keysWritten);
        }
        for (int r = 0; r < n; r++) { // after every row's keys are written: a prompt's rows read each other's
            attend(s, l, sequences[slot[c + r]], position[c + r], s.qkv[r], s.attended[r]);
        }
        Kernels.rowsTimes(model.vector, s.attended, n, w.o(), s.h, true);
        for (int r = 0; r < n; r++) {
            Kernels.rmsNorm(s.h[r], w.postNorm(), eps, s.x[r]);
        }
        Kernels.rowsTimes(model.vector, s.x, n, w.gateUp(), s.gateUp, false);
        for (int r = 0; r < n; r++) {
            Kernels.swiGlu(s.gateUp[r], config.intermediateSize(), s.act[r]);
        }
        Kernels.rowsTimes(model.vector, s.act, n, w.down(), s.h, true);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the decoder's threads shared a prompt", e);
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("another of the decoder's threads failed on this prompt", e);
        }
    }

    /** Causal grouped-query attention of one row at position p over its sequence's positions 0..p. */
    private void attend(Scratch s, int l, Sequence seq, int p, float[] qkv, float[] out) {
        int hd = config.headDim();
        int group = config.heads() / config.kvHeads();
        float scale = (float) (1 / Math.sqrt(hd));
        float[] scores = s.scores;
        float[][] keys = seq.keys[l];
        float[] values = seq.values[l];
        int n = p + 1;
        boolean vectorHeads = model.vector && VectorKernels.fitsHead(hd);
        for (int head = 0; head < config.heads(); head++) {
            int kvAt = (head / group) * hd; // query head h reads key/value head h / group
            int qAt = head * hd;
            if (vectorHeads) {
                for (int j = 0; j < hd; j++) {
                    s.query[j] = qkv[qAt + j] * scale;
                }
                VectorKernels.scores(s.query, 0, keys, kvAt, hd, n, scores);
                Kernels.softmax(scores, n);
                VectorKernels.weightedValues(scores, n, values, kvDim, kvAt, hd, out, qAt);
                continue;
            }
            Arrays.fill(scores, 0, n, 0f);
            int j = 0;
            for (; j + 4 <= hd; j += 4) { // four key rows a pass, as in Kernels.rowsTimes
                float q0 = qkv[qAt + j] * scale;
                float q1 = qkv[qAt + j + 1] * scale;
                float q2 = qkv[qAt + j + 2] * scale;
                float q3 = qkv[qAt + j + 3] * scale;
                float[] k0 = keys[kvAt + j];
                float[] k1 = keys[kvAt + j + 1];
                float[] k2 = keys[kvAt + j + 2];
                float[] k3 = keys[kvAt + j + 3];
                for (int t = 0; t < n; t++) {
                    scores[t] += q0 * k0[t] + q1 * k1[t] + q2 * k2[t] + q3 * k3[t];
                }
            }
            for (; j < hd; j++) {
                float qj = qkv[qAt + j] * scale;
                float[] kj = keys[kvAt + j];
                for (int t = 0; t < n; t++) {
                    scores[t] += qj * kj[t];
                }
            }
            Kernels.softmax(scores, n);
            Arrays.fill(out, qAt, qAt + hd, 0f);
            int t = 0;
            for (; t + 4 <= n; t += 4) { // four positions' values a pass
                float a0 = scores[t];
                float a1 = scores[t + 1];
                float a2 = scores[t + 2];
                float a3 = scores[t + 3];
                int v0 = t * kvDim + kvAt;
                int v1 = v0 + kvDim;
                int v2 = v1 + kvDim;
                int v3 = v2 + kvDim;
                for (int i = 0; i < hd; i++) {
                    out[qAt + i] +=
                            a0 * values[v0 + i] + a1 * values[v1 + i] + a2 * values[v2 + i] + a3 * values[v3 + i];
                }
            }
            for (; t < n; t++) {
                float a = scores[t];
                int v = t * kvDim + kvAt;
                for (int i = 0; i < hd; i++) {
                    out[qAt + i] += a * values[v + i];
                }
            }
        }
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
            helpers = null;
        }
        Arrays.fill(sequences, null);
        size = 0;
        spare.clear();
    }
}
