package dev.animus.model.gguf;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a GGUF file (version 3, llama.cpp's model format): key-value metadata, a table of
 * tensors, then their data, each aligned to 32 bytes. Little-endian throughout. A tensor's
 * shape is given as PyTorch writes it (outermost first); GGUF stores it innermost first.
 * Writes to a temporary file beside the target and moves it in place, so a failed export
 * never leaves half a model under the name.
 */
final class GgufWriter {
    private static final int ALIGNMENT = 32;

    /** Tensor element types this writer produces (ggml's numbers). */
    enum TensorType {
        F32(0, 4),
        F16(1, 2);

        final int id;
        final int bytes;

        TensorType(int id, int bytes) {
            this.id = id;
            this.bytes = bytes;
        }
    }

    private record Entry(String key, int type, byte[] value) {}

    private record Tensor(String name, long[] shape, float[] data, TensorType type) {
        long bytes() {
            return (long) data.length * type.bytes;
        }
    }

    // GGUF value types
    private static final int UINT32 = 4;
    private static final int INT32 = 5;
    private static final int FLOAT32 = 6;
    private static final int BOOL = 7;
    private static final int STRING = 8;
    private static final int ARRAY = 9;

    private final List<Entry> metadata = new ArrayList<>();
    private final List<Tensor> tensors = new ArrayList<>();

    void string(String key, String value) {
        metadata.add(new Entry(key, STRING, stringBytes(value)));
    }

    void uint32(String key, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(key + " does not fit an unsigned 32-bit value: " + value);
        }
        metadata.add(new Entry(key, UINT32, le(4).putInt((int) value).array()));
    }

    void float32(String key, double value) {
        metadata.add(new Entry(key, FLOAT32, le(4).putFloat((float) value).array()));
    }

    void bool(String key, boolean value) {
        metadata.add(new Entry(key, BOOL, new byte[] {(byte) (value ? 1 : 0)}));
    }

    void strings(String key, List<String> values) {
        List<byte[]> parts = values.stream().map(GgufWriter::stringBytes).toList();
        int size = 12 + parts.stream().mapToInt(p -> p.length).sum();
        ByteBuffer b = le(size).putInt(STRING).putLong(values.size());
        parts.forEach(b::put);
        metadata.add(new Entry(key, ARRAY, b.array()));
    }

    void int32s(String key, int[] values) {
        ByteBuffer b = le(12 + 4 * values.length).putInt(INT32).putLong(values.length);
        for (int v : values) {
            b.putInt(v);
        }
        metadata.add(new Entry(key, ARRAY, b.array()));
    }

    /**
     * @param name the tensor's GGUF name
     * @param shape its shape as PyTorch gives it (outermost first)
     * @param data its values, row-major
     * @param type how to store them
     */
    void tensor(String name, long[] shape, float[] data, TensorType type) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor " + name + " has " + data.length + " values for its shape");
        }
        tensors.add(new Tensor(name, shape.clone(), data, type));
    }

    void write(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".part");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                long written = header(out);
                written += pad(out, written);
                for (Tensor t : tensors) {
                    data(out, t);
                    written += t.bytes();
                    written += pad(out, written);
                }
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private long header(OutputStream out) throws IOException {
        long n = 0;
        n += put(
                out, le(24).putInt(0x46554747).putInt(3).putLong(tensors.size()).putLong(metadata.size()));
        for (Entry e : metadata) {
            n += put(out, stringBytes(e.key()));
            n += put(out, le(4).putInt(e.type()));
            n += put(out, e.value());
        }
        long offset = 0;
        for (Tensor t : tensors) {
            byte[] name = stringBytes(t.name());
            ByteBuffer b = le(name.length + 4 + 8 * t.shape().length + 4 + 8);
            b.put(name).putInt(t.shape().length);
            for (int i = t.shape().length - 1; i >= 0; i--) {
                b.putLong(t.shape()[i]);
            }
            b.putInt(t.type().id).putLong(offset);
            n += put(out, b);
            offset += t.bytes();
            offset += (ALIGNMENT - offset % ALIGNMENT) % ALIGNMENT;
        }
        return n;
    }

    private static void data(OutputStream out, Tensor t) throws IOException {
        ByteBuffer b = le(1 << 16);
        for (float v : t.data()) {
            if (b.remaining() < 4) {
                put(out, b);
                b.clear();
            }
            if (t.type() == TensorType.F32) {
                b.putFloat(v);
            } else {
                b.putShort(Half.fromFloat(v));
            }
        }
        put(out, b);
    }

    private static long pad(OutputStream out, long written) throws IOException {
        int n = (int) ((ALIGNMENT - written % ALIGNMENT) % ALIGNMENT);
        out.write(new byte[n]);
        return n;
    }

    /** Writes what was put into {@code b} (up to its position). */
    private static long put(OutputStream out, ByteBuffer b) throws IOException {
        out.write(b.array(), 0, b.position());
        return b.position();
    }

    private static long put(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        return bytes.length;
    }

    private static byte[] stringBytes(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return le(8 + utf8.length).putLong(utf8.length).put(utf8).array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
