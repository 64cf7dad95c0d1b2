package dev.animus.model.encoder;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.animus.model.runtime.DeviceSelector;
import dev.animus.model.runtime.DjlRuntime;
import dev.animus.model.runtime.ModelLoadException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded sentence encoder: sentences in, normalised {@link Embedding}s out.
 *
 * <p>Loading is expensive (hundreds of milliseconds) and belongs on a worker thread.
 * The encoder itself is thread-safe; the {@link Session}s it hands out are not, so each
 * worker thread opens its own and closes it when done. Close the encoder after its
 * sessions.
 */
public final class SentenceEncoder implements AutoCloseable {
    /**
     * What BGE models put before a short query to find passages that answer it (the model card's
     * advice for retrieval with short queries). Animus retrieves facts for the mean of the query
     * asked with and without it ({@link Embedding#mean}).
     */
    public static final String BGE_QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

    private static final Logger LOG = LoggerFactory.getLogger(SentenceEncoder.class);

    private final EncoderFiles files;
    private final HuggingFaceTokenizer tokenizer;
    private final ZooModel<List<String>, List<Embedding>> model;
    private final Device device;

    private SentenceEncoder(
            EncoderFiles files,
            HuggingFaceTokenizer tokenizer,
            ZooModel<List<String>, List<Embedding>> model,
            Device device) {
        this.files = files;
        this.tokenizer = tokenizer;
        this.model = model;
        this.device = device;
    }

    /**
     * Loads the bundled BGE-small-en-v1.5 encoder on the CPU or GPU as DJL sees fit.
     *
     * @return the encoder (not null)
     */
    public static SentenceEncoder loadBundled() {
        return load(EncoderFiles.bundled(), EncoderOptions.DEFAULT);
    }

    /**
     * The CPU threads an engine should use by default: all cores but one, which is left to
     * the game's render thread (at least one).
     *
     * @return the thread count (&ge;1)
     */
    public static int defaultThreads() {
        return DjlRuntime.cpuThreads();
    }

    /**
     * Loads an encoder through DJL's ONNX Runtime engine.
     *
     * @param files where the model and tokenizer are (not null)
     * @param options device, token limit, threads and pooling (not null)
     * @return the encoder (not null)
     * @throws ModelLoadException if a file is corrupt or not an encoder, naming the file
     * @throws IllegalStateException if the ONNX Runtime engine is not on the class path
     */
    public static SentenceEncoder load(EncoderFiles files, EncoderOptions options) {
        String intraOp = Integer.toString(options.threads() == 0 ? defaultThreads() : options.threads());
        Engine engine = DjlRuntime.requireEngine(DjlRuntime.ONNX_RUNTIME);
        Device device = DeviceSelector.select(engine, options.device());
        HuggingFaceTokenizer tokenizer = loadTokenizer(files, options.maxTokens());
        try {
            Criteria<List<String>, List<Embedding>> criteria = Criteria.builder()
                    .setTypes(listOf(String.class), listOf(Embedding.class))
                    .optModelPath(files.model().toAbsolutePath().getParent())
                    .optModelName(modelName(files))
                    .optEngine(DjlRuntime.ONNX_RUNTIME)
                    .optDevice(device)
                    .optOption("intraOpNumThreads", intraOp)
                    .optOption("interOpNumThreads", "1")
                    .optTranslator(new EncoderTranslator(tokenizer, options.pooling()))
                    .build();
            ZooModel<List<String>, List<Embedding>> model = criteria.loadModel();
            LOG.info("Sentence encoder {} loaded on {} ({} thread(s))", files.model(), device, intraOp);
            return new SentenceEncoder(files, tokenizer, model, device);
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            tokenizer.close();
            throw new ModelLoadException(
                    files.model(),
                    "Could not load the sentence encoder model "
                            + files.model().toAbsolutePath() + ": " + rootMessage(e)
                            + ". The file must be an ONNX sentence-transformer export (inputs input_ids,"
                            + " attention_mask; output last_hidden_state). Replace it, or leave the encoder"
                            + " unset to use the bundled " + EncoderFiles.BUNDLED_NAME + ".",
                    e);
        }
    }

    /** DJL finds {@code <name>.onnx} in the model folder; a file not ending in .onnx is taken whole. */
    private static String modelName(EncoderFiles files) {
        String name = files.model().getFileName().toString();
        return name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
    }

    private static HuggingFaceTokenizer loadTokenizer(EncoderFiles files, int maxTokens) {
        try {
            return HuggingFaceTokenizer.builder()
                    .optTokenizerPath(files.tokenizer())
                    .optPadding(true)
                    .optTruncation(true)
                    .optMaxLength(maxTokens)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(
                    files.tokenizer(),
                    "Could not load the sentence encoder"
                            + " tokenizer " + files.tokenizer().toAbsolutePath() + ": " + rootMessage(e)
                            + ". It must be a Hugging Face tokenizer.json that belongs to the model.",
                    e);
        }
    }

    /**
     * Opens a session: one DJL predictor for one thread.
     *
     * @return a new session (close it on the thread that used it)
     */
    public Session newSession() {
        return new Session(model.newPredictor());
    }

    /**
     * Encodes sentences in one batch with a short-lived session. Convenient for tools
     * and tests; game code goes through the inference queue.
     *
     * @param sentences the sentences (not null, not empty)
     * @return one embedding per sentence, in order
     */
    public List<Embedding> encode(List<String> sentences) {
        try (Session session = newSession()) {
            return session.encode(sentences);
        }
    }

    /** @return the device the model runs on */
    public Device device() {
        return device;
    }

    /** @return the files this encoder was loaded from */
    public EncoderFiles files() {
        return files;
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }

    /**
     * One DJL predictor. Not thread-safe: use it from one thread and close it there.
     */
    public static final class Session implements AutoCloseable {
        private final Predictor<List<String>, List<Embedding>> predictor;

        private Session(Predictor<List<String>, List<Embedding>> predictor) {
            this.predictor = predictor;
        }

        /**
         * Encodes sentences as one batch.
         *
         * @param sentences the sentences (not null, not empty, unaffected)
         * @return one embedding per sentence, in order
         * @throws IllegalStateException if the engine fails
         */
        public List<Embedding> encode(List<String> sentences) {
            if (sentences.isEmpty()) {
                return List.of();
            }
            try {
                return predictor.predict(new ArrayList<>(sentences));
            } catch (TranslateException e) {
                throw new IllegalStateException(
                        "The sentence encoder failed on a batch of " + sentences.size() + ": " + rootMessage(e), e);
            }
        }

        @Override
        public void close() {
            predictor.close();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.strip());
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<List<T>> listOf(Class<T> element) {
        return (Class<List<T>>) (Class<?>) List.class;
    }
}
