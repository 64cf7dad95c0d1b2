package dev.animus.model.llama;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Constrained decoding: the generated tokens must spell exactly one of a set of choices (for
 * example the actions an NPC may perform). A trie over the choices' token sequences gives,
 * at each step, the tokens that keep the output on some choice. Immutable; any thread.
 */
public final class ChoiceConstraint {
    private final Node root = new Node();
    private final int vocabSize;
    private final List<String> choices;
    private final List<long[]> tokens;

    private static final class Node {
        final Map<Long, Node> next = new HashMap<>();
        String complete;
    }

    /**
     * @param choices the allowed strings, as they appear after the prompt (not empty)
     * @param tokens each choice's token ids, without special tokens (same order)
     * @param vocabSize the model's vocabulary size
     */
    public ChoiceConstraint(List<String> choices, List<long[]> tokens, int vocabSize) {
        if (choices.isEmpty() || choices.size() != tokens.size()) {
            throw new IllegalArgumentException("a constraint needs at least one choice and one token sequence each");
        }
        this.choices = List.copyOf(choices);
        this.tokens = tokens.stream().map(long[]::clone).toList();
        this.vocabSize = vocabSize;
        for (int i = 0; i < choices.size(); i++) {
            Node n = root;
            for (long t : tokens.get(i)) {
                n = n.next.computeIfAbsent(t, k -> new Node());
            }
            if (n.complete != null || !n.next.isEmpty()) {
                throw new IllegalArgumentException("choice '" + choices.get(i) + "' and another choice spell the same"
                        + " tokens, or one begins with the other's tokens; make the choices distinct");
            }
            n.complete = choices.get(i);
        }
        checkNoPrefix(root);
    }

    private static void checkNoPrefix(Node n) {
        for (Node child : n.next.values()) {
            if (child.complete != null && !child.next.isEmpty()) {
                throw new IllegalArgumentException("choice '" + child.complete + "' is the beginning of another"
                        + " choice's tokens; the decoder could not tell where to stop");
            }
            checkNoPrefix(child);
        }
    }

    /** @return the choices */
    public List<String> choices() {
        return choices;
    }

    /** @return each choice's token ids, in the order of {@link #choices()} (copies) */
    public List<long[]> tokens() {
        return tokens.stream().map(long[]::clone).toList();
    }

    /**
     * @param soFar the tokens generated under this constraint so far (not null)
     * @return the tokens allowed next, or null when {@code soFar} already spells a choice that
     *     no longer choice extends (the constraint is finished)
     * @throws IllegalStateException if {@code soFar} left the choices
     */
    public boolean[] allowedAfter(List<Long> soFar) {
        Node n = walk(soFar);
        if (n.next.isEmpty()) {
            return null;
        }
        boolean[] allowed = new boolean[vocabSize];
        n.next.keySet().forEach(t -> allowed[t.intValue()] = true);
        return allowed;
    }

    /** @return the choice {@code tokens} spell, or null if they spell none (yet) */
    public String completed(List<Long> tokens) {
        return walk(tokens).complete;
    }

    private Node walk(List<Long> tokens) {
        Node n = root;
        for (long t : tokens) {
            n = n.next.get(t);
            if (n == null) {
                throw new IllegalStateException("tokens " + tokens + " left the allowed choices " + choices);
            }
        }
        return n;
    }

    /** Builds a constraint from strings with a tokenizer. */
    public static ChoiceConstraint of(
            List<String> choices, Function<String, long[]> encodeWithoutSpecials, int vocabSize) {
        List<long[]> tokens = new ArrayList<>();
        choices.forEach(c -> tokens.add(encodeWithoutSpecials.apply(c)));
        return new ChoiceConstraint(choices, tokens, vocabSize);
    }
}
