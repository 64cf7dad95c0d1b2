package dev.animus.api;

import dev.animus.memory.MemoryStore;
import dev.animus.memory.WorldSave;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads a world's saves on one background thread, in order, so the render thread
 * never waits on the disk. Closing waits a while for a save under way. Thread-safe.
 */
final class SaveWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SaveWriter.class);
    /** How long closing waits for a save under way. */
    static final long CLOSE_WAIT_SECONDS = 10;

    private ExecutorService thread;

    /** @return completes once {@code save} is on disk, or with the {@link dev.animus.memory.SaveFileException} */
    CompletableFuture<Path> write(Path file, WorldSave save) {
        return CompletableFuture.supplyAsync(() -> {
            MemoryStore.save(file, save);
            LOG.info("Saved {} to {}", save.worldId(), file);
            return file;
        }, thread());
    }

    /** @return the save, or a future failed with the {@link dev.animus.memory.SaveFileException} itself */
    CompletableFuture<WorldSave> read(Path file, String worldId) {
        CompletableFuture<WorldSave> read = new CompletableFuture<>();
        CompletableFuture.supplyAsync(() -> MemoryStore.load(file, worldId), thread()).whenComplete((save, error) -> {
            if (error != null) {
                read.completeExceptionally(error instanceof CompletionException c && c.getCause() != null
                        ? c.getCause() : error);
            } else {
                read.complete(save);
            }
        });
        return read;
    }

    private synchronized ExecutorService thread() {
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "animus-save");
                t.setDaemon(true); // close() waits for a save under way
                return t;
            });
        }
        return thread;
    }

    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        thread.shutdown(); // nothing new starts; a save under way may finish
        try {
            if (!thread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("A save did not finish within {} s of closing; the previous save stays intact",
                        CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
