package dev.animus.remote;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * llama.cpp's {@code llama-server} on 127.0.0.1, for the backend tests: found where
 * {@code .ci/llama-server.sh} builds it (or on the PATH, or at {@code -Danimus.llamaServer}),
 * started on a free port with a GGUF file, waited for until it answers {@code /health}, and
 * killed (as a crash would) or stopped.
 */
final class LlamaServer implements AutoCloseable {
    private final Path binary;
    private final Path model;
    private final int port;
    private final Path log;
    private Process process;

    private LlamaServer(Path binary, Path model, int port, Path log) {
        this.binary = binary;
        this.model = model;
        this.port = port;
        this.log = log;
    }

    /** @return the binary, if this machine has one */
    static Optional<Path> find() {
        String property = System.getProperty("animus.llamaServer");
        Stream<Path> candidates = Stream.concat(
                Stream.of(
                        property == null ? null : Path.of(property),
                        Path.of(
                                System.getProperty("user.home"),
                                ".cache/animus/llama.cpp-3.21.1/build/bin/llama-server")),
                Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                        .filter(s -> !s.isBlank())
                        .map(dir -> Path.of(dir, "llama-server")));
        return candidates.filter(p -> p != null && Files.isExecutable(p)).findFirst();
    }

    /** Starts a server with 16 slots of {@code slotContext} positions each. */
    static LlamaServer start(Path binary, Path model, Path log) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LlamaServer server = new LlamaServer(binary, model, port, log);
        server.startProcess();
        return server;
    }

    /** Starts (again) on the same port and waits until it answers. */
    void startProcess() throws Exception {
        List<String> command = List.of(
                binary.toString(),
                "-m",
                model.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "-c",
                String.valueOf(16 * 512),
                "-np",
                "16",
                "-t",
                "2",
                "--no-webui");
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("llama-server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(url() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("llama-server did not become healthy in 120 s; see " + log);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** @return the port it listens on (127.0.0.1) */
    int port() {
        return port;
    }

    /** Kills the process at once, as a crash would, and waits for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
