package dev.animus.model.tokenizer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trains a byte-level BPE tokenizer (GPT-2 style) and writes it as {@code tokenizer.json}.
 *
 * <p>Text is split like Hugging Face's ByteLevel pre-tokenizer, each piece's UTF-8 bytes are
 * mapped to printable characters, and the most frequent adjacent pair is merged until the
 * vocabulary is full. Ties break alphabetically, so training is deterministic. Special tokens
 * (the prompt markers) are added tokens: never split, never merged into text.
 */
public final class BpeTrainer {
    /** Hugging Face's ByteLevel split (GPT-2), with Unicode classes as its regex engine has them. */
    static final Pattern SPLIT = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private static final char[] BYTE_TO_CHAR = byteToChar();

    private BpeTrainer() {}

    /**
     * A trained vocabulary.
     *
     * @param specials special tokens, ids 0..n-1
     * @param vocab every token to its id (specials, the 256 bytes, then merges)
     * @param merges the merges in the order they were learned ("a b")
     */
    public record Result(List<String> specials, Map<String, Integer> vocab, List<String> merges) {

        /**
         * Writes a Hugging Face tokenizer.json.
         *
         * @param file where (its folder must exist)
         */
        public void write(Path file) throws IOException {
            JsonObject json = new JsonObject();
            json.addProperty("version", "1.0");
            json.add("truncation", JsonNull.INSTANCE);
            json.add("padding", JsonNull.INSTANCE);
            JsonArray added = new JsonArray();
            for (int i = 0; i < specials.size(); i++) {
                JsonObject t = new JsonObject();
                t.addProperty("id", i);
                t.addProperty("content", specials.get(i));
                t.addProperty("single_word", false);
                t.addProperty("lstrip", false);
                t.addProperty("rstrip", false);
                t.addProperty("normalized", false);
                t.addProperty("special", true);
                added.add(t);
            }
            json.add("added_tokens", added);
            json.add("normalizer", JsonNull.INSTANCE);
            JsonObject pre = new JsonObject();
            pre.addProperty("type", "ByteLevel");
            pre.addProperty("add_prefix_space", false);
            pre.addProperty("trim_offsets", true);
            pre.addProperty("use_regex", true);
            json.add("pre_tokenizer", pre);
            json.add("post_processor", JsonNull.INSTANCE);
            JsonObject decoder = new JsonObject();
            decoder.addProperty("type", "ByteLevel");
            decoder.addProperty("add_prefix_space", false);
            decoder.addProperty("trim_offsets", true);
            decoder.addProperty("use_regex", true);
            json.add("decoder", decoder);
            JsonObject model = new JsonObject();
            model.addProperty("type", "BPE");
            model.add("dropout", JsonNull.INSTANCE);
            model.add("unk_token", JsonNull.INSTANCE);
            model.add("continuing_subword_prefix", JsonNull.INSTANCE);
            model.add("end_of_word_suffix", JsonNull.INSTANCE);
            model.addProperty("fuse_unk", false);
            model.addProperty("byte_fallback", false);
            JsonObject v = new JsonObject();
            vocab.forEach(v::addProperty);
            model.add("vocab", v);
            JsonArray m = new JsonArray();
            merges.forEach(m::add);
            model.add("merges", m);
            json.add("model", model);
            Files.writeString(
                    file, new GsonBuilder().disableHtmlEscaping().create().toJson(json), StandardCharsets.UTF_8);
        }
    }

    /**
     * @param texts the corpus (not null)
     * @param vocabSize the vocabulary size, specials and bytes included (&gt; 256 + specials)
     * @param specials special tokens, kept whole and given the first ids
     * @return the trained vocabulary
     */
    public static Result train(Iterable<String> texts, int vocabSize, List<String> specials) {
        if (vocabSize <= 256 + specials.size()) {
            throw new IllegalArgumentException(
                    "vocabSize must exceed 256 + " + specials.size() + " special tokens, got " + vocabSize);
        }
        Pattern specialSplit = Pattern.compile(
                String.join("|", specials.stream().map(Pattern::quote).toList()));
        Map<String, Integer> counts = new HashMap<>();
        for (String text : texts) {
            for (String part : specials.isEmpty() ? new String[] {text} : specialSplit.split(text)) {
                Matcher m = SPLIT.matcher(part);
                while (m.find()) {
                    counts.merge(toByteChars(m.group()), 1, Integer::sum);
                }
            }
        }
        List<List<String>> words = new ArrayList<>(counts.size());
        List<Integer> freq = new ArrayList<>(counts.size());
        counts.forEach((w, c) -> {
            List<String> symbols = new ArrayList<>(w.length());
            w.chars().forEach(ch -> symbols.add(String.valueOf((char) ch)));
            words.add(symbols);
            freq.add(c);
        });
        Map<String, Integer> vocab = new LinkedHashMap<>();
        specials.forEach(s -> vocab.put(s, vocab.size()));
        for (char c : BYTE_TO_CHAR) {
            vocab.put(String.valueOf(c), vocab.size());
        }
        List<String> merges = new ArrayList<>();
        while (vocab.size() < vocabSize) {
            Map<String, Long> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                List<String> s = words.get(w);
                for (int i = 0; i + 1 < s.size(); i++) {
                    pairs.merge(s.get(i) + " " + s.get(i + 1), (long) freq.get(w), Long::sum);
                }
            }
            String best = null;
            long bestCount = 1; // a pair seen once is not worth a token
            for (Map.Entry<String, Long> e : pairs.entrySet()) {
                if (e.getValue() > bestCount
                        || (e.getValue() == bestCount
                                && best != null
                                && e.getKey().compareTo(best) < 0)) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            if (best == null) {
                break; // the corpus has no more repeated pairs
            }
            String left = best.substring(0, best.indexOf(' '));
            String right = best.substring(best.indexOf(' ') + 1);
            String joined = left + right;
            merges.add(best);
            vocab.put(joined, vocab.size());
            for (List<String> s : words) {
                for (int i = 0; i + 1 < s.size(); i++) {
                    if (s.get(i).equals(left) && s.get(i + 1).equals(right)) {
                        s.set(i, joined);
                        s.remove(i + 1);
                    }
                }
            }
        }
        return new Result(List.copyOf(specials), vocab, merges);
    }

    /** A piece's UTF-8 bytes as GPT-2's printable characters. */
    static String toByteChars(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            sb.append(BYTE_TO_CHAR[b & 0xff]);
        }
        return sb.toString();
    }

    /** GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to 256 and up. */
    private static char[] byteToChar() {
        char[] map = new char[256];
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            printable[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable[b] = true;
        }
        int next = 256;
        for (int b = 0; b < 256; b++) {
            map[b] = printable[b] ? (char) b : (char) next++;
        }
        return map;
    }
}
