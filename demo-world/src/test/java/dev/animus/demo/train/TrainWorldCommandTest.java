package dev.animus.demo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.llama.DecoderFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --world}: a real fine-tune of the bundled decoder (a few steps), and the folders it refuses to write. */
class TrainWorldCommandTest {
    private static final String WORLD = "src/main/resources/eval/worlds/crimson_gannet.world";

    private record Run(int code, String out, String err) {}

    private static Run train(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainWorldCommand.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFewStepsWriteANewCheckpointWithItsRecordAndFiguresBeforeAndAfter(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("gannet-decoder");
        Run r = train("--world", WORLD, "--out", out.toString(), "--steps", "3", "--samples", "200", "--per-fact", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 NPCs with 16 facts"), r.out());
        assertTrue(r.out().matches("(?s).*Before \\(.*\\): perplexity [\\d.]+; right fact \\d+ of 16 .*"), r.out());
        assertTrue(r.out().matches("(?s).*After  \\(.*\\): perplexity [\\d.]+; right fact \\d+ of 16 .*"), r.out());
        for (String name : List.of("config.json", "model.safetensors", "tokenizer.json", TrainWorldCommand.RECORD)) {
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        }
        String record = Files.readString(out.resolve(TrainWorldCommand.RECORD));
        assertTrue(record.contains("\"world\": \"crimson_gannet\"") && record.contains("--steps 3"), record);
        // The bundled decoder is untouched, and a second run may write over its own folder.
        assertTrue(Files.size(DecoderFiles.bundled().resolve("model.safetensors")) > 0);
        assertEquals(null, TrainWorldCommand.refusal(DecoderFiles.bundled(), out));
    }

    @Test
    void itNeverWritesOverTheDecoderItStartsFromOrAFolderItDidNotWrite(@TempDir Path dir) throws Exception {
        Path bundled = DecoderFiles.bundled();
        assertTrue(TrainWorldCommand.refusal(bundled, bundled).contains("is the decoder training starts from"));
        Path theirs = Files.createDirectories(dir.resolve("theirs"));
        Files.writeString(theirs.resolve("notes.txt"), "mine");
        assertTrue(TrainWorldCommand.refusal(bundled, theirs).contains("is not empty"));
        Run r = train("--world", WORLD, "--out", theirs.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(theirs.toString()) && r.err().contains("give a new or empty folder"), r.err());
        assertEquals("mine", Files.readString(theirs.resolve("notes.txt")));
        assertTrue(TrainWorldCommand.refusal(dir.resolve("nowhere"), dir.resolve("new"))
                .contains("no config.json"));
    }

    @Test
    void aBrokenWorldFileIsNamedWithItsLine(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.world");
        Files.writeString(broken, "animus: 1\nworld: [\n");
        Run r = train("--world", broken.toString(), "--out", dir.resolve("out").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().matches("(?s).*broken.world:\\d+:\\d+: .*"), "the file, its line and column: " + r.err());
        assertTrue(!Files.exists(dir.resolve("out")), "nothing is written for a broken world");
    }
}
