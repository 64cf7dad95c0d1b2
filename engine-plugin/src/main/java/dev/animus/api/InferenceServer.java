package dev.animus.api;

import dev.animus.remote.ServerSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An inference server that writes the NPCs' replies instead of this process: anything that
 * speaks the OpenAI API's completions ({@code /v1/completions}) with token-id prompts, such as
 * llama.cpp's {@code llama-server} or vLLM, serving the same checkpoint the game would run
 * (for the bundled one: {@code Launcher export-gguf}). Give it to
 * {@link AnimusConfig.Builder#backend}. World files and game code stay as they are; the sentence
 * encoder and the answer judge keep running in the game. Immutable.
 *
 * <pre>{@code
 * AnimusConfig.builder().backend(InferenceServer.llamaCpp("http://127.0.0.1:8080")).build();
 * }</pre>
 */
public final class InferenceServer {
    private final ServerSettings settings;

    private InferenceServer(ServerSettings settings) {
        this.settings = settings;
    }

    /**
     * llama.cpp's {@code llama-server}: the NPC's actions, emotions and lines are held to their
     * allowed sets by its token grammar, so its greedy replies are the in-process decoder's.
     *
     * @param baseUrl its address, for example {@code http://127.0.0.1:8080}
     * @return the server, 16 requests in flight per worker
     * @throws IllegalArgumentException for an address that is not an http(s) URL
     */
    public static InferenceServer llamaCpp(String baseUrl) {
        return new InferenceServer(settings(baseUrl, "animus", true));
    }

    /**
     * Any OpenAI-compatible server (vLLM, SGLang, DJL Serving, Ollama's {@code /v1}). Without
     * llama.cpp's token grammar, what it writes is checked here: a choice outside the NPC's set
     * is replaced by the first one the plan allows.
     *
     * @param baseUrl its address, with or without {@code /v1}
     * @param model the name it serves the model under
     * @return the server, 16 requests in flight per worker
     * @throws IllegalArgumentException for an address that is not an http(s) URL, or a blank model
     */
    public static InferenceServer openAi(String baseUrl, String model) {
        return new InferenceServer(settings(baseUrl, model, false));
    }

    private static ServerSettings settings(String baseUrl, String model, boolean grammar) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        URI uri;
        try {
            uri = URI.create(baseUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "an inference server's address is an http:// or https:// URL with a"
                            + " host, for example http://127.0.0.1:8080; got '" + baseUrl + "'",
                    e);
        }
        return new ServerSettings(uri, model, Optional.empty(), 16, grammar, Duration.ofSeconds(2));
    }

    /** @param key sent as {@code Authorization: Bearer KEY} @return a copy with it */
    public InferenceServer withApiKey(String key) {
        Objects.requireNonNull(key, "key");
        ServerSettings s = settings;
        return new InferenceServer(new ServerSettings(
                s.baseUrl(), s.model(), Optional.of(key), s.maxInFlight(), s.tokenGrammar(), s.connectTimeout()));
    }

    /**
     * @param n replies sent at once per inference worker (1 to 1024; the server batches them)
     * @return a copy with it
     */
    public InferenceServer withMaxInFlight(int n) {
        ServerSettings s = settings;
        return new InferenceServer(
                new ServerSettings(s.baseUrl(), s.model(), s.apiKey(), n, s.tokenGrammar(), s.connectTimeout()));
    }

    /**
     * @param enabled whether the server takes llama.cpp's grammar over token ids
     * @return a copy with it
     */
    public InferenceServer withTokenGrammar(boolean enabled) {
        ServerSettings s = settings;
        return new InferenceServer(
                new ServerSettings(s.baseUrl(), s.model(), s.apiKey(), s.maxInFlight(), enabled, s.connectTimeout()));
    }

    /** @return its address */
    public URI baseUrl() {
        return settings.baseUrl();
    }

    /** @return the model name requests carry */
    public String model() {
        return settings.model();
    }

    ServerSettings settings() {
        return settings;
    }

    @Override
    public String toString() {
        return "InferenceServer[" + settings.baseUrl() + ", model " + settings.model() + "]";
    }
}
