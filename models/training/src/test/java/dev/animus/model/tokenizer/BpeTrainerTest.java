package dev.animus.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.prompt.PromptFormat;
import dev.animus.model.training.WorldGenerator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our byte-level BPE, trained here and read back by DJL's Hugging Face tokenizer library. */
class BpeTrainerTest {

    @Test
    void aTrainedTokenizerRoundTripsAnyTextAndKeepsMarkersWhole(@TempDir Path dir) throws Exception {
        List<String> corpus = new WorldGenerator(9, WorldGenerator.Split.TRAIN)
                .samples(1500).stream().map(s -> s.prompt() + s.target()).toList();
        BpeTrainer.Result trained = BpeTrainer.train(corpus, 1024, PromptFormat.MARKERS);
        assertEquals(1024, trained.vocab().size());
        trained.write(dir.resolve("tokenizer.json"));
        try (LlamaTokenizer tokenizer = LlamaTokenizer.load(dir)) {
            String sample = corpus.get(3);
            long[] ids = tokenizer.encode(sample);
            assertEquals(sample, tokenizer.decode(ids, false));
            assertTrue(
                    ids.length < sample.length() / 3,
                    "compresses: " + ids.length + " tokens for " + sample.length() + " chars");
            for (int i = 0; i < PromptFormat.MARKERS.size(); i++) {
                assertArrayEquals(
                        new long[] {i}, tokenizer.encode(PromptFormat.MARKERS.get(i)), PromptFormat.MARKERS.get(i));
            }
            for (String odd :
                    List.of("héllo wörld", "👋🏽 hi", "城里有龙吗？", "\u0000\u0001 binary \uFFFF", "tab\tand\nnewline")) {
                long[] oddIds = tokenizer.encode(odd);
                assertEquals(odd, tokenizer.decode(oddIds, false), "round trip of " + odd);
                for (long id : oddIds) {
                    assertTrue(id >= 0 && id < 1024);
                }
            }
        }
    }

    @Test
    void trainingIsDeterministic() {
        List<String> corpus = new WorldGenerator(2, WorldGenerator.Split.TRAIN)
                .samples(300).stream().map(WorldGenerator.Sample::prompt).toList();
        assertEquals(
                BpeTrainer.train(corpus, 600, PromptFormat.MARKERS).merges(),
                BpeTrainer.train(corpus, 600, PromptFormat.MARKERS).merges());
    }
}
