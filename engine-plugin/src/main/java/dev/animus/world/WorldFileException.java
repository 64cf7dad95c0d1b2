package dev.animus.world;

import java.util.List;

/**
 * A world file that cannot be used. Carries every problem found, not just the first; the
 * message lists them one per line as {@code file:line:column: message}.
 */
public class WorldFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<WorldProblem> problems;

    /** @param source the file @param problems what is wrong (not empty) */
    public WorldFileException(String source, List<WorldProblem> problems) {
        super(format(source, problems));
        this.problems = List.copyOf(problems);
    }

    /** @return every problem, in file order */
    public List<WorldProblem> problems() {
        return problems;
    }

    private static String format(String source, List<WorldProblem> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append(problems.size())
                .append(problems.size() == 1 ? " problem in " : " problems in ")
                .append(source)
                .append(':');
        for (WorldProblem p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
