package dev.animus.demo.ask;

import com.google.gson.Gson;
import dev.animus.model.llama.DecoderFiles;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ask --world FILE NPC "WORDS"} prints one JSON line: the NPC, its reply, action,
 * emotion, the facts that went into its prompt, and the latency. {@code talk --world FILE NPC}
 * reads lines until end of input or {@code /quit}. Both take {@code --model DIR} for another
 * decoder checkpoint. A command-line tool: it writes to standard output and error.
 */
public final class AskCommand {
    private AskCommand() {
    }

    /**
     * @param interactive false for {@code ask}, true for {@code talk}
     * @return the process exit code
     */
    public static int run(List<String> args, boolean interactive, BufferedReader in, PrintStream out, PrintStream err)
            throws Exception {
        Path worldFile = null;
        Path model = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--world" -> worldFile = Path.of(value(args, ++i, "--world"));
                case "--model" -> model = Path.of(value(args, ++i, "--model"));
                default -> rest.add(args.get(i));
            }
        }
        if (worldFile == null || rest.size() != (interactive ? 1 : 2)) {
            throw new IllegalArgumentException(interactive ? "talk needs --world FILE and an NPC id"
                    : "ask needs --world FILE, an NPC id and the words in quotes");
        }
        World world;
        try {
            world = new WorldParser().parse(worldFile.toString(), Files.readString(worldFile, StandardCharsets.UTF_8));
        } catch (dev.animus.world.WorldFileException e) {
            e.problems().forEach(err::println);
            return 1;
        }
        if (model == null && !DecoderFiles.bundledPresent()) {
            throw new IllegalArgumentException("This build has no bundled decoder; train one with mvn -Ptrain package"
                    + " or give a checkpoint folder with --model DIR");
        }
        Path decoder = model == null ? DecoderFiles.bundled() : model;
        try (Conversation talk = new Conversation(world, rest.get(0), decoder)) {
            if (!interactive) {
                out.println(json(talk.ask(rest.get(1))));
                return 0;
            }
            out.println("Talking to " + world.npc(rest.get(0)).orElseThrow().name() + ". Type /quit to leave.");
            for (String line; (line = prompt(out, in)) != null && !line.strip().equals("/quit");) {
                if (line.isBlank()) {
                    continue;
                }
                Conversation.Answer a = talk.ask(line);
                out.printf("%s [%s, %s]: %s%n", world.npc(a.npc()).orElseThrow().name(), a.action(), a.emotion(), a.reply());
            }
            return 0;
        }
    }

    private static String prompt(PrintStream out, BufferedReader in) throws java.io.IOException {
        out.print("you> ");
        out.flush();
        return in.readLine();
    }

    static String json(Conversation.Answer a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("npc", a.npc());
        m.put("reply", a.reply());
        m.put("action", a.action());
        m.put("emotion", a.emotion());
        m.put("facts", a.facts());
        m.put("latency_ms", a.latencyMs());
        return new Gson().toJson(m);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
