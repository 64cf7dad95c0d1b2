package dev.animus.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What llama-batched-bench prints becomes the peer's generation tokens/s by prompt and width. */
class PeerTableTest {
    // spotless:off
    private static final String PRINTED = """
            main: n_kv_max = 32768, n_batch = 2048, n_ubatch = 512, flash_attn = 0, n_threads = 2

            |    PP |     TG |    B |   N_KV |   T_PP s | S_PP t/s |   T_TG s | S_TG t/s |      T s |    S t/s |
            |-------|--------|------|--------|----------|----------|----------|----------|----------|----------|
            |    12 |     48 |    1 |     60 |    0.002 |  6198.35 |    0.027 |  1794.06 |    0.029 |  2091.25 |
            |    12 |     48 |   32 |   1920 |    0.033 | 11532.22 |    0.328 |  4689.58 |    0.361 |  5321.02 |
            |    84 |     48 |    1 |    132 |    0.007 | 12541.06 |    0.035 |  1381.85 |    0.041 |  3185.79 |
            |    84 |     48 |   16 |   2112 |    0.207 |  6504.51 |    0.298 |  2575.35 |    0.505 |  4183.52 |

            llama_perf_context_print:        load time =      12.31 ms
            """;
    // spotless:on

    @TempDir
    Path dir;

    @Test
    void readsGenerationTokensPerSecondByPromptLengthAndWidth() throws IOException {
        Path file = Files.writeString(dir.resolve("peer.txt"), PRINTED);
        PeerTable peer = PeerTable.read(file);
        assertEquals(2, peer.tokensPerSecond().size());
        assertEquals(4689.58, peer.tokensPerSecond().get(12).get(32), 1e-9);
        assertEquals(2575.35, peer.tokensPerSecond().get(84).get(16), 1e-9);
        assertEquals(84, peer.nearest(90).getKey());
        assertEquals(12, peer.nearest(9.5).getKey());
    }

    @Test
    void aFileWithoutTheTableSaysWhatToSave() throws IOException {
        Path file = Files.writeString(dir.resolve("empty.txt"), "llama_model_load: error\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerTable.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("llama-batched-bench"));
    }
}
