package dev.animus.model.encoder;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.djl.util.Utils;
import dev.animus.model.runtime.BundledResources;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.model.runtime.DeviceSelector;
import dev.animus.model.runtime.DjlRuntime;
import dev.animus.model.runtime.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer judge: a cross-encoder that reads a question and one fact together and says how
 * likely the fact answers it. Retrieval's similarity tells "about the same thing"; the judge
 * tells "answers it" ("how much is a beer?" is about a price, as "a bowl of borscht is 7 euros"
 * is, yet that fact does not answer it). The bundled judge is BGE-small-en-v1.5 fine-tuned for
 * this ({@code models/training/judge}: its data, script and figures), int8 ONNX, run by DJL's
 * ONNX Runtime engine with BGE's tokenizer. Thread-safe; a {@link Session} belongs to one thread.
 */
public final class AnswerJudge implements AutoCloseable {
    /** A question and a fact, judged together. */
    public record Pair(String question, String fact) {
        public Pair {
            Objects.requireNonNull(question, "question");
            Objects.requireNonNull(fact, "fact");
        }
    }

    /** The bundled judge's name (its folder in DJL's cache). */
    public static final String BUNDLED_NAME = "animus-judge-1";
    /** Tokens of a pair the judge reads, at most (what it was trained with). */
    public static final int MAX_TOKENS = 96;

    private static final Logger LOG = LoggerFactory.getLogger(AnswerJudge.class);
    private static final String RESOURCE = "dev/animus/model/judge/judge.onnx";

    private final HuggingFaceTokenizer tokenizer;
    private final ZooModel<List<Pair>, float[]> model;

    private AnswerJudge(HuggingFaceTokenizer tokenizer, ZooModel<List<Pair>, float[]> model) {
        this.tokenizer = tokenizer;
        this.model = model;
    }

    /**
     * Loads the bundled judge, copying it out of its jar into DJL's cache folder once.
     *
     * @param device where it runs
     * @param threads CPU threads for one batch (0: all cores but one)
     * @return the judge
     * @throws ModelLoadException naming the file and what is wrong with it
     */
    public static AnswerJudge loadBundled(DevicePreference device, int threads) {
        Path folder = Utils.getCacheDir().resolve("animus").resolve("judges").resolve(BUNDLED_NAME);
        Path file = BundledResources.extract(
                RESOURCE,
                folder.resolve("model.onnx"),
                "The bundled answer judge '" + RESOURCE + "' is not on the class path; it comes with"
                        + " dev.animus:animus-models. Is the jar complete?");
        return load(file, EncoderFiles.bundledTokenizer(), device, threads);
    }

