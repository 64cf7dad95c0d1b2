package dev.animus.runtime;

import dev.animus.memory.MemoryStore;
import dev.animus.memory.SaveFileException;
import dev.animus.memory.WorldSave;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads a world's saves on one background thread, in order, so the render thread
 * never waits on the disk. Closing never waits: saves already asked for are still written, and
 * the thread is not a daemon, so a game that exits right after saving still gets its save (each
 * is one transaction: a kill leaves the previous save intact). Thread-safe.
 */
public final class SaveWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SaveWriter.class);
    /** How long the save thread stays once idle; a new one starts for the next save. */
    public static final long IDLE_SECONDS = 2;

    private ThreadPoolExecutor thread;

    /** @return completes once {@code save} is on disk, or with the {@link SaveFileException} */
    public CompletableFuture<Path> write(Path file, WorldSave save) {
        return CompletableFuture.supplyAsync(
                () -> {
                    MemoryStore.save(file, save);
                    LOG.info("Saved {} to {}", save.worldId(), file);
                    return file;
                },
                thread());
    }

    /** @return the save, or a future failed with the {@link SaveFileException} itself */
    public CompletableFuture<WorldSave> read(Path file, String worldId) {
        CompletableFuture<WorldSave> read = new CompletableFuture<>();
        CompletableFuture.supplyAsync(() -> MemoryStore.load(file, worldId), thread())
                .whenComplete((save, error) -> {
                    if (error != null) {
                        read.completeExceptionally(
                                error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
                    } else {
                        read.complete(save);
                    }
                });
        return read;
    }

    private synchronized ExecutorService thread() {
        if (thread == null) {
            // One thread at most, so saves stay in order; it ends IDLE_SECONDS after the last save (at
            // once after close), so it keeps the JVM alive only while a save is being written.
            thread = new ThreadPoolExecutor(0, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "animus-save");
                t.setDaemon(false); // a save asked for just before the game exits is still written
                return t;
            });
        }
        return thread;
    }

    /** Takes no more saves; those asked for are still written, on the save thread. Never waits. */
    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdown();
        }
    }

    /** For tests: runs a task on the save thread, in turn with the saves (a test holds the thread with one). */
    public void runInTurn(Runnable task) {
        thread().execute(task);
    }
}
