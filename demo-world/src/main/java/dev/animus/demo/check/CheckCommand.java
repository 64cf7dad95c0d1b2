package dev.animus.demo.check;

import dev.animus.world.World;
import dev.animus.world.WorldParser;
import dev.animus.world.WorldProblem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code check [--action NAME]... <world-file>...}: prints every problem of each file as
 * {@code file:line:column: message} and a one-line summary of each valid world. This is a
 * command-line tool, so it writes to standard output and error, not to a log.
 */
public final class CheckCommand {
    private CheckCommand() {
    }

    /**
     * @param args the world files to check (not empty), with {@code --action NAME} for each
     *     action the game registers (world files may name those in {@code do} lists)
     * @param out where the summary goes
     * @param err where problems go
     * @return the process exit code: 0 when every file is valid, 1 when any has problems
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> files = new java.util.ArrayList<>();
        List<String> gameActions = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--action")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--action needs the name of an action the game registers");
                }
                gameActions.add(args.get(++i));
            } else {
                files.add(args.get(i));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("check needs at least one world file");
        }
        int problems = 0;
        WorldParser parser = new WorldParser(dev.animus.world.Vocabulary.CORE.withGameActions(gameActions));
        for (String name : files) {
            Path file = Path.of(name);
            String text;
            try {
                if (Files.size(file) > WorldParser.MAX_CHARS * 4L) {
                    err.println(name + ":1:1: the file has " + Files.size(file) + " bytes; world files are limited"
                            + " to " + WorldParser.MAX_CHARS + " characters (512 Ki)");
                    problems++;
                    continue;
                }
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println(name + ":1:1: cannot read the file: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()));
                problems++;
                continue;
            }
            List<WorldProblem> found = parser.check(name, text);
            found.forEach(err::println);
            problems += found.size();
            if (found.isEmpty()) {
                World w = parser.parse(name, text);
                long behaviours = w.npcs().stream().mapToLong(n -> n.behaviours().size()).sum();
                out.printf("%s: OK: world '%s', %d places, %d props, %d events, %d NPCs, %d behaviours%n", name,
                        w.name(), w.places().size(), w.props().size(), w.events().size(), w.npcs().size(), behaviours);
            }
        }
        if (problems > 0) {
            err.println(problems + (problems == 1 ? " problem" : " problems"));
        }
        return problems == 0 ? 0 : 1;
    }
}
