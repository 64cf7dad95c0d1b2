package dev.animus.memory;

import java.nio.file.Path;

/** A save could not be written or read; the message names the file and what to do. */
public final class SaveFileException extends RuntimeException {
    private final transient Path file;

    public SaveFileException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** @return the save file concerned */
    public Path file() {
        return file;
    }
}
