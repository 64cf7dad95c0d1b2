package dev.animus.model.llama;

import ai.djl.util.Utils;
import dev.animus.model.runtime.BundledResources;
import java.nio.file.Path;

/**
 * Where the bundled decoder is: Animus's own model, trained by {@code mvn -Ptrain package} and
 * shipped as resources of {@code animus-models}. The loader reads files, so the checkpoint is
 * copied once into DJL's cache folder and reused while the sizes match.
 */
public final class DecoderFiles {
    /** The resource folder of the bundled checkpoint. */
    static final String RESOURCE = "dev/animus/model/decoder/";

    private static final String[] FILES = {"config.json", "model.safetensors", "tokenizer.json"};

    private DecoderFiles() {}

    /** @return whether this build carries a bundled decoder */
    public static boolean bundledPresent() {
        return DecoderFiles.class.getClassLoader().getResource(RESOURCE + "model.safetensors") != null;
    }

    /**
     * @return a folder holding the bundled checkpoint
     * @throws IllegalStateException if this build carries none
     */
    public static Path bundled() {
        Path folder = Utils.getCacheDir().resolve("animus").resolve("decoder");
        for (String name : FILES) {
            BundledResources.extract(
                    RESOURCE + name,
                    folder.resolve(name),
                    "The bundled decoder file " + RESOURCE + name
                            + " is not on the class path. Depend on dev.animus:animus-models, or point the decoder"
                            + " configuration at your own Llama checkpoint folder.");
        }
        return folder;
    }
}
