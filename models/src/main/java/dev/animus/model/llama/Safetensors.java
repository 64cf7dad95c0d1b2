package dev.animus.model.llama;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Reads safetensors files: an 8-byte little-endian header length, a JSON header (name to
 * dtype, shape, byte range), then the raw tensors. F32, BF16 and F16 are read as F32.
 * Sharded checkpoints ({@code model.safetensors.index.json}) are followed.
 */
public final class Safetensors {
    /** Refuses headers larger than this: a corrupt length must not allocate gigabytes. */
    private static final long MAX_HEADER = 64L << 20;

    private Safetensors() {}

    /** A tensor read into memory. */
    public record Tensor(String name, long[] shape, float[] data) {
        /** @return the number of elements */
        public long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * Reads every tensor of a checkpoint folder: {@code model.safetensors}, or the shards that
     * {@code model.safetensors.index.json} names.
     *
     * @param folder the folder (not null)
     * @return tensors by name, plus aliases from the file's metadata (tied weights)
     * @throws IllegalArgumentException naming the file for a missing or corrupt checkpoint
     */
    public static Map<String, Tensor> readFolder(Path folder) throws IOException {
        Path single = folder.resolve("model.safetensors");
        Path index = folder.resolve("model.safetensors.index.json");
        Map<String, Tensor> all = new LinkedHashMap<>();
        if (Files.isRegularFile(single)) {
            all.putAll(read(single));
        } else if (Files.isRegularFile(index)) {
            JsonObject map = JsonParser.parseString(Files.readString(index))
                    .getAsJsonObject()
                    .getAsJsonObject("weight_map");
            for (String shard : new LinkedHashSet<>(
                    map.entrySet().stream().map(e -> e.getValue().getAsString()).toList())) {
                all.putAll(read(folder.resolve(shard)));
            }
        } else {
            throw new IllegalArgumentException("No weights in " + folder.toAbsolutePath() + ": expected"
                    + " model.safetensors or model.safetensors.index.json with its shards");
        }
        return all;
    }

    /**
     * Reads one safetensors file.
     *
     * @param file the file (not null)
     * @return tensors by name; metadata entries that name another tensor become aliases
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (ch.read(lenBuf, 0) != 8) {
                throw corrupt(file, "shorter than its 8-byte header length");
            }
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER || headerLen > fileSize - 8) {
                throw corrupt(file, "header length " + headerLen + " does not fit a file of " + fileSize + " bytes");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            ch.read(headerBuf, 8);
            JsonObject header;
            try {
                header = JsonParser.parseString(new String(headerBuf.array(), StandardCharsets.UTF_8))
                        .getAsJsonObject();
            } catch (RuntimeException e) {
                throw corrupt(file, "its header is not JSON (" + e.getMessage() + ")");
            }
            long dataStart = 8 + headerLen;
            Map<String, Tensor> tensors = new HashMap<>();
            Map<String, String> aliases = new HashMap<>();
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    for (Map.Entry<String, JsonElement> m :
                            e.getValue().getAsJsonObject().entrySet()) {
                        aliases.put(m.getKey(), m.getValue().getAsString());
                    }
                    continue;
                }
                JsonObject info = e.getValue().getAsJsonObject();
                String dtype = info.get("dtype").getAsString();
                long[] shape = new long[info.getAsJsonArray("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = info.getAsJsonArray("shape").get(i).getAsLong();
                }
                long begin = info.getAsJsonArray("data_offsets").get(0).getAsLong();
                long end = info.getAsJsonArray("data_offsets").get(1).getAsLong();
                int width = switch (dtype) {
                    case "F32" -> 4;
                    case "BF16", "F16" -> 2;
                    default ->
                        throw corrupt(
                                file,
                                "tensor " + e.getKey() + " has dtype " + dtype
                                        + "; only F32, BF16 and F16 are supported");
                };
                long count = 1;
                for (long d : shape) {
                    count *= d;
                }
                if (end < begin || end - begin != count * width || dataStart + end > fileSize) {
                    throw corrupt(
                            file,
                            "tensor " + e.getKey() + " has byte range [" + begin + ", " + end
                                    + ") that does not match its shape or the file");
                }
                ByteBuffer raw = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
                ch.read(raw, dataStart + begin);
                raw.flip();
                tensors.put(e.getKey(), new Tensor(e.getKey(), shape, toFloats(raw, dtype, (int) count)));
            }
            aliases.forEach((alias, target) -> {
                Tensor t = tensors.get(target);
                if (t != null && !tensors.containsKey(alias)) {
                    tensors.put(alias, new Tensor(alias, t.shape(), t.data()));
                }
            });
            return tensors;
        }
    }

    /**
     * Writes tensors as one F32 safetensors file, in the given order.
     *
     * @param file where (its folder must exist)
     * @param tensors name to tensor (not null)
     */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        JsonObject header = new JsonObject();
        long offset = 0;
        for (Tensor t : tensors.values()) {
            JsonObject info = new JsonObject();
            info.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (long d : t.shape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            JsonArray range = new JsonArray();
            range.add(offset);
            offset += t.data().length * 4L;
            range.add(offset);
            info.add("data_offsets", range);
            header.add(t.name(), info);
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // the format asks for 8-byte alignment
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(padded)
                    .flip());
            ch.write(ByteBuffer.wrap(headerBytes));
            for (Tensor t : tensors.values()) {
                ByteBuffer data = ByteBuffer.allocate(t.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(t.data());
                ch.write(data);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static float[] toFloats(ByteBuffer raw, String dtype, int count) {
        float[] out = new float[count];
        switch (dtype) {
            case "F32" -> raw.asFloatBuffer().get(out);
            case "BF16" -> {
                for (int i = 0; i < count; i++) {
                    out[i] = Float.intBitsToFloat((raw.getShort() & 0xffff) << 16);
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    out[i] = halfToFloat(raw.getShort());
                }
            }
        }
        return out;
    }

    /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h >>> 15) << 31;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) { // infinity or NaN
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign); // signed zero
            }
            float value = mant / 1024f / 16384f; // subnormal: mant * 2^-24
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    private static IllegalArgumentException corrupt(Path file, String why) {
        return new IllegalArgumentException("The weights file " + file.toAbsolutePath() + " is corrupt or not"
                + " safetensors: " + why + ". Replace it with the model's original model.safetensors.");
    }
}
