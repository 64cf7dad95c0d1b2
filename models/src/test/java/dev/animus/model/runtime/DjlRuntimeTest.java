package dev.animus.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class DjlRuntimeTest {

    @Test
    void anEngineThatIsNotOnTheClassPathNamesTheArtifactToAdd() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> DjlRuntime.requireEngine("TensorFlow"));
        assertTrue(e.getMessage().contains("ai.djl.tensorflow:tensorflow-engine"), e.getMessage());
    }

    @Test
    void anUnknownEngineListsTheOnesThatExist() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DjlRuntime.requireEngine("Nonsense"));
        assertTrue(e.getMessage().contains("OnnxRuntime") && e.getMessage().contains("PyTorch"), e.getMessage());
    }

    @Test
    void withoutAGpuEveryPreferenceRunsOnTheCpu() {
        // No GPU on this machine or in CI: AUTO and GPU must both land on the CPU.
        Engine engine = DjlRuntime.requireEngine(DjlRuntime.ONNX_RUNTIME);
        if (engine.getGpuCount() == 0) {
            assertEquals(Device.cpu(), DeviceSelector.select(engine, DevicePreference.AUTO));
            assertEquals(Device.cpu(), DeviceSelector.select(engine, DevicePreference.GPU));
        }
        assertEquals(Device.cpu(), DeviceSelector.select(engine, DevicePreference.CPU));
    }

    @Test
    void aBadDeviceNameSaysWhereItCameFromAndWhatIsAllowed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> DevicePreference.parse("tpu", "animus.properties:3"));
        assertEquals("Unknown device 'tpu' in animus.properties:3; allowed: auto, cpu, gpu", e.getMessage());
        assertEquals(DevicePreference.GPU, DevicePreference.parse(" Gpu ", "x"));
    }
}