    /**
     * @param modelFile the judge's ONNX file (inputs input_ids, attention_mask, token_type_ids;
     *     output one logit per pair)
     * @param tokenizerFile its tokenizer.json
     * @param device where it runs
     * @param threads CPU threads for one batch (0: all cores but one)
     * @return the judge
     * @throws ModelLoadException naming the file and what is wrong with it
     */
    public static AnswerJudge load(Path modelFile, Path tokenizerFile, DevicePreference device, int threads) {
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(
                    tokenizerFile, Map.of("addSpecialTokens", "true", "maxLength", "512"));
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(
                    tokenizerFile,
                    "Could not load the answer judge's tokenizer " + tokenizerFile.toAbsolutePath() + ": "
                            + e.getMessage(),
                    e);
        }
        Engine engine = DjlRuntime.requireEngine(DjlRuntime.ONNX_RUNTIME);
        Device chosen = DeviceSelector.select(engine, device);
        String intraOp = Integer.toString(threads == 0 ? SentenceEncoder.defaultThreads() : threads);
        try {
            String name = modelFile.getFileName().toString().replaceFirst("\\.onnx$", "");
            Criteria<List<Pair>, float[]> criteria = Criteria.builder()
                    .setTypes(listOf(), float[].class)
                    .optModelPath(modelFile.toAbsolutePath().getParent())
                    .optModelName(name)
                    .optEngine(DjlRuntime.ONNX_RUNTIME)
                    .optDevice(chosen)
                    .optOption("intraOpNumThreads", intraOp)
                    .optOption("interOpNumThreads", "1")
                    .optTranslator(new PairTranslator(tokenizer))
                    .build();
            ZooModel<List<Pair>, float[]> model = criteria.loadModel();
            LOG.info("Answer judge {} loaded on {} ({} thread(s))", modelFile, chosen, intraOp);
            return new AnswerJudge(tokenizer, model);
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            tokenizer.close();
            throw new ModelLoadException(
                    modelFile,
                    "Could not load the answer judge " + modelFile.toAbsolutePath() + ": " + e.getMessage()
                            + ". Replace it with the bundled one (it comes with animus-models).",
                    e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<List<Pair>> listOf() {
        return (Class<List<Pair>>) (Class<?>) List.class;
    }

    /** @return a session for one thread */
    public Session newSession() {
        return new Session(model.newPredictor());
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }

    /** One thread's use of the judge. */
    public static final class Session implements AutoCloseable {
        private final Predictor<List<Pair>, float[]> predictor;

        private Session(Predictor<List<Pair>, float[]> predictor) {
            this.predictor = predictor;
        }

        /**
         * @param pairs questions and facts (not empty)
         * @return for each, how likely the fact answers the question, 0 to 1
         */
        public float[] judge(List<Pair> pairs) {
            if (pairs.isEmpty()) {
                return new float[0];
            }
            try {
                return predictor.predict(new ArrayList<>(pairs));
            } catch (TranslateException e) {
                throw new IllegalStateException(
                        "The answer judge failed on " + pairs.size() + " pairs: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            predictor.close();
        }
    }

    /** Pairs to [CLS] question [SEP] fact [SEP], padded to the batch's longest; logits to probabilities. */
    private static final class PairTranslator implements Translator<List<Pair>, float[]> {
        private final HuggingFaceTokenizer tokenizer;

        PairTranslator(HuggingFaceTokenizer tokenizer) {
            this.tokenizer = tokenizer;
        }

        @Override
        public NDList processInput(TranslatorContext ctx, List<Pair> pairs) {
            List<Encoding> encodings = new ArrayList<>(pairs.size());
            int length = 1;
            for (Pair p : pairs) {
                Encoding e = tokenizer.encode(p.question(), p.fact());
                encodings.add(e);
                length = Math.max(length, Math.min(e.getIds().length, MAX_TOKENS));
            }
            int batch = pairs.size();
            long[] ids = new long[batch * length];
            long[] mask = new long[batch * length];
            long[] types = new long[batch * length];
            for (int b = 0; b < batch; b++) {
                Encoding e = encodings.get(b);
                int n = Math.min(e.getIds().length, MAX_TOKENS);
                System.arraycopy(e.getIds(), 0, ids, b * length, n);
                System.arraycopy(e.getTypeIds(), 0, types, b * length, n);
                for (int t = 0; t < n; t++) {
                    mask[b * length + t] = 1;
                }
            }
            NDManager manager = ctx.getNDManager();
            Shape shape = new Shape(batch, length);
            NDArray a = manager.create(ids, shape);
            a.setName("input_ids");
            NDArray m = manager.create(mask, shape);
            m.setName("attention_mask");
            NDArray t = manager.create(types, shape);
            t.setName("token_type_ids");
            return new NDList(a, m, t);
        }

        @Override
        public float[] processOutput(TranslatorContext ctx, NDList outputs) {
            float[] logits = outputs.get(0).toFloatArray();
            float[] p = new float[logits.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) (1 / (1 + Math.exp(-logits[i])));
            }
            return p;
        }

        @Override
        public Batchifier getBatchifier() {
            return null; // the translator pads the whole list as one batch
        }
    }
}
