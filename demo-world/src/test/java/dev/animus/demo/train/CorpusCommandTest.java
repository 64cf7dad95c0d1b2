package dev.animus.demo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.llama.DecoderFiles;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.prompt.PromptFormat;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The corpus files a trainer outside the JVM reads: their format, and what they hold. */
class CorpusCommandTest {
    @Test
    void writesTokenisedSamplesThatDecodeToDialoguePrompts(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("corpus");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = CorpusCommand.run(
                List.of(
                        "--judge-worlds",
                        "../models/training/judge/worlds.json",
                        "--out",
                        out.toString(),
                        "--samples",
                        "200"),
                new PrintStream(printed, true, StandardCharsets.UTF_8),
                System.err);
        assertEquals(0, code);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("200 training samples"), printed.toString());
        try (DataInputStream in = new DataInputStream(Files.newInputStream(out.resolve("train.bin")));
                LlamaTokenizer tokenizer = LlamaTokenizer.load(DecoderFiles.bundled())) {
            assertEquals("ANIC", new String(in.readNBytes(4), StandardCharsets.US_ASCII));
            assertEquals(1, in.readInt());
            assertEquals(200, in.readInt());
            int prompt = in.readUnsignedShort();
            int reply = in.readUnsignedShort();
            long[] ids = new long[prompt + reply];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = in.readUnsignedShort();
            }
            String text = tokenizer.decode(ids, false);
            assertTrue(text.startsWith(PromptFormat.NPC), text);
            assertTrue(text.endsWith(PromptFormat.END), text);
        }
        assertTrue(Files.size(out.resolve("heldout-worlds.bin")) > 1000);
        assertTrue(Files.size(out.resolve("heldout-generated.bin")) > 1000);
    }

    @Test
    void absurdArgumentsAreRefused(@TempDir Path dir) {
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> CorpusCommand.run(
                        List.of("--judge-worlds", "x.json", "--out", dir.toString(), "--samples", "5"),
                        System.out,
                        System.err));
        assertTrue(e.getMessage().contains("--samples 100 to 5000000"), e.getMessage());
    }
}
