package dev.animus.model.llama;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the test checkpoint is: {@code models/testdata/tinystories-656k} in this repository (its
 * origin and licence are in the folder's ORIGIN.md). The root pom passes the folder as
 * {@code animus.testmodel.dir}; run from an IDE without it, the module's own folder is used.
 */
final class TinyStories {
    private TinyStories() {}

    static Path folder() {
        Path folder = Path.of(System.getProperty("animus.testmodel.dir", "testdata/tinystories-656k"));
        if (!Files.isRegularFile(folder.resolve("model.safetensors"))) {
            throw new IllegalStateException("The test model is not at " + folder.toAbsolutePath()
                    + ": it is committed at models/testdata/tinystories-656k; is the clone complete?");
        }
        return folder;
    }
}
