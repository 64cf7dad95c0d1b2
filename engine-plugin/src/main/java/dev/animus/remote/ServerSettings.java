package dev.animus.remote;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the decoder runs when it is not in this process: a server that speaks the OpenAI API.
 *
 * @param baseUrl the server's address, with or without {@code /v1} ({@code http://127.0.0.1:8080})
 * @param model the model name the server knows the decoder by
 * @param apiKey sent as a bearer token, if the server wants one
 * @param maxInFlight requests sent to it at once per inference worker (it batches them itself)
 * @param tokenGrammar whether the server takes llama.cpp's GBNF with token ids ({@code <[id]>}),
 *     which holds each choice and forced token exactly as this process would decode it; without
 *     it, what the server writes is checked here and a choice it got wrong is replaced
 * @param connectTimeout how long to wait for a connection before the request fails
 */
public record ServerSettings(
        URI baseUrl,
        String model,
        Optional<String> apiKey,
        int maxInFlight,
        boolean tokenGrammar,
        Duration connectTimeout) {

    public ServerSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException(
                    "an inference server's address is an http:// or https:// URL with a host, for example"
                            + " http://127.0.0.1:8080; got '" + baseUrl + "'");
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("an inference server needs the name of the model it serves");
        }
        if (maxInFlight < 1 || maxInFlight > 1024) {
            throw new IllegalArgumentException("maxInFlight must be in [1, 1024], got " + maxInFlight);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
        }
    }

    /** @return the address of the completions endpoint */
    public URI completions() {
        return endpoint("completions");
    }

    /** @return the address of an endpoint under {@code /v1} */
    URI endpoint(String name) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(base.endsWith("/v1") ? base + "/" + name : base + "/v1/" + name);
    }
}
