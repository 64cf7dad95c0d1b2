package dev.animus.model.llama;

import dev.animus.model.runtime.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Hugging Face checkpoint folder read from disk: its config.json and its safetensors weights
 * (as fp32), before any runtime holds them.
 *
 * @param folder where it was read from
 * @param config its checked config
 * @param weights tensor name to tensor
 */
public record Checkpoint(Path folder, LlamaConfig config, Map<String, Safetensors.Tensor> weights) {
    /**
     * @param folder a folder with config.json and model.safetensors (not null)
     * @return the checkpoint
     * @throws ModelLoadException naming the file and what is wrong with it
     */
    public static Checkpoint read(Path folder) {
        Path configFile = folder.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new ModelLoadException(
                    configFile,
                    "No config.json in " + folder.toAbsolutePath()
                            + ": a Llama checkpoint folder holds config.json, model.safetensors and tokenizer.json",
                    null);
        }
        try {
            return new Checkpoint(folder, LlamaConfig.read(configFile), Safetensors.readFolder(folder));
        } catch (IOException e) {
            throw new ModelLoadException(
                    folder, "Could not read the model in " + folder.toAbsolutePath() + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(folder, e.getMessage(), e);
        }
    }

    /**
     * The weights do not fit the config: the error a loader throws, naming the folder.
     *
     * @param cause what does not fit
     */
    public ModelLoadException mismatch(IllegalArgumentException cause) {
        return new ModelLoadException(
                folder,
                "The weights in " + folder.toAbsolutePath() + " do not match its config.json: " + cause.getMessage(),
                cause);
    }
}
