package dev.animus.remote;

import dev.animus.model.llama.Segment;
import java.util.List;
import java.util.StringJoiner;

/**
 * A decoding plan as llama.cpp's grammar (GBNF) over token ids: {@code <[id]>} is exactly that
 * token, {@code !<[id]>} any token but that one. A forced token is itself, a choice is the
 * alternatives of its token sequences, free text is any token but the end, which the server's
 * end-of-generation token must be (as in a file {@code export-gguf} wrote). With greedy
 * decoding the server then picks, at each step, the most likely token among those the plan
 * allows, which is what this process's own decoder does.
 */
final class PlanGrammar {
    private PlanGrammar() {}

    /**
     * @param plan the plan's segments still to produce (not empty)
     * @param end the token that ends free text
     * @return the grammar, its rule {@code root}
     */
    static String of(List<Segment> plan, long end) {
        StringJoiner root = new StringJoiner(" ", "root ::= ", "\n");
        for (Segment s : plan) {
            if (s instanceof Segment.Force f) {
                root.add(sequence(f.tokens()));
            } else if (s instanceof Segment.Choose c) {
                StringJoiner alternatives = new StringJoiner(" | ", "(", ")");
                c.constraint().tokens().forEach(t -> alternatives.add(sequence(t)));
                root.add(alternatives.toString());
            } else {
                root.add("(!<[" + end + "]>)*");
            }
        }
        return root.toString();
    }

    private static String sequence(long[] tokens) {
        StringJoiner j = new StringJoiner(" ");
        for (long t : tokens) {
            j.add("<[" + t + "]>");
        }
        return j.toString();
    }
}
