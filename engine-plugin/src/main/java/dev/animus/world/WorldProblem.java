package dev.animus.world;

/**
 * One thing wrong with a world file.
 *
 * @param where the file, line and column
 * @param message what is wrong, with the bad value and what is allowed
 */
public record WorldProblem(Where where, String message) implements Comparable<WorldProblem> {

    @Override
    public int compareTo(WorldProblem o) {
        int c = Integer.compare(where.line(), o.where.line());
        return c != 0 ? c : Integer.compare(where.column(), o.where.column());
    }

    @Override
    public String toString() {
        return where + ": " + message;
    }
}
