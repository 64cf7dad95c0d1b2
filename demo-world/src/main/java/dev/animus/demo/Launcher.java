package dev.animus.demo;

import dev.animus.demo.ask.AskCommand;
import dev.animus.demo.bench.BenchCommand;
import dev.animus.demo.check.CheckCommand;
import dev.animus.demo.play.PlayOptions;
import dev.animus.demo.play.LanternfallDemo;
import java.util.Arrays;
import java.util.List;

/**
 * The demo's command line: {@code play} (the default) starts Lanternfall, {@code bench}
 * runs the benchmarks. {@code mvn -Pdemo package} and {@code mvn -Pbench package} call it.
 */
public final class Launcher {
    private static final String USAGE = """
            usage: Launcher [play|bench] [options]
              play [--headless] [--seconds N] [--screenshot FILE.png]
                                                start Lanternfall (headless when no display is found)
              check [--action NAME]... WORLD_FILE...
                                                validate world files; prints file:line:column: problem
                                                (--action: an action the game registers)
              ask --world FILE NPC "WORDS" [--model DIR]
                                                one JSON line: the NPC's reply, action, emotion, facts, latency
              talk --world FILE NPC [--model DIR]  talk to an NPC line by line (/quit to leave)
              describe --world FILE --at PLACE|all [--time dawn|day|dusk|night] [--model DIR]
                                                what a viewer at the place sees, described by the decoder
              eval [--set DIR] [--model DIR] [--out FILE] [--world ID]... [--limit N] [--free] [--rescore FILE]
                                                the held-out evaluation: strict scores per world, JSON lines
              bench [encoder|decoder|perception|scale|memory|all] [--runs N] [--threads N] [--model DIR]
                    [--minutes M] [--out DIR]   benchmarks (all by default); tables, CSV and PNG charts into DIR
                                                (default bench-results); memory runs the 200-NPC scene M minutes (10)
            """;

    private Launcher() {
    }

    public static void main(String[] args) {
        // jME logs through java.util.logging: one log, through SLF4J, for every command.
        if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
            org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
            org.slf4j.bridge.SLF4JBridgeHandler.install();
        }
        List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
        String command = args.length == 0 ? "play" : args[0];
        try {
            switch (command) {
                case "play" -> {
                    if (!LanternfallDemo.run(PlayOptions.parse(rest))) {
                        System.exit(1);
                    }
                }
                case "bench" -> BenchCommand.run(rest);
                case "check" -> System.exit(CheckCommand.run(rest, System.out, System.err));
                case "ask", "talk" -> System.exit(AskCommand.run(rest, command.equals("talk"),
                        new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)),
                        System.out, System.err));
                case "describe" -> System.exit(dev.animus.demo.describe.DescribeCommand.run(rest, System.out, System.err));
                case "eval" -> System.exit(dev.animus.demo.eval.EvalCommand.run(rest, System.out, System.err));
                case "-h", "--help", "help" -> System.out.print(USAGE);
                default -> throw new IllegalArgumentException("Unknown command '" + command + "'");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
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
