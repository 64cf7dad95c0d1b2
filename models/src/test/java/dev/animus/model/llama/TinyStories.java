package dev.animus.model.llama;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared test checkpoint is: ../shared/models/tinystories-656k beside the repository. */
final class TinyStories {
    private TinyStories() {
    }

    static Path folder() {
        Path shared = Path.of(System.getProperty("animus.shared.dir", "../../shared"));
        Path folder = shared.resolve("models/tinystories-656k");
        if (!Files.isRegularFile(folder.resolve("model.safetensors"))) {
            throw new IllegalStateException("The test model is not at " + folder.toAbsolutePath() + ". Tests read"
                    + " ../shared/models/tinystories-656k beside the repository; set -Danimus.shared.dir=PATH otherwise.");
        }
        return folder;
    }
}
