package dev.animus.inference;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the calling thread at the lowest CPU priority, where it runs only on a core no other
 * thread wants: Linux's {@code SCHED_IDLE}. On a machine with few cores the render thread
 * otherwise loses its core for a scheduler slice (1-5 ms) whenever an inference thread wakes
 * beside it; nice values do not stop that, this policy does. Threads the engines start from a
 * thread so set (PyTorch's, ONNX Runtime's) inherit it. Best effort: elsewhere, or where the
 * call fails, the thread keeps its priority and that is logged once.
 */
public final class Yielding {
    private static final Logger LOG = LoggerFactory.getLogger(Yielding.class);
    /** Linux's SCHED_IDLE policy. */
    static final int SCHED_IDLE = 5;

    private static volatile boolean warned;

    private Yielding() {}

    /** The C library's call (a thread id of 0 is the calling thread). */
    public interface CLibrary extends Library {
        int sched_setscheduler(int pid, int policy, int[] param);

        int sched_getscheduler(int pid);
    }

    /** Holds the C library, loaded on first use. */
    private static final class Holder {
        static final CLibrary C = Native.load("c", CLibrary.class);
    }

    /**
     * Lowers the calling thread's priority.
     *
     * @return whether it was lowered
     */
    static boolean lowerThisThread() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            if (Holder.C.sched_setscheduler(0, SCHED_IDLE, new int[] {0}) == 0) {
                return true;
            }
            warnOnce("sched_setscheduler refused (errno " + Native.getLastError() + ")");
        } catch (LinkageError | RuntimeException e) {
            warnOnce(e.toString());
        }
        return false;
    }

    /** @return the calling thread's scheduling policy (Linux; {@link #SCHED_IDLE} once lowered), or -1 elsewhere */
    static int policyOfThisThread() {
        return Platform.isLinux() ? Holder.C.sched_getscheduler(0) : -1;
    }

    /**
     * @param work what the thread runs
     * @param name its name
     * @param yield whether it lowers its own priority first
     * @return a thread (not started) that lowers its own priority before it runs {@code work}, when {@code yield}
     */
    public static Thread thread(Runnable work, String name, boolean yield) {
        return new Thread(
                () -> {
                    if (yield) {
                        lowerThisThread();
                    }
                    work.run();
                },
                name);
    }

    private static void warnOnce(String why) {
        if (!warned) {
            warned = true;
            LOG.info(
                    "Inference threads keep their normal priority ({}); the render thread may lose its core to them"
                            + " for a few ms at times",
                    why);
        }
    }
}
