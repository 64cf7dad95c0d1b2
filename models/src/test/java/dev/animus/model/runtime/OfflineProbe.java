package dev.animus.model.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.animus.model.encoder.Embedding;
import dev.animus.model.encoder.SentenceEncoder;
import java.util.List;

/** Run in a child JVM by {@link OfflineEnginesTest}; exits non-zero on any failure. */
public final class OfflineProbe {
    private OfflineProbe() {}

    public static void main(String[] args) {
        Engine pytorch = DjlRuntime.requireEngine(DjlRuntime.PYTORCH);
        try (NDManager manager = pytorch.newBaseManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            float trace = a.matMul(a).toFloatArray()[0] + a.matMul(a).toFloatArray()[3];
            if (trace != 7f + 22f) {
                throw new AssertionError("PyTorch computed a wrong product: " + trace);
            }
        }
        try (SentenceEncoder encoder = SentenceEncoder.loadBundled()) {
            List<Embedding> e = encoder.encode(List.of("a cat", "a kitten"));
            if (e.get(0).cosine(e.get(1)) < 0.5f) {
                throw new AssertionError("encoder output is off: " + e.get(0).cosine(e.get(1)));
            }
        }
        System.out.println("PROBE OK " + pytorch.getEngineName() + " " + pytorch.getVersion());
    }
}
