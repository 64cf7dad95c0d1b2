package dev.animus.model.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the device a model runs on and logs the choice once per engine and preference.
 *
 * <p>Thread-safe.
 */
public final class DeviceSelector {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSelector.class);
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private static final Map<String, String> CHOSEN = new ConcurrentSkipListMap<>();

    private DeviceSelector() {}

    /**
     * @return the device chosen last for each engine ("PyTorch" to "cpu()"), and what each model
     *     runs on where it is not one engine's ("decoder" to "Java CPU fp32 (Vector API), 1
     *     thread(s)"), for status displays
     */
    public static Map<String, String> chosen() {
        return Map.copyOf(CHOSEN);
    }

    /**
     * Records what a model runs on, for {@link #chosen()}.
     *
     * @param model the model's role ("decoder")
     * @param runtime its runtime, as the model names it
     */
    public static void runsOn(String model, String runtime) {
        CHOSEN.put(model, runtime);
    }

    /**
     * Picks the device for an engine.
     *
     * @param engine the engine that will run the model (not null)
     * @param preference what the configuration asks for (not null)
     * @return the GPU 0 device when the preference allows it and the engine sees a GPU,
     *     else the CPU
     */
    public static Device select(Engine engine, DevicePreference preference) {
        int gpus = preference == DevicePreference.CPU ? 0 : engine.getGpuCount();
        Device device = gpus > 0 ? Device.gpu() : Device.cpu();
        CHOSEN.put(engine.getEngineName(), device.toString());
        String key = engine.getEngineName() + "/" + preference;
        if (LOGGED.add(key)) {
            if (preference == DevicePreference.GPU && gpus == 0) {
                LOG.warn(
                        "A GPU was asked for, but DJL's {} engine sees none: running on the"
                                + " CPU. For CUDA, build with -Pgpu (see README, 'GPU').",
                        engine.getEngineName());
            } else {
                LOG.info(
                        "{} models run on {} (device preference {}, GPUs seen: {})",
                        engine.getEngineName(),
                        device,
                        preference,
                        gpus);
            }
        }
        return device;
    }
}
