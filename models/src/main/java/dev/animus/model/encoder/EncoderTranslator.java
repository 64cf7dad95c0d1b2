package dev.animus.model.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch of sentences into token arrays and the model's token states into
 * pooled (mean or first-token), L2-normalised embeddings.
 *
 * <p>The batch is padded to its longest sentence (not to the maximum length), so short
 * percepts cost little. Pooling runs in Java on the copied-out hidden states: a few
 * hundred kilobytes per batch, cheaper than a round of engine calls.
 */
final class EncoderTranslator implements Translator<List<String>, List<Embedding>> {
    private static final String MASK = "attention_mask";

    private final HuggingFaceTokenizer tokenizer;
    private final EncoderOptions.Pooling pooling;
    private List<String> inputNames = List.of("input_ids", MASK, "token_type_ids");

    EncoderTranslator(HuggingFaceTokenizer tokenizer, EncoderOptions.Pooling pooling) {
        this.tokenizer = tokenizer;
        this.pooling = pooling;
    }

    @Override
    public void prepare(TranslatorContext ctx) {
        // Exports differ in whether they take token_type_ids: feed what the model declares.
        List<String> declared = ctx.getModel().describeInput().keys();
        if (!declared.isEmpty()) {
            inputNames = List.copyOf(declared);
        }
    }

    @Override
    public NDList processInput(TranslatorContext ctx, List<String> sentences) {
        Encoding[] encodings = tokenizer.batchEncode(sentences);
        int batch = encodings.length;
        int length = encodings[0].getIds().length;
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        long[] types = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(encodings[b].getIds(), 0, ids, b * length, length);
            System.arraycopy(encodings[b].getAttentionMask(), 0, mask, b * length, length);
            System.arraycopy(encodings[b].getTypeIds(), 0, types, b * length, length);
        }
        ctx.setAttachment(MASK, mask);
        NDManager manager = ctx.getNDManager();
        Shape shape = new Shape(batch, length);
        NDList inputs = new NDList(inputNames.size());
        for (String name : inputNames) {
            long[] data = switch (name) {
                case "input_ids" -> ids;
                case MASK -> mask;
                case "token_type_ids" -> types;
                default ->
                    throw new IllegalStateException("The encoder model asks for an input '"
                            + name + "' that a sentence encoder does not have; expected input_ids,"
                            + " attention_mask and optionally token_type_ids");
            };
            NDArray array = manager.create(data, shape);
            array.setName(name);
            inputs.add(array);
        }
        return inputs;
    }

    @Override
    public List<Embedding> processOutput(TranslatorContext ctx, NDList outputs) {
        NDArray hidden = outputs.get(0);
        Shape shape = hidden.getShape();
        if (shape.dimension() != 3) {
            throw new IllegalStateException("The encoder model's first output has shape " + shape
                    + "; expected token states (batch, tokens, dimension)");
        }
        int batch = (int) shape.get(0);
        int length = (int) shape.get(1);
        int dim = (int) shape.get(2);
        float[] states = hidden.toFloatArray();
        long[] mask = (long[]) ctx.getAttachment(MASK);
        List<Embedding> result = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            float[] pooled = new float[dim];
            int tokens = 0;
            for (int t = 0; t < length; t++) {
                if (mask[b * length + t] == 0 || (pooling == EncoderOptions.Pooling.CLS && t > 0)) {
                    continue;
                }
                tokens++;
                int base = (b * length + t) * dim;
                for (int d = 0; d < dim; d++) {
                    pooled[d] += states[base + d];
                }
            }
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                pooled[d] /= Math.max(tokens, 1);
                norm += pooled[d] * pooled[d];
            }
            float inv = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
            for (int d = 0; d < dim; d++) {
                pooled[d] *= inv;
            }
            result.add(Embedding.wrap(pooled));
        }
        return result;
    }

    @Override
    public Batchifier getBatchifier() {
        // The translator batches itself: one call takes a whole list of sentences.
        return null;
    }
}
