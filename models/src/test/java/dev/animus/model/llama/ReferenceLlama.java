package dev.animus.model.llama;

import java.util.Map;

/**
 * An independent Llama forward pass for tests: plain Java loops over one sequence, written
 * from the Hugging Face definition (LlamaForCausalLM), sharing no code with LlamaModel beyond
 * reading the weight file. Double accumulation, no KV cache: slow and obviously correct.
 */
final class ReferenceLlama {
    private final LlamaConfig c;
    private final Map<String, Safetensors.Tensor> w;

    ReferenceLlama(LlamaConfig config, Map<String, Safetensors.Tensor> weights) {
        this.c = config;
        this.w = weights;
    }

    private float[] t(String name) {
        Safetensors.Tensor tensor = w.get(name);
        if (tensor == null && name.equals("model.embed_tokens.weight")) {
            tensor = w.get("lm_head.weight");
        }
        if (tensor == null && name.equals("lm_head.weight")) {
            tensor = w.get("model.embed_tokens.weight");
        }
        return tensor.data();
    }

    /** @return logits [position][vocab] for the whole sequence */
    float[][] forward(long[] tokens) {
        int n = tokens.length;
        int d = c.hiddenSize();
        int heads = c.heads();
        int kvHeads = c.kvHeads();
        int hd = d / heads;
        float[] emb = t("model.embed_tokens.weight");
        float[][] h = new float[n][d];
        for (int p = 0; p < n; p++) {
            System.arraycopy(emb, (int) tokens[p] * d, h[p], 0, d);
        }
        for (int l = 0; l < c.layers(); l++) {
            String pre = "model.layers." + l + ".";
            float[][] x = new float[n][];
            for (int p = 0; p < n; p++) {
                x[p] = rmsNorm(h[p], t(pre + "input_layernorm.weight"));
            }
            float[][] q = new float[n][];
            float[][] k = new float[n][];
            float[][] v = new float[n][];
            for (int p = 0; p < n; p++) {
                q[p] = rope(matVec(t(pre + "self_attn.q_proj.weight"), x[p], heads * hd), heads, hd, p);
                k[p] = rope(matVec(t(pre + "self_attn.k_proj.weight"), x[p], kvHeads * hd), kvHeads, hd, p);
                v[p] = matVec(t(pre + "self_attn.v_proj.weight"), x[p], kvHeads * hd);
            }
            for (int p = 0; p < n; p++) {
                float[] attn = new float[heads * hd];
                for (int head = 0; head < heads; head++) {
                    int kvHead = head / (heads / kvHeads);
                    double[] scores = new double[p + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= p; j++) { // causal: positions up to p
                        double s = 0;
                        for (int i = 0; i < hd; i++) {
                            s += q[p][head * hd + i] * (double) k[j][kvHead * hd + i];
                        }
                        scores[j] = s / Math.sqrt(hd);
                        max = Math.max(max, scores[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= p; j++) {
                        scores[j] = Math.exp(scores[j] - max);
                        sum += scores[j];
                    }
                    for (int i = 0; i < hd; i++) {
                        double acc = 0;
                        for (int j = 0; j <= p; j++) {
                            acc += scores[j] / sum * v[j][kvHead * hd + i];
                        }
                        attn[head * hd + i] = (float) acc;
                    }
                }
                float[] o = matVec(t(pre + "self_attn.o_proj.weight"), attn, d);
                for (int i = 0; i < d; i++) {
                    h[p][i] += o[i];
                }
            }
            for (int p = 0; p < n; p++) {
                float[] y = rmsNorm(h[p], t(pre + "post_attention_layernorm.weight"));
                float[] gate = matVec(t(pre + "mlp.gate_proj.weight"), y, c.intermediateSize());
                float[] up = matVec(t(pre + "mlp.up_proj.weight"), y, c.intermediateSize());
                for (int i = 0; i < gate.length; i++) {
                    double g = gate[i];
                    gate[i] = (float) (g / (1 + Math.exp(-g)) * up[i]); // SiLU(gate) * up
                }
                float[] down = matVec(t(pre + "mlp.down_proj.weight"), gate, d);
                for (int i = 0; i < d; i++) {
                    h[p][i] += down[i];
                }
            }
        }
        float[][] logits = new float[n][];
        for (int p = 0; p < n; p++) {
            logits[p] = matVec(t("lm_head.weight"), rmsNorm(h[p], t("model.norm.weight")), c.vocabSize());
        }
        return logits;
    }

    private float[] rmsNorm(float[] x, float[] weight) {
        double ms = 0;
        for (float f : x) {
            ms += f * (double) f;
        }
        double scale = 1 / Math.sqrt(ms / x.length + c.rmsNormEps());
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] * scale * weight[i]);
        }
        return out;
    }

    /** Rotate-half RoPE on each head: pairs (i, i + hd/2) rotate by position * theta^(-2i/hd). */
    private float[] rope(float[] x, int nHeads, int hd, int pos) {
        float[] out = x.clone();
        for (int head = 0; head < nHeads; head++) {
            for (int i = 0; i < hd / 2; i++) {
                double angle = pos / Math.pow(c.ropeTheta(), 2.0 * i / hd);
                double a = x[head * hd + i];
                double b = x[head * hd + i + hd / 2];
                out[head * hd + i] = (float) (a * Math.cos(angle) - b * Math.sin(angle));
                out[head * hd + i + hd / 2] = (float) (b * Math.cos(angle) + a * Math.sin(angle));
            }
        }
        return out;
    }

    /** y = W x for W stored row-major as (rows, x.length), like torch.nn.Linear. */
    private static float[] matVec(float[] weight, float[] x, int rows) {
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            double acc = 0;
            int base = r * x.length;
            for (int i = 0; i < x.length; i++) {
                acc += weight[base + i] * (double) x[i];
            }
            y[r] = (float) acc;
        }
        return y;
    }
}
