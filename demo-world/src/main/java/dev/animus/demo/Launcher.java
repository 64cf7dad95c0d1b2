package dev.animus.demo;

import dev.animus.demo.ask.AskCommand;
import dev.animus.demo.bench.BenchCommand;
import dev.animus.demo.check.CheckCommand;
import dev.animus.demo.describe.DescribeCommand;
import dev.animus.demo.eval.EvalCommand;
import dev.animus.demo.export.ExportGgufCommand;
import dev.animus.demo.play.LanternfallDemo;
import dev.animus.demo.play.PlayOptions;
import dev.animus.demo.simulate.SimulateCommand;
import dev.animus.demo.train.CorpusCommand;
import dev.animus.demo.train.TrainWorldCommand;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/**
 * The demo's command line, one launcher with subcommands ({@code picocli}): {@code play} (the
 * default) starts Lanternfall; {@code check}, {@code ask}, {@code talk}, {@code describe},
 * {@code eval}, {@code bench}, {@code export-gguf}, {@code simulate} and {@code train} (a decoder
 * fine-tuned on one world file) are the tools. {@code Launcher --help} lists them and
 * {@code Launcher COMMAND --help} shows one's options. The Maven profiles ({@code mvn -Pdemo
 * package}, {@code -Pask}, {@code -Pbench}, ...) call it.
 */
public final class Launcher {
    /** The launcher itself: its subcommands, for the usage. */
    @CommandLine.Command(
            name = "Launcher",
            description = "Animus's demo and tools. Without a command: play.",
            subcommands = {
                PlayOptions.Options.class,
                CheckCommand.Options.class,
                AskCommand.AskOptions.class,
                AskCommand.TalkOptions.class,
                DescribeCommand.Options.class,
                EvalCommand.Options.class,
                BenchCommand.Options.class,
                ExportGgufCommand.Options.class,
                SimulateCommand.Options.class,
                TrainWorldCommand.Options.class,
                CorpusCommand.Options.class
            })
    static final class Commands {
        @CommandLine.Mixin
        CommandLines.Help help;
    }

    /** @return the launcher's usage: its commands, a line each */
    static String usage() {
        return CommandLines.usage(new Commands());
    }

    private Launcher() {}

    public static void main(String[] args) {
        // jME logs through java.util.logging: one log, through SLF4J, for every command.
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
        String command = args.length == 0 ? "play" : args[0];
        try {
            switch (command) {
                case "play" -> {
                    PlayOptions options = PlayOptions.parse(rest);
                    if (options != null && !LanternfallDemo.run(options)) {
                        System.exit(1);
                    }
                }
                case "bench" -> BenchCommand.run(rest);
                case "check" -> System.exit(CheckCommand.run(rest, System.out, System.err));
                case "ask", "talk" ->
                    System.exit(AskCommand.run(
                            rest,
                            command.equals("talk"),
                            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                            System.out,
                            System.err));
                case "describe" -> System.exit(DescribeCommand.run(rest, System.out, System.err));
                case "eval" -> System.exit(EvalCommand.run(rest, System.out, System.err));
                case "export-gguf" -> System.exit(ExportGgufCommand.run(rest, System.out, System.err));
                case "simulate" -> System.exit(SimulateCommand.run(rest, System.out, System.err));
                case "train" -> System.exit(TrainWorldCommand.run(rest, System.out, System.err));
                case "corpus" -> System.exit(CorpusCommand.run(rest, System.out, System.err));
                case "-h", "--help", "help" -> System.out.print(usage());
                default -> throw new IllegalArgumentException("Unknown command '" + command + "'");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            if (e.getMessage() != null && e.getMessage().startsWith("Unknown command")) {
                System.err.print(usage());
            }
            System.exit(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0); // the engines' non-daemon threads must not keep the JVM alive
    }
}
