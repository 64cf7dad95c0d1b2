package dev.animus.model.llama;

import dev.animus.model.runtime.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
     * Refuses weights the config has no place for: a part a loader would silently skip. An
     * untied {@code lm_head.weight} beside tied embeddings and RoPE's stored frequencies are
     * allowed.
     *
     * @param weights tensor name to tensor
     * @param used the names the loader took
     * @throws IllegalArgumentException naming up to five of the others
     */
    public static void requireAllUsed(Map<String, Safetensors.Tensor> weights, Set<String> used) {
        List<String> unused = weights.keySet().stream()
                .filter(n -> !n.equals("lm_head.weight") && !n.endsWith("rotary_emb.inv_freq"))
                .filter(n -> !used.contains(n))
                .sorted()
                .toList();
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("tensors the config has no place for: "
                    + unused.subList(0, Math.min(5, unused.size())) + (unused.size() > 5 ? " ..." : ""));
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
