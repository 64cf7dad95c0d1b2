package dev.animus.model.runtime;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Copies model files that ship inside jars to real files, which the engines need. A file is
 * copied once and reused while its content matches (size, then bytes: a retrained model of
 * the same architecture has the same size); copies go through a temporary file and an atomic
 * move, so a crash or a second JVM never sees half a model.
 */
public final class BundledResources {
    private BundledResources() {}

    /**
     * @param resource the class-path resource (not null)
     * @param target where to put it (not null)
     * @param whenMissing what to tell the user if the resource is not on the class path
     * @return the target, now holding the resource
     * @throws IllegalStateException with {@code whenMissing} if the resource is absent
     * @throws UncheckedIOException if the copy fails, naming the target and what to check
     */
    public static Path extract(String resource, Path target, String whenMissing) {
        URL url = BundledResources.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException(whenMissing);
        }
        try {
            long size = url.openConnection().getContentLengthLong();
            if (Files.isRegularFile(target) && size >= 0 && Files.size(target) == size && sameBytes(url, target)) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(
                    target.getParent(), target.getFileName().toString(), ".part");
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not copy the bundled file '" + resource + "' to " + target + ": " + e.getMessage()
                            + ". Check that DJL's cache folder is writable, or set DJL_CACHE_DIR.",
                    e);
        }
    }

    private static boolean sameBytes(URL url, Path file) throws IOException {
        try (InputStream a = new BufferedInputStream(url.openStream(), 1 << 16);
                InputStream b = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] x = new byte[1 << 16];
            byte[] y = new byte[1 << 16];
            while (true) {
                int n = a.readNBytes(x, 0, x.length);
                int m = b.readNBytes(y, 0, y.length);
                if (n != m || !Arrays.equals(x, 0, n, y, 0, m)) {
                    return false;
                }
                if (n == 0) {
                    return true;
                }
            }
        }
    }
}
