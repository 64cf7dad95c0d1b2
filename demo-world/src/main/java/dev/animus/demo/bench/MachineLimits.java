package dev.animus.demo.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.animus.model.llama.LlamaConfig;
import dev.animus.model.runtime.DjlRuntime;
import java.util.Locale;

/**
 * What this machine can do at best, measured in the same run as the decoder: single-precision
 * matrix multiply (sgemm, through the same PyTorch engine) in GFLOP/s and memory bandwidth in
 * GB/s (a large copy). The decoder's tokens/s are then compared with the roofline they imply:
 * one sequence is bound by reading every weight once a token, a large batch by arithmetic.
 *
 * @param gflops sgemm GFLOP/s (2048 x 2048, best of several)
 * @param gbPerSecond bytes read plus written per second in a 256 MB copy, best of several
 */
record MachineLimits(double gflops, double gbPerSecond) {

    static MachineLimits measure() {
        try (NDManager m = NDManager.newBaseManager(
                DjlRuntime.requireEngine(DjlRuntime.PYTORCH).defaultDevice(), DjlRuntime.PYTORCH)) {
            int n = 2048;
            NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
            NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
            double bestGemm = Double.MAX_VALUE;
            for (int i = 0; i < 6; i++) {
                long t = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.toFloatArray(); // forces the work and its completion
                }
                bestGemm = Math.min(bestGemm, (System.nanoTime() - t) / 1e9);
            }
            double gflops = 2.0 * n * n * n / bestGemm / 1e9;
            long floats = 64L * 1024 * 1024; // 256 MB
            NDArray big = m.ones(new Shape(floats));
            double bestCopy = Double.MAX_VALUE;
            for (int i = 0; i < 6; i++) {
                long t = System.nanoTime();
                try (NDArray copy = big.add(0f)) { // read 256 MB, write 256 MB
                    copy.getFloat(0);
                }
                bestCopy = Math.min(bestCopy, (System.nanoTime() - t) / 1e9);
            }
            return new MachineLimits(gflops, 2.0 * floats * 4 / bestCopy / 1e9);
        }
    }

    /**
     * @param parameters the model's parameters
     * @param batch sequences decoded per step
     * @return the best tokens/s the machine allows: weights read once a step (memory) or two
     *     FLOPs per parameter per token (arithmetic), whichever binds
     */
    double rooflineTokensPerSecond(long parameters, int batch) {
        double memoryBound = gbPerSecond * 1e9 / (parameters * 4.0) * batch;
        double computeBound = gflops * 1e9 / (2.0 * parameters);
        return Math.min(memoryBound, computeBound);
    }

    /**
     * The arithmetic limit at the model's own matrix sizes: a decode step of {@code batch}
     * sequences timed as nothing but its projections (each layer's query, key, value, output,
     * gate, up and down, then the output head), each one PyTorch matmul of {@code batch} rows by
     * the weight, best of many. What a decoder whose every other operation were free could reach
     * on this machine through this engine; a small model's matrices are far from the 2048 x 2048
     * sgemm's GFLOP/s.
     *
     * @return tokens/s: {@code batch} over the step's matmul time
     */
    static double projectionsTokensPerSecond(LlamaConfig config, int batch) {
        int h = config.hiddenSize();
        int q = config.heads() * config.headDim();
        int kv = config.kvHeads() * config.headDim();
        int ff = config.intermediateSize();
        int[][] perLayer = {{h, q}, {h, kv}, {h, kv}, {q, h}, {h, ff}, {h, ff}, {ff, h}};
        try (NDManager m = NDManager.newBaseManager(
                DjlRuntime.requireEngine(DjlRuntime.PYTORCH).defaultDevice(), DjlRuntime.PYTORCH)) {
            double layer = 0;
            for (int[] w : perLayer) {
                layer += bestMatMulSeconds(m, batch, w[0], w[1]);
            }
            double step = config.layers() * layer + bestMatMulSeconds(m, batch, h, config.vocabSize());
            return batch / step;
        }
    }

    /** The best time of a [rows x in] by [in x out] matmul, over many tries after a warm-up. */
    private static double bestMatMulSeconds(NDManager m, int rows, int in, int out) {
        try (NDArray x = m.randomUniform(-1, 1, new Shape(rows, in));
                NDArray w = m.randomUniform(-1, 1, new Shape(in, out))) {
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 300; i++) {
                long t = System.nanoTime();
                try (NDArray y = x.matMul(w)) {
                    y.getFloat(0, 0); // completes the work
                }
                if (i >= 20) {
                    best = Math.min(best, (System.nanoTime() - t) / 1e9);
                }
            }
            return best;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "sgemm %.1f GFLOP/s, memory %.1f GB/s", gflops, gbPerSecond);
    }
}
