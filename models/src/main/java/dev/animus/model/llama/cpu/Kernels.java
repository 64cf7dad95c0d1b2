package dev.animus.model.llama.cpu;

/**
 * The arithmetic of a plain Llama block on float arrays, written so HotSpot's C2 compiler
 * vectorises the inner loops: every product is an "axpy" over a weight row (y[o] += x[i]·w[i][o],
 * four input rows a pass), never a dot product, whose float sum C2 leaves scalar.
 */
final class Kernels {
    /**
     * Whether this JVM has the Vector API ({@code --add-modules jdk.incubator.vector}), and so
     * {@link VectorKernels}: the incubator module is there only when the JVM is started with it.
     */
    static final boolean VECTOR_API =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Kernels() {}

    /** {@link #rowsTimes(float[][], int, float[][], float[][], boolean)} with {@link VectorKernels} where asked. */
    static void rowsTimes(boolean vector, float[][] x, int n, float[][] w, float[][] y, boolean accumulate) {
        if (vector) {
            VectorKernels.rowsTimes(x, n, w, y, accumulate);
        } else {
            rowsTimes(x, n, w, y, accumulate);
        }
    }

    /**
     * y[r] = x[r]·w (or y[r] += x[r]·w) for rows 0..n-1, four weight rows at a time against every
     * row: those four stay in the L1 cache while the rows pass, so a batch reads the matrix once
     * rather than once a row.
     */
    static void rowsTimes(float[][] x, int n, float[][] w, float[][] y, boolean accumulate) {
        int in = w.length;
        int out = w[0].length;
        if (!accumulate) {
            for (int r = 0; r < n; r++) {
                java.util.Arrays.fill(y[r], 0, out, 0f);
            }
        }
        int i = 0;
        for (; i + 4 <= in; i += 4) {
            float[] w0 = w[i];
            float[] w1 = w[i + 1];
            float[] w2 = w[i + 2];
            float[] w3 = w[i + 3];
            for (int r = 0; r < n; r++) {
                float[] xr = x[r];
                float[] yr = y[r];
                float a0 = xr[i];
                float a1 = xr[i + 1];
                float a2 = xr[i + 2];
                float a3 = xr[i + 3];
                for (int o = 0; o < out; o++) {
                    yr[o] += a0 * w0[o] + a1 * w1[o] + a2 * w2[o] + a3 * w3[o];
                }
            }
        }
        for (; i < in; i++) {
            float[] wi = w[i];
            for (int r = 0; r < n; r++) {
                float a = x[r][i];
                float[] yr = y[r];
                for (int o = 0; o < out; o++) {
                    yr[o] += a * wi[o];
                }
            }
        }
    }

    /** y = x / rms(x) · gain over the first gain.length values, as transformers' LlamaRMSNorm. */
    static void rmsNorm(float[] x, float[] gain, double eps, float[] y) {
        int n = gain.length;
        float squares = 0;
        for (int i = 0; i < n; i++) {
            squares += x[i] * x[i];
        }
        float inverse = (float) (1 / Math.sqrt(squares / n + eps));
        for (int i = 0; i < n; i++) {
            y[i] = x[i] * inverse * gain[i];
        }
    }

    /**
     * Rotates one head's query or key in place (Hugging Face's rotate-half layout).
     *
     * @param v the vector holding the head
     * @param at where the head starts in it
     * @param cos cos at the position, one per frequency (headDim/2)
     * @param sin sin likewise
     */
    static void rope(float[] v, int at, float[] cos, float[] sin) {
        int half = cos.length;
        for (int i = 0; i < half; i++) {
            float x1 = v[at + i];
            float x2 = v[at + half + i];
            v[at + i] = x1 * cos[i] - x2 * sin[i];
            v[at + half + i] = x2 * cos[i] + x1 * sin[i];
        }
    }

    /** SwiGLU: act[i] = silu(gateUp[i]) · gateUp[inter + i]. */
    static void swiGlu(float[] gateUp, int inter, float[] act) {
        for (int i = 0; i < inter; i++) {
            float g = gateUp[i];
            act[i] = g / (1 + (float) Math.exp(-g)) * gateUp[inter + i];
        }
    }

    /** Softmax over the first n scores, in place. */
    static void softmax(float[] scores, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < n; t++) {
            max = Math.max(max, scores[t]);
        }
        float sum = 0;
        for (int t = 0; t < n; t++) {
            float e = (float) Math.exp(scores[t] - max);
            scores[t] = e;
            sum += e;
        }
        float inverse = 1 / sum;
        for (int t = 0; t < n; t++) {
            scores[t] *= inverse;
        }
    }
}
