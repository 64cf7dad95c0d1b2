package dev.animus.model.llama.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.llama.Checkpoint;
import dev.animus.model.llama.DecodeSlots;
import dev.animus.model.llama.Greedy;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API's projections compute what the plain loops compute, at every shape: blocks of
 * four rows and the rows left over, whole blocks of outputs, single vectors and a masked last one.
 * The tests' JVM is started with the module (the root pom's surefire argLine), so both run here.
 */
class VectorKernelsTest {
    private static final Path TINY = Path.of(System.getProperty("animus.testmodel.dir", "testdata/tinystories-656k"));

    @Test
    void theTestsJvmHasTheVectorApiSoTheFastPathIsTheOneTested() {
        assertTrue(Kernels.VECTOR_API, "start the test JVM with --add-modules jdk.incubator.vector");
        try (CpuLlama model = CpuLlama.load(Checkpoint.read(TINY), 1)) {
            assertTrue(model.runtime().contains("Vector API"), model.runtime());
        }
    }

    @Test
    void productsMatchThePlainLoopsAtEveryShape() {
        Random random = new Random(7);
        int[] ins = {1, 3, 64, 192};
        int[] outs = {1, 7, 16, 70, 192, 257, 1024};
        for (int in : ins) {
            for (int out : outs) {
                float[][] w = randomRows(random, in, out);
                for (int n = 1; n <= 9; n++) {
                    float[][] x = randomRows(random, n, in);
                    for (boolean accumulate : new boolean[] {false, true}) {
                        float[][] start = randomRows(random, n, out);
                        float[][] expected = copy(start);
                        float[][] actual = copy(start);
                        Kernels.rowsTimes(false, x, n, w, expected, accumulate);
                        Kernels.rowsTimes(true, x, n, w, actual, accumulate);
                        for (int r = 0; r < n; r++) {
                            String where = in + "x" + out + ", " + n + " rows, row " + r + ", accumulate " + accumulate;
                            assertArrayEquals(expected[r], actual[r], 1e-4f * (1 + in), where);
                        }
                    }
                }
            }
        }
    }

    @Test
    void attentionScoresAndWeightedValuesMatchPlainSumsAtEveryLength() {
        Random random = new Random(11);
        int kvDim = 96;
        for (int headDim : new int[] {16, 32, 64}) {
            if (!VectorKernels.fitsHead(headDim)) {
                continue;
            }
            int kvAt = kvDim - headDim; // the last head: reads run to the rows' ends
            for (int n = 1; n <= 140; n += 3) {
                float[][] keys = randomRows(random, kvDim, n);
                float[] q = randomRows(random, 1, headDim + 5)[0];
                float[] scores = new float[n];
                VectorKernels.scores(q, 5, keys, kvAt, headDim, n, scores);
                float[] values = randomRows(random, 1, n * kvDim)[0];
                float[] out = new float[headDim + 3];
                VectorKernels.weightedValues(scores, n, values, kvDim, kvAt, headDim, out, 3);
                for (int t = 0; t < n; t++) {
                    float expected = 0;
                    for (int j = 0; j < headDim; j++) {
                        expected += q[5 + j] * keys[kvAt + j][t];
                    }
                    assertEquals(expected, scores[t], 1e-4f, "score " + t + " of " + n + ", head width " + headDim);
                }
                for (int i = 0; i < headDim; i++) {
                    float expected = 0;
                    for (int t = 0; t < n; t++) {
                        expected += scores[t] * values[t * kvDim + kvAt + i];
                    }
                    assertEquals(expected, out[3 + i], 1e-3f, "value " + i + " over " + n + " positions");
                }
                assertEquals(0, out[0]); // before outAt: untouched
            }
        }
    }

    @Test
    void rowsBeyondNAreLeftAlone() {
        Random random = new Random(3);
        float[][] w = randomRows(random, 32, 64);
        float[][] x = randomRows(random, 6, 32);
        float[][] y = new float[6][64];
        y[5][0] = 42;
        Kernels.rowsTimes(true, x, 5, w, y, false);
        assertEquals(42, y[5][0]);
    }

    @Test
    void aDecoderOnTheVectorApiGivesThePlainDecodersTokensAndLogits() {
        Checkpoint tiny = Checkpoint.read(TINY);
        try (CpuLlama vector = CpuLlama.load(tiny, 2, null, true);
                CpuLlama plain = CpuLlama.load(tiny, 2, null, false);
                DecodeSlots a = vector.newSlots();
                DecodeSlots b = plain.newSlots()) {
            List<long[]> prompts = List.of(new long[] {5, 6, 7, 8, 9}, new long[] {11}, new long[] {3, 4, 5});
            float[][] left = a.prefill(prompts);
            float[][] right = b.prefill(prompts);
            for (int step = 0; step < 30; step++) {
                long[] next = new long[left.length];
                for (int s = 0; s < left.length; s++) {
                    assertArrayEquals(right[s], left[s], 1e-3f, "step " + step + ", sequence " + s);
                    next[s] = Greedy.argmax(right[s]);
                }
                left = a.step(next);
                right = b.step(next);
            }
        }
    }

    private static float[][] randomRows(Random random, int rows, int cols) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int i = 0; i < cols; i++) {
                row[i] = random.nextFloat() - 0.5f;
            }
        }
        return m;
    }

    private static float[][] copy(float[][] m) {
        float[][] c = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
