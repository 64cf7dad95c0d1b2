package dev.animus.model.runtime;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prepares DJL for offline use and finds engines with errors a user can act on.
 *
 * <p>Animus never downloads anything at run time: engine natives come from Maven Central
 * artifacts on the class path (for example {@code pytorch-native-cpu}), weights from
 * dependencies or the game's assets. {@link #ensureOffline()} sets {@code ai.djl.offline}
 * before DJL first loads an engine, so a missing native fails at once with a message
 * instead of trying the network. A user who really wants DJL's downloads can set
 * {@code -Dai.djl.offline=false} explicitly; that choice is respected.
 *
 * <p>Thread-safe; every method may be called from any thread.
 */
public final class DjlRuntime {

    /** DJL engine name of PyTorch (used by the decoder). */
    public static final String PYTORCH = "PyTorch";
    /** DJL engine name of ONNX Runtime (used by the sentence encoder). */
    public static final String ONNX_RUNTIME = "OnnxRuntime";

    /** What to add to a build for each engine DJL knows, keyed by DJL's engine name. */
    private static final Map<String, String> ENGINE_ARTIFACTS = new TreeMap<>(Map.of(
            PYTORCH,
            "ai.djl.pytorch:pytorch-engine plus ai.djl.pytorch:pytorch-native-cpu"
                    + " (classifier linux-x86_64, or a CUDA build)",
            ONNX_RUNTIME,
            "ai.djl.onnxruntime:onnxruntime-engine plus"
                    + " com.microsoft.onnxruntime:onnxruntime (or onnxruntime_gpu)",
            "TensorFlow",
            "ai.djl.tensorflow:tensorflow-engine plus its native artifact",
            "MXNet",
            "ai.djl.mxnet:mxnet-engine plus its native artifact"));

    private DjlRuntime() {}

    /**
     * Switches DJL to offline mode unless the user has chosen otherwise, and gives PyTorch its
     * CPU threads ({@link #cpuThreads()}) unless {@code ai.djl.pytorch.num_threads} says
     * otherwise. Idempotent; takes effect for an engine DJL has not loaded yet.
     */
    public static void ensureOffline() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        // PyTorch's default is a thread per core and a pool beside it: on a game's machine that
        // takes the render thread's core whenever the decoder runs.
        preferPyTorchThreads(cpuThreads());
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /**
     * Asks PyTorch for {@code n} CPU threads, unless {@code ai.djl.pytorch.num_threads} is set
     * already (by the user, or by an earlier call: PyTorch takes its count once, when its engine
     * loads, so the first setting wins).
     *
     * @param n the thread count (&ge;1)
     */
    public static void preferPyTorchThreads(int n) {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
        }
    }

    /**
     * The CPU threads an engine should use by default: all cores but one, which is left to the
     * game's render thread (at least one).
     *
     * @return the thread count (&ge;1)
     */
    public static int cpuThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    /**
     * Returns the named DJL engine, loading its natives if needed.
     *
     * @param name DJL's engine name, for example {@link #ONNX_RUNTIME} (not null)
     * @return the engine (not null)
     * @throws IllegalStateException if the engine is not on the class path (the message
     *     names the Maven artifact to add) or its native library cannot be loaded
     */
    public static Engine requireEngine(String name) {
        ensureOffline();
        if (!Engine.hasEngine(name)) {
            String artifact = ENGINE_ARTIFACTS.get(name);
            String what = artifact == null
                    ? "Engines DJL can use here: " + Engine.getAllEngines() + "; engines Animus knows: "
                            + ENGINE_ARTIFACTS.keySet()
                    : "Add " + artifact + " to your build";
            throw new IllegalStateException("DJL engine '" + name + "' is not on the class path. " + what + ".");
        }
        try {
            return Engine.getEngine(name);
        } catch (EngineException | UnsatisfiedLinkError | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "DJL engine '" + name + "' is on the class path"
                            + " but its native library could not be loaded (offline="
                            + System.getProperty("ai.djl.offline") + "): " + e.getMessage()
                            + ". Add " + ENGINE_ARTIFACTS.getOrDefault(name, "its native artifact")
                            + " for this platform.",
                    e);
        }
    }
}
