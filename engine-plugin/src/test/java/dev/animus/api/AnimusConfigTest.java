package dev.animus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.encoder.EncoderOptions;
import dev.animus.model.runtime.DevicePreference;
import org.junit.jupiter.api.Test;

/** The configuration a game builds, in the API's own values, reaches the runtime as it said. */
class AnimusConfigTest {

    @Test
    void theApisValuesReachTheRuntime() {
        AnimusConfig config = AnimusConfig.builder()
                .device(Device.CPU)
                .encoderPooling(EncoderPooling.MEAN)
                .thinkRate(10, 30, 0.5f, 2)
                .workers(2)
                .decoderPrecision(DecoderPrecision.FP16)
                .build();
        assertEquals(Device.CPU, config.device());
        assertEquals(dev.animus.model.llama.Precision.FP16, config.models().precision());
        assertEquals(DevicePreference.CPU, config.models().device());
        assertEquals(EncoderOptions.Pooling.MEAN, config.models().pooling());
        assertEquals(2, config.models().queue().workers());
        assertEquals(2f, config.thinkRate().interval(31, true), "beyond 30 m: every 2 s");
        assertEquals(0.5f, config.thinkRate().interval(20, true), "between 10 and 30 m: every 0.5 s");
    }

    @Test
    void theDefaultsAreTheRuntimes() {
        AnimusConfig config = AnimusConfig.builder().build();
        assertEquals(Device.AUTO, config.device());
        assertEquals(DecoderPrecision.AUTO, config.decoderPrecision());
        assertEquals(EncoderPooling.CLS, config.encoderPooling());
        assertEquals(0.9f, config.thinkRate().interval(100, true));
    }

    @Test
    void aThinkRateOutOfOrderIsRefusedWithItsValues() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> AnimusConfig.builder().thinkRate(40, 15, 0.25f, 0.9f));
        assertTrue(e.getMessage().contains("nearMetres <= midMetres"), e.getMessage());
        assertTrue(e.getMessage().contains("40.0, 15.0"), e.getMessage());
    }

    @Test
    void anInferenceServerReachesTheRuntimeAndABadOneIsRefusedWithWhatIsWrong() {
        InferenceServer server = InferenceServer.llamaCpp("http://127.0.0.1:8080")
                .withApiKey("k")
                .withMaxInFlight(32);
        AnimusConfig config = AnimusConfig.builder().backend(server).build();
        assertEquals(server, config.backend().orElseThrow());
        var settings = config.models().server().orElseThrow();
        assertEquals(32, settings.maxInFlight());
        assertTrue(settings.tokenGrammar(), "llama.cpp takes the token grammar");
        assertEquals(
                "http://127.0.0.1:8080/v1/completions", settings.completions().toString());
        assertEquals(
                "http://gpu-box:8000/v1/completions",
                InferenceServer.openAi("http://gpu-box:8000/v1/", "animus")
                        .settings()
                        .completions()
                        .toString(),
                "with or without /v1");
        assertTrue(AnimusConfig.builder().build().models().server().isEmpty(), "in process by default");

        IllegalArgumentException scheme =
                assertThrows(IllegalArgumentException.class, () -> InferenceServer.llamaCpp("127.0.0.1:8080"));
        assertTrue(scheme.getMessage().contains("http:// or https:// URL"), scheme.getMessage());
        IllegalArgumentException model =
                assertThrows(IllegalArgumentException.class, () -> InferenceServer.openAi("http://h:1", " "));
        assertTrue(model.getMessage().contains("name of the model"), model.getMessage());
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class, () -> server.withMaxInFlight(0));
        assertTrue(many.getMessage().contains("maxInFlight must be in [1, 1024], got 0"), many.getMessage());
    }
}
