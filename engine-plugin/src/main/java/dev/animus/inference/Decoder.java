package dev.animus.inference;

import dev.animus.model.llama.LlamaTokenizer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * What dialogue needs of a decoder, wherever it runs: in this process ({@link DecoderModel}) or
 * on an inference server ({@code dev.animus.remote.ServerDecoder}). Both take the same requests
 * (token ids and a plan) and give the same results, so prompts, plans and the queue's rules do
 * not change with the backend.
 */
public interface Decoder extends GenerativeModel<DecodeRequest, DecodeResult> {

    /**
     * What a loaded decoder offers those who write its prompts: its tokenizer (the one the
     * workers use, loaded once) and its limits.
     *
     * @param tokenizer the checkpoint's tokenizer; owned by the decoder, closed with it
     * @param vocabSize tokens the model knows
     * @param contextLength the most positions a sequence may take, prompt and reply together
     * @param folder the checkpoint folder, where prompts learn how the model wants them framed
     *     (its chat template); null for a decoder given by loaders alone (Animus's markers only)
     */
    record Loaded(LlamaTokenizer tokenizer, int vocabSize, int contextLength, Path folder) {}

    /**
     * Completes once the decoder is ready (with its tokenizer and limits), or fails with the
     * reason it could not be made ready. Never waits: chain on it.
     *
     * @return the loaded decoder's tokenizer and limits
     */
    CompletableFuture<Loaded> loaded();
}
