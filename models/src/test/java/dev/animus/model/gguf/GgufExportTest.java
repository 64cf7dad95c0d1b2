package dev.animus.model.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.llama.DecoderFiles;
import dev.animus.model.llama.LlamaConfig;
import dev.animus.model.llama.Safetensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export-gguf} read back as llama.cpp reads a GGUF file: the header, llama.cpp's
 * metadata keys, each tensor under its llama.cpp name at an aligned offset, the values the
 * checkpoint holds (queries and keys in llama.cpp's interleaved order), the tokenizer, and a
 * clear refusal for what it does not write. That llama.cpp itself serves the file and gives the
 * same tokens is {@code LlamaServerTest}'s (engine-plugin).
 */
class GgufExportTest {
    @TempDir
    Path dir;

    /** What a GGUF file holds, parsed the way its specification lays it out. */
    record Gguf(Map<String, Object> metadata, Map<String, long[]> shapes, Map<String, float[]> data) {
        static Gguf read(Path file) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0x46554747, b.getInt(), "magic GGUF");
            assertEquals(3, b.getInt(), "version 3");
            long tensors = b.getLong();
            long kvs = b.getLong();
            Map<String, Object> meta = new LinkedHashMap<>();
            for (long i = 0; i < kvs; i++) {
                String key = string(b);
                meta.put(key, value(b, b.getInt()));
            }
            Map<String, long[]> shapes = new LinkedHashMap<>();
            Map<String, long[]> at = new LinkedHashMap<>();
            for (long i = 0; i < tensors; i++) {
                String name = string(b);
                long[] ne = new long[b.getInt()];
                for (int d = 0; d < ne.length; d++) {
                    ne[d] = b.getLong();
                }
                int type = b.getInt();
                long offset = b.getLong();
                assertEquals(0, offset % 32, name + " is aligned");
                shapes.put(name, ne);
                at.put(name, new long[] {type, offset});
            }
            int start = (b.position() + 31) / 32 * 32;
            Map<String, float[]> data = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                long n = 1;
                for (long d : e.getValue()) {
                    n *= d;
                }
                long[] typeAndOffset = at.get(e.getKey());
                assertEquals(0, typeAndOffset[0], "fp32");
                float[] values = new float[(int) n];
                ByteBuffer v = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                v.position(start + (int) typeAndOffset[1]);
                v.asFloatBuffer().get(values);
                data.put(e.getKey(), values);
            }
            return new Gguf(meta, shapes, data);
        }

        private static String string(ByteBuffer b) {
            byte[] s = new byte[(int) b.getLong()];
            b.get(s);
            return new String(s, StandardCharsets.UTF_8);
        }

        private static Object value(ByteBuffer b, int type) {
            return switch (type) {
                case 4 -> Integer.toUnsignedLong(b.getInt());
                case 5 -> (long) b.getInt();
                case 6 -> (double) b.getFloat();
                case 7 -> b.get() != 0;
                case 8 -> string(b);
                case 9 -> {
                    int element = b.getInt();
                    long n = b.getLong();
                    List<Object> list = new ArrayList<>();
                    for (long i = 0; i < n; i++) {
                        list.add(value(b, element));
                    }
                    yield list;
                }
                default -> throw new AssertionError("unexpected GGUF value type " + type);
            };
        }
    }

    @Test
    void theBundledDecoderAsLlamaCppReadsIt() throws Exception {
        Path folder = DecoderFiles.bundled();
        LlamaConfig config = LlamaConfig.read(folder.resolve("config.json"));
        Path file = dir.resolve("animus.gguf");
        GgufExport.Written w = GgufExport.export(folder, file, false);
        assertEquals("llama", w.architecture());
        Gguf g = Gguf.read(file);
        assertEquals("llama", g.metadata().get("general.architecture"));
        assertEquals((long) config.layers(), g.metadata().get("llama.block_count"));
        assertEquals((long) config.kvHeads(), g.metadata().get("llama.attention.head_count_kv"));
        assertEquals((long) config.headDim(), g.metadata().get("llama.rope.dimension_count"));
        assertEquals("gpt2", g.metadata().get("tokenizer.ggml.model"));
        List<?> tokens = (List<?>) g.metadata().get("tokenizer.ggml.tokens");
        assertEquals(config.vocabSize(), tokens.size());
        long end = (Long) g.metadata().get("tokenizer.ggml.eos_token_id");
        assertEquals("<|end|>", tokens.get((int) end), "a reply ends at Animus's end marker");
        assertEquals(3L, ((List<?>) g.metadata().get("tokenizer.ggml.token_type")).get((int) end), "a control token");
        assertEquals(false, g.metadata().get("tokenizer.ggml.add_bos_token"));

        // 2 + 9 per layer, the output tied to the embedding
        assertEquals(2 + 9 * config.layers(), g.shapes().size());
        Map<String, Safetensors.Tensor> hf = Safetensors.readFolder(folder);
        assertArrayEquals(
                new long[] {config.hiddenSize(), config.vocabSize()}, g.shapes().get("token_embd.weight"));
        assertArrayEquals(hf.get("model.embed_tokens.weight").data(), g.data().get("token_embd.weight"));
        assertArrayEquals(
                hf.get("model.layers.2.mlp.down_proj.weight").data(), g.data().get("blk.2.ffn_down.weight"));
        // Queries: head h's row i of the first half is row 2i, of the second half row 2i + 1.
        float[] q = hf.get("model.layers.1.self_attn.q_proj.weight").data();
        float[] gq = g.data().get("blk.1.attn_q.weight");
        int cols = config.hiddenSize();
        int d = config.headDim();
        int h = config.heads() - 1;
        for (int i = 0; i < d / 2; i++) {
            assertEquals(q[(h * d + i) * cols + 5], gq[(h * d + 2 * i) * cols + 5]);
            assertEquals(q[(h * d + d / 2 + i) * cols + 5], gq[(h * d + 2 * i + 1) * cols + 5]);
        }
        float[] k = hf.get("model.layers.1.self_attn.k_proj.weight").data();
        assertEquals(k[(d / 2) * cols], g.data().get("blk.1.attn_k.weight")[cols], "keys too, per key head");
    }

    @Test
    void whatItCannotWriteIsRefusedWithTheReasonAndTheWayOut() {
        Path yarn = Path.of("testdata/families/llama-yarn");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> GgufExport.export(yarn, dir.resolve("x.gguf"), false));
        assertTrue(e.getMessage().contains("RoPE scaling of type yarn"), e.getMessage());
        assertTrue(e.getMessage().contains("convert_hf_to_gguf.py"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("x.gguf")), "nothing written");
        IllegalArgumentException none = assertThrows(
                IllegalArgumentException.class, () -> GgufExport.export(dir, dir.resolve("y.gguf"), false));
        assertTrue(none.getMessage().contains("No config.json"), none.getMessage());
    }

    @Test
    void halfPrecisionRoundsToNearestEven() {
        assertEquals((short) 0x3C00, Half.fromFloat(1f));
        assertEquals((short) 0xC000, Half.fromFloat(-2f));
        assertEquals((short) 0x7BFF, Half.fromFloat(65504f));
        assertEquals((short) 0x7C00, Half.fromFloat(70000f), "too large: infinity");
        assertEquals((short) 0x2E66, Half.fromFloat(0.1f));
        assertEquals((short) 0x0001, Half.fromFloat(5.96e-8f), "the smallest subnormal");
        assertEquals((short) 0, Half.fromFloat(1e-9f));
        assertEquals((short) 0x3C00, Half.fromFloat(1f + 1f / 4096), "a tie rounds to the even mantissa");
        assertEquals((short) 0x3C02, Half.fromFloat(1f + 3f / 2048), "and up when odd");
    }
}
