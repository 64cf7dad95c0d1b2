package dev.animus.demo;

import dev.animus.model.llama.DecoderFiles;
import dev.animus.world.World;
import dev.animus.world.WorldFileException;
import dev.animus.world.WorldParser;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * How every command of the demo reads its arguments: picocli, from an options object annotated
 * with {@link CommandLine.Command} and {@link CommandLine.Option}. A usage error becomes an
 * {@link IllegalArgumentException} that says what was wrong and how to see the usage; {@code
 * --help} prints the command's usage.
 */
public final class CommandLines {
    private CommandLines() {}

    /**
     * @param options the command's options, filled in from the arguments
     * @param args the arguments after the command's name
     * @param out where {@code --help} prints the usage
     * @return the options, or null when the usage was asked for and printed (the command is done)
     * @throws IllegalArgumentException for arguments the command does not take
     */
    public static <T> T parse(T options, List<String> args, PrintStream out) {
        CommandLine line = new CommandLine(options);
        try {
            line.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(
                    e.getMessage() + " (" + line.getCommandName() + " --help shows its usage)");
        }
        if (line.isUsageHelpRequested()) {
            PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
            line.usage(writer);
            writer.flush();
            return null;
        }
        return options;
    }

    /**
     * Reads a world file for a command, or says why it cannot: the file's problems (file, line,
     * column) or why it cannot be read.
     *
     * @param err where the problems go
     * @return the world, or null when it cannot be used (the command exits with 1)
     */
    public static World readWorld(Path file, PrintStream err) {
        try {
            return new WorldParser().parse(file.toString(), Files.readString(file));
        } catch (WorldFileException e) {
            err.println(e.getMessage());
        } catch (IOException e) {
            err.println("Cannot read " + file + ": " + e.getMessage());
        }
        return null;
    }

    /** {@code -h} and {@code --help}, for every command's options: {@code @CommandLine.Mixin CommandLines.Help help;} */
    public static final class Help {
        @CommandLine.Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "show this help and exit")
        boolean help;
    }

    /** {@code --model DIR}, for every command that runs the decoder: {@code @CommandLine.Mixin CommandLines.Decoder decoder;} */
    public static final class Decoder {
        @CommandLine.Option(
                names = "--model",
                paramLabel = "DIR",
                description = "a decoder checkpoint folder (default: the bundled model)")
        public Path model;

        /**
         * @return the folder given, or the bundled decoder's
         * @throws IllegalArgumentException when none was given and this build bundles none
         */
        public Path folder() {
            if (model == null && !DecoderFiles.bundledPresent()) {
                throw new IllegalArgumentException(
                        "This build has no bundled decoder; train one with mvn -Ptrain package"
                                + " or give a checkpoint folder with --model DIR");
            }
            return model == null ? DecoderFiles.bundled() : model;
        }
    }

    /** @return the usage of a command, as {@code --help} prints it */
    public static String usage(Object options) {
        return new CommandLine(options).getUsageMessage();
    }
}
