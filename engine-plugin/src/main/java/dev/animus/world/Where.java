package dev.animus.world;

/**
 * A place in a world file, for messages: {@code Worlds/lanternfall.world:42:13}.
 *
 * @param file the file as the game names it (asset key or path)
 * @param line 1-based line
 * @param column 1-based column
 */
public record Where(String file, int line, int column) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
