package dev.animus.world;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Typed access to YAML nodes that records a problem, with the node's line and column,
 * instead of throwing: so one pass finds every problem of a file. A getter that finds a
 * problem returns null; callers skip what is null.
 */
final class NodeReader {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    /** Longest text value: a persona is a paragraph, not a novel. */
    static final int MAX_TEXT = 4000;

    private final String source;
    private final List<WorldProblem> problems = new ArrayList<>();

    NodeReader(String source) {
        this.source = source;
    }

    List<WorldProblem> problems() {
        return problems;
    }

    Where at(Node node) {
        return node.getStartMark()
                .map(m -> new Where(source, m.getLine() + 1, m.getColumn() + 1))
                .orElse(new Where(source, 1, 1));
    }

    void problem(Node node, String message) {
        problems.add(new WorldProblem(at(node), message));
    }

    void problem(Where where, String message) {
        problems.add(new WorldProblem(where, message));
    }

    /**
     * A mapping whose keys are checked against the allowed and required ones.
     *
     * @return key to value node, in file order, or null if the node is not a mapping
     */
    Map<String, Node> mapping(Node node, String what, Collection<String> allowed, Collection<String> required) {
        if (!(node instanceof MappingNode m)) {
            problem(node, "expected a mapping (key: value lines) for " + what + ", got " + describe(node));
            return null;
        }
        Map<String, Node> result = new LinkedHashMap<>();
        Map<String, Node> keyNodes = new HashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                problem(t.getKeyNode(), "a key in " + what + " must be a plain name, got " + describe(t.getKeyNode()));
                continue;
            }
            String k = key.getValue();
            Node first = keyNodes.putIfAbsent(k, key);
            if (first != null) {
                problem(key, "duplicate key '" + k + "' in " + what + " (first at " + at(first) + ")");
                continue;
            }
            if (!allowed.contains(k)) {
                problem(
                        key,
                        "unknown key '" + k + "' in " + what + "; allowed: " + String.join(", ", allowed)
                                + suggestion(k, allowed));
                continue;
            }
            result.put(k, t.getValueNode());
        }
        for (String r : required) {
            if (!result.containsKey(r)) {
                problem(node, what + " is missing '" + r + "'");
            }
        }
        return result;
    }

    /** @return the items, or null if the node is not a list */
    List<Node> list(Node node, String what) {
        if (node instanceof SequenceNode s) {
            return s.getValue();
        }
        problem(node, "expected a list (lines starting with '- ') for " + what + ", got " + describe(node));
        return null;
    }

    /** Non-blank text, trimmed. */
    String text(Node node, String what) {
        if (!(node instanceof ScalarNode s)) {
            problem(node, "expected text for " + what + ", got " + describe(node));
            return null;
        }
        String v = s.getValue().strip();
        if (v.isEmpty()) {
            problem(node, what + " must not be empty");
            return null;
        }
        if (v.length() > MAX_TEXT) {
            problem(node, what + " is " + v.length() + " characters long; at most " + MAX_TEXT + " are allowed");
            return null;
        }
        return v;
    }

    String id(Node node, String what) {
        String v = text(node, what);
        if (v != null && !ID.matcher(v).matches()) {
            problem(
                    node,
                    "bad id '" + v + "' for " + what + "; ids use lower-case letters, digits and _,"
                            + " start with a letter and have at most 64 characters");
            return null;
        }
        return v;
    }

    /** A name from a fixed set, with the set in the message when it is not. */
    String oneOf(Node node, String what, Collection<String> allowed) {
        String v = text(node, what);
        if (v != null && !allowed.contains(v)) {
            problem(
                    node,
                    "unknown " + what + " '" + v + "'; allowed: " + String.join(", ", allowed)
                            + suggestion(v, allowed));
            return null;
        }
        return v;
    }

    Float number(Node node, String what, double min, double max) {
        if (!(node instanceof ScalarNode s)
                || !NUMBER.matcher(s.getValue().strip()).matches()) {
            problem(node, "expected a number for " + what + ", got " + describe(node));
            return null;
        }
        double v = Double.parseDouble(s.getValue().strip());
        if (v < min || v > max) {
            problem(
                    node,
                    what + " must be between " + fmt(min) + " and " + fmt(max) + ", got "
                            + s.getValue().strip());
            return null;
        }
        return (float) v;
    }

    Boolean bool(Node node, String what) {
        if (node instanceof ScalarNode s
                && (s.getValue().equals("true") || s.getValue().equals("false"))) {
            return Boolean.valueOf(s.getValue());
        }
        problem(node, "expected true or false for " + what + ", got " + describe(node));
        return null;
    }

    /** A string or a number, for variables. */
    Object scalarValue(Node node, String what) {
        if (!(node instanceof ScalarNode s)) {
            problem(node, "expected a word or a number for " + what + ", got " + describe(node));
            return null;
        }
        String v = s.getValue().strip();
        return NUMBER.matcher(v).matches() ? (Object) Double.parseDouble(v) : v;
    }

    /** [x, y, z] in metres. */
    Vec3 position(Node node, String what) {
        List<Node> items = list(node, what);
        if (items == null) {
            return null;
        }
        if (items.size() != 3) {
            problem(node, what + " needs three numbers [x, y, z], got " + items.size());
            return null;
        }
        Float x = number(items.get(0), what + " x", -100_000, 100_000);
        Float y = number(items.get(1), what + " y", -100_000, 100_000);
        Float z = number(items.get(2), what + " z", -100_000, 100_000);
        return x == null || y == null || z == null ? null : new Vec3(x, y, z);
    }

    /**
     * A path inside the asset roots: relative, no '..', no URL, no drive, no backslash.
     * World files are data and must not reach any other file.
     */
    String assetPath(Node node, String what) {
        String v = text(node, what);
        if (v == null) {
            return null;
        }
        boolean escapes = v.startsWith("/")
                || v.startsWith("~")
                || v.contains("\\")
                || v.contains(":")
                || v.contains("\0")
                || List.of(v.split("/")).stream()
                        .anyMatch(part -> part.equals("..") || part.equals(".") || part.isEmpty());
        if (escapes) {
            problem(
                    node,
                    "asset path '" + v + "' for " + what + " must stay inside the asset roots: use a"
                            + " relative path such as Models/Jaime/Jaime.j3o, without '..', a leading '/', '\\\\',"
                            + " a drive or a URL");
            return null;
        }
        return v;
    }

    /** The node's kind in words, with its value when short. */
    static String describe(Node node) {
        if (node instanceof ScalarNode s) {
            String v = s.getValue();
            return v.isEmpty() ? "nothing" : "'" + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "'";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "a mapping";
    }

    /** "; did you mean 'x'?" for a close name, else "". */
    static String suggestion(String bad, Collection<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String firstWord = bad.contains("_") ? bad.substring(0, bad.indexOf('_') + 1) : null;
        for (String a : allowed) {
            int d = distance(bad, a);
            // A name that shares the first word ("player_near", "player_within") is close too.
            boolean sameFirstWord = firstWord != null && firstWord.length() > 3 && a.startsWith(firstWord);
            if (d <= Math.max(1, bad.length() / 3) || sameFirstWord) {
                if (d < bestDistance) {
                    bestDistance = d;
                    best = a;
                }
            }
        }
        return best != null ? "; did you mean '" + best + "'?" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static Set<String> keys(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }
}
