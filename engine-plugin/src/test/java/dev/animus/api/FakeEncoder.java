package dev.animus.api;

import dev.animus.inference.BatchModel;
import dev.animus.inference.EncoderBatchModel;
import dev.animus.model.encoder.Embedding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A stand-in for the sentence encoder in tests whose subject is not what words mean (walking,
 * saves, cloning, game actions): an instant, deterministic bag of words hashed into 384
 * dimensions, so it loads no engine and texts that share words are near. Tests of meaning,
 * retrieval and the real engine keep the real encoder. Install it with {@link #into}.
 */
final class FakeEncoder implements BatchModel<String, Embedding> {
    static final int DIMENSIONS = 384;

    /** Gives a plugin state this encoder instead of the real one (before it is attached). */
    static AnimusAppState into(AnimusAppState animus) {
        animus.faults = m -> new FakeEncoder();
        return animus;
    }

    @Override
    public String name() {
        return EncoderBatchModel.NAME;
    }

    @Override
    public Class<String> inputType() {
        return String.class;
    }

    @Override
    public int maxBatchSize() {
        return 64;
    }

    @Override
    public BatchSession<String, Embedding> openSession() {
        return new BatchSession<>() {
            @Override
            public List<Embedding> run(List<String> inputs) {
                List<Embedding> out = new ArrayList<>(inputs.size());
                inputs.forEach(text -> out.add(embed(text)));
                return out;
            }

            @Override
            public void close() {}
        };
    }

    static Embedding embed(String text) {
        float[] v = new float[DIMENSIONS];
        v[0] = 1e-3f; // never the zero vector, even for no words
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                v[Math.floorMod(word.hashCode(), DIMENSIONS)] += 1;
            }
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return Embedding.of(v);
    }

    @Override
    public void close() {}
}
