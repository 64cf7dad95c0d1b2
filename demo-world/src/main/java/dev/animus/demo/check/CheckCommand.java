package dev.animus.demo.check;

import dev.animus.demo.CommandLines;
import dev.animus.world.Vocabulary;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import dev.animus.world.WorldProblem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code check [--action NAME]... <world-file>...}: prints every problem of each file as
 * {@code file:line:column: message} and a one-line summary of each valid world. This is a
 * command-line tool, so it writes to standard output and error, not to a log.
 */
public final class CheckCommand {
    private CheckCommand() {}

    /**
     * @param args the world files to check (not empty), with {@code --action NAME} for each
     *     action the game registers (world files may name those in {@code do} lists)
     * @param out where the summary goes
     * @param err where problems go
     * @return the process exit code: 0 when every file is valid, 1 when any has problems
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = CommandLines.parse(new Options(), args, out);
        if (o == null) {
            return 0;
        }
        List<String> files = o.files;
        List<String> gameActions = o.actions;
        int problems = 0;
        WorldParser parser = new WorldParser(Vocabulary.CORE.withGameActions(gameActions));
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
                long behaviours =
                        w.npcs().stream().mapToLong(n -> n.behaviours().size()).sum();
                out.printf(
                        "%s: OK: world '%s', %d places, %d props, %d events, %d NPCs, %d behaviours%n",
                        name,
                        w.name(),
                        w.places().size(),
                        w.props().size(),
                        w.events().size(),
                        w.npcs().size(),
                        behaviours);
            }
        }
        if (problems > 0) {
            err.println(problems + (problems == 1 ? " problem" : " problems"));
        }
        return problems == 0 ? 0 : 1;
    }

    /** The options of {@code check}. */
    @CommandLine.Command(
            name = "check",
            sortOptions = false,
            description = "Checks world files: prints every problem as file:line:column: problem, and a summary of"
                    + " each valid world. Exit code 1 when any file has problems.")
    public static final class Options {
        @CommandLine.Mixin
        CommandLines.Help help;

        @CommandLine.Option(
                names = "--action",
                paramLabel = "NAME",
                description = "an action the game registers, which world files may name (repeatable)")
        List<String> actions = new ArrayList<>();

        @CommandLine.Parameters(paramLabel = "WORLD_FILE", arity = "1..*", description = "the world files")
        List<String> files = new ArrayList<>();
    }
}
