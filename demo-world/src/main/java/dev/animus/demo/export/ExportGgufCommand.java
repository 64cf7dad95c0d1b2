package dev.animus.demo.export;

import dev.animus.demo.CommandLines;
import dev.animus.model.gguf.GgufExport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code export-gguf [--model DIR] [--half] --out FILE}: writes a decoder checkpoint (the bundled
 * one by default) as GGUF, the file llama.cpp's {@code llama-server} and Ollama serve. A
 * command-line tool: it prints to standard output and error.
 */
public final class ExportGgufCommand {
    private ExportGgufCommand() {}

    @CommandLine.Command(
            name = "export-gguf",
            description = "Write a decoder checkpoint (default: the bundled one) as GGUF for llama.cpp or Ollama.")
    public static final class Options {
        @CommandLine.Mixin
        CommandLines.Help help;

        @CommandLine.Mixin
        CommandLines.Decoder decoder;

        @CommandLine.Option(names = "--out", paramLabel = "FILE", required = true, description = "the GGUF file")
        Path out;

        @CommandLine.Option(names = "--half", description = "store the matrices in fp16 (default: fp32)")
        boolean half;
    }

    /**
     * @param args the arguments after {@code export-gguf}
     * @param out where the summary goes
     * @param err where a failure is explained
     * @return the exit code: 0 when written, 1 when the checkpoint cannot be exported
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = CommandLines.parse(new Options(), args, out);
        if (o == null) {
            return 0;
        }
        try {
            GgufExport.Written w = GgufExport.export(o.decoder.folder(), o.out, o.half);
            out.printf(
                    "%s: %s, %d tensors, %.1f MB (%s)%n",
                    w.file(), w.architecture(), w.tensors(), w.bytes() / 1e6, o.half ? "fp16" : "fp32");
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("export-gguf: " + e.getMessage());
            return 1;
        }
    }
}
