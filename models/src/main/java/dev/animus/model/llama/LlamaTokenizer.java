package dev.animus.model.llama;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.animus.model.runtime.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A checkpoint's {@code tokenizer.json} through DJL's Hugging Face tokenizer: text to token
 * ids (with the special tokens the tokenizer's template adds, such as BOS) and back.
 * Thread-safe.
 */
public final class LlamaTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final Path file;

    private LlamaTokenizer(HuggingFaceTokenizer tokenizer, Path file) {
        this.tokenizer = tokenizer;
        this.file = file;
    }

    /** @return the tokenizer.json it was loaded from, as an absolute path (for messages) */
    public Path file() {
        return file;
    }

    /**
     * @param folder a checkpoint folder holding tokenizer.json (not null)
     * @return the tokenizer
     * @throws ModelLoadException if the file is missing or unreadable
     */
    public static LlamaTokenizer load(Path folder) {
        Path file = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file, "No tokenizer.json in " + folder.toAbsolutePath(), null);
        }
        try {
            return new LlamaTokenizer(
                    HuggingFaceTokenizer.builder()
                            .optTokenizerPath(file)
                            .optAddSpecialTokens(true)
                            .optTruncation(false)
                            .optPadding(false)
                            .build(),
                    file.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(
                    file, "Could not load the tokenizer " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** @return the text's token ids, with the tokenizer's special tokens (such as BOS) */
    public long[] encode(String text) {
        Encoding e = tokenizer.encode(text);
        return e.getIds();
    }

    /** @return the text's token ids without special tokens: for constraints and continuations */
    public long[] encodePlain(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    /** @return the text of token ids, special tokens left out */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    /**
     * @param ids token ids
     * @param skipSpecialTokens whether to leave special tokens (markers) out
     * @return their text
     */
    public String decode(long[] ids, boolean skipSpecialTokens) {
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
