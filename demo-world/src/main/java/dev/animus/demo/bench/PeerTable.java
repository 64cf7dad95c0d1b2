package dev.animus.demo.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A peer's decode figures read from what llama.cpp's {@code llama-batched-bench} prints (its
 * markdown table: PP, TG, B, N_KV, T_PP s, S_PP t/s, T_TG s, S_TG t/s, T s, S t/s), so
 * {@code bench decoder --peer FILE} draws and divides by them beside its own: generation tokens/s
 * (S_TG) by prompt length (PP) and by conversations at once (B).
 *
 * @param tokensPerSecond prompt length to (conversations at once to generation tokens/s); a
 *     length measured more than once keeps its last run
 */
record PeerTable(Map<Integer, Map<Integer, Double>> tokensPerSecond) {
    /**
     * @param file the saved output of one or more llama-batched-bench runs
     * @throws IllegalArgumentException if it holds no row of that table
     */
    static PeerTable read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the peer's figures in " + file, e);
        }
        Map<Integer, Map<Integer, Double>> figures = new TreeMap<>();
        for (String line : lines) {
            String[] cells = line.split("\\|");
            if (cells.length < 9) {
                continue;
            }
            // | PP | TG | B | N_KV | T_PP s | S_PP t/s | T_TG s | S_TG t/s | ...: cells[0] is before the first bar
            try {
                int prompt = Integer.parseInt(cells[1].trim());
                int width = Integer.parseInt(cells[3].trim());
                double generation = Double.parseDouble(cells[8].trim());
                figures.computeIfAbsent(prompt, p -> new TreeMap<>()).put(width, generation);
            } catch (NumberFormatException header) {
                // the header and the |---| line
            }
        }
        if (figures.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no llama-batched-bench table (| PP | TG | B | ... |);"
                    + " save what llama-batched-bench prints, for example with > peer.txt");
        }
        return new PeerTable(figures);
    }

    /** @return the figures of the prompt length measured nearest to {@code tokens} */
    Map.Entry<Integer, Map<Integer, Double>> nearest(double tokens) {
        Map.Entry<Integer, Map<Integer, Double>> best = null;
        for (Map.Entry<Integer, Map<Integer, Double>> e : tokensPerSecond.entrySet()) {
            if (best == null || Math.abs(e.getKey() - tokens) < Math.abs(best.getKey() - tokens)) {
                best = e;
            }
        }
        return best;
    }
}
