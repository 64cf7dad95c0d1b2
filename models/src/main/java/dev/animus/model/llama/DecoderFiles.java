package dev.animus.model.llama;

import ai.djl.util.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where the bundled decoder is: Animus's own model, trained by {@code mvn -Ptrain package} and
 * shipped as resources of {@code animus-models}. The loader reads files, so the checkpoint is
 * copied once into DJL's cache folder and reused while the sizes match.
 */
public final class DecoderFiles {
    /** The resource folder of the bundled checkpoint. */
    static final String RESOURCE = "dev/animus/model/decoder/";
    private static final String[] FILES = {"config.json", "model.safetensors", "tokenizer.json"};

    private DecoderFiles() {
    }

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
            URL url = DecoderFiles.class.getClassLoader().getResource(RESOURCE + name);
            if (url == null) {
                throw new IllegalStateException("The bundled decoder file " + RESOURCE + name + " is not on the class"
                        + " path. Depend on dev.animus:animus-models, or point the decoder configuration at your own"
                        + " Llama checkpoint folder.");
            }
            Path target = folder.resolve(name);
            try {
                long size = url.openConnection().getContentLengthLong();
                if (Files.isRegularFile(target) && size >= 0 && Files.size(target) == size) {
                    continue;
                }
                Files.createDirectories(folder);
                Path tmp = Files.createTempFile(folder, name, ".part");
                try (InputStream in = url.openStream()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not copy the bundled decoder to " + folder + ": " + e.getMessage()
                        + ". Check that DJL's cache folder is writable, or set DJL_CACHE_DIR.", e);
            }
        }
        return folder;
    }
}
