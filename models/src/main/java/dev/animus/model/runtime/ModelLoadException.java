package dev.animus.model.runtime;

import java.nio.file.Path;

/**
 * A model's files exist but cannot be loaded: corrupt, of the wrong kind, or needing an
 * engine feature that is missing. The message names the file and what to do.
 */
public class ModelLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file the file that could not be loaded (not null)
     * @param message what went wrong and what to do (not null)
     * @param cause the engine's own error (may be null)
     */
    public ModelLoadException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** @return the file that could not be loaded */
    public Path file() {
        return file;
    }
}
