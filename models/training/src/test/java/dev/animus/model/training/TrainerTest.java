package dev.animus.model.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.llama.KvCache;
import dev.animus.model.llama.LlamaConfig;
import dev.animus.model.llama.LlamaModel;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.prompt.PromptFormat;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.model.tokenizer.BpeTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny model trained for real for a few steps: the loss falls, and the saved checkpoint loads back. */
class TrainerTest {

    @Test
    void clearingAGradientRemovesNaNsAndInfinities() {
        // Multiplying by zero keeps a NaN: one bad step froze a whole training run that way.
        try (ai.djl.ndarray.NDManager m = dev.animus.model.runtime.DjlRuntime.requireEngine(
                        dev.animus.model.runtime.DjlRuntime.PYTORCH)
                .newBaseManager()) {
            ai.djl.ndarray.NDArray g = m.create(new float[] {1f, Float.NaN, Float.NEGATIVE_INFINITY, -2f});
            int arrays = m.getManagedArrays().size();
            for (int step = 0; step < 10; step++) {
                Trainer.clear(g);
            }
            // Each clear left an array in the gradient's manager (the model's, alive for the whole
            // run): 38 a step, and resident memory grew by megabytes a step.
            assertEquals(
                    arrays, m.getManagedArrays().size(), "clearing leaves nothing behind in the gradient's manager");
            assertEquals(
                    List.of(0f, 0f, 0f, 0f),
                    java.util.stream.IntStream.range(0, 4)
                            .mapToObj(i -> g.toFloatArray()[i])
                            .toList());
        }
    }

    @Test
    void aTinyModelLearnsAndItsSavedCheckpointLoadsBackExactly(@TempDir Path dir) throws Exception {
        List<WorldGenerator.Sample> train = new WorldGenerator(1, WorldGenerator.Split.TRAIN).samples(400);
        List<WorldGenerator.Sample> eval = new WorldGenerator(2, WorldGenerator.Split.EVAL).samples(32);
        BpeTrainer.train(train.stream().map(s -> s.prompt() + s.target()).toList(), 512, PromptFormat.MARKERS)
                .write(dir.resolve("tokenizer.json"));
        LlamaConfig config = new LlamaConfig(512, 48, 128, 1, 4, 2, 10_000, 1e-5, true, 512, -1, -1);
        List<Float> losses = new ArrayList<>();
        List<Float> evals = new ArrayList<>();
        try (LlamaTokenizer tokenizer = LlamaTokenizer.load(dir)) {
            Trainer.Settings settings = new Trainer.Settings(config, 60, 8, 256, 3e-3f, 5, 7, 30);
            try (LlamaModel model = Trainer.train(settings, tokenizer, train, eval, new Trainer.Progress() {
                @Override
                public boolean step(int step, int steps, float loss, double tokensPerSecond) {
                    losses.add(loss);
                    return true;
                }

                @Override
                public void evaluated(int step, float loss, LlamaModel current) {
                    evals.add(loss);
                }
            })) {
                assertEquals(60, losses.size());
                float first = (losses.get(0) + losses.get(1) + losses.get(2)) / 3;
                float last = (losses.get(57) + losses.get(58) + losses.get(59)) / 3;
                assertTrue(first > Math.log(512) - 1, "an untrained model guesses: " + first);
                assertTrue(last < first * 0.75, "the loss fell from " + first + " to " + last);
                System.getLogger("test")
                        .log(
                                System.Logger.Level.INFO,
                                "training loss " + first + " -> " + last + ", held-out " + evals);
                assertEquals(2, evals.size());
                assertTrue(evals.get(1) < first * 0.8, "held-out loss " + evals);

                Path checkpoint = dir.resolve("checkpoint");
                Trainer.save(model, dir.resolve("tokenizer.json"), checkpoint);
                long[] prompt = tokenizer.encodePlain(eval.get(0).prompt());
                float[] before;
                try (KvCache cache = model.newCache()) {
                    before = model.forward(prompt, cache);
                }
                try (LlamaModel loaded = LlamaModel.load(checkpoint, DevicePreference.CPU);
                        KvCache cache = loaded.newCache()) {
                    float[] after = loaded.forward(prompt, cache);
                    float diff = 0;
                    for (int i = 0; i < before.length; i++) {
                        diff = Math.max(diff, Math.abs(before[i] - after[i]));
                    }
                    assertTrue(diff < 1e-4f, "the saved checkpoint computes what the trained model does: " + diff);
                }
            }
        }
    }
}
