package dev.animus.memory;

import java.nio.file.Path;

/**
 * Saves again and again to one file, printing "saved N" after each save is committed: the
 * process that {@link CrashSafeSaveTest} kills with SIGKILL in the middle of saving.
 */
public final class SaveLoop {
    private SaveLoop() {}

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        for (int n = 1; ; n++) {
            MemoryStore.save(file, big(n));
            System.out.println("saved " + n);
            System.out.flush();
        }
    }

    /** A save large enough that a kill often lands mid-transaction: 8 NPCs of 200 memories. */
    static WorldSave big(int n) {
        java.util.Map<String, java.util.Map<String, Object>> vars = new java.util.HashMap<>();
        java.util.Map<String, java.util.List<Memory>> mems = new java.util.HashMap<>();
        float[] v = new float[384];
        java.util.Arrays.fill(v, 0.05f);
        var e = dev.animus.model.encoder.Embedding.of(v);
        for (int npc = 0; npc < 8; npc++) {
            vars.put("npc" + npc, java.util.Map.of("save", (double) n));
            java.util.List<Memory> list = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                list.add(new Memory("Memory " + i + " of save " + n + ".", i, 0.5f, e));
            }
            mems.put("npc" + npc, list);
        }
        return new WorldSave("crash", n, vars, mems);
    }
}
