package dev.animus.demo.ask;

import com.google.gson.Gson;
import dev.animus.demo.CommandLines;
import dev.animus.dialogue.DialogueService;
import dev.animus.runtime.HeadlessWorld;
import dev.animus.world.World;
import dev.animus.world.WorldFileException;
import dev.animus.world.WorldParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * {@code ask --world FILE NPC "WORDS"} prints one JSON line: the NPC, its reply, action,
 * emotion, the facts that went into its prompt, who answered (the decoder, a behaviour of the
 * world file, or a fallback line) and the latency. The world runs as in the game
 * ({@link HeadlessWorld}): behaviours, triggers, memories and follow-ups included. {@code talk --world FILE NPC}
 * reads lines until end of input or {@code /quit}. Both take {@code --model DIR} for another
 * decoder checkpoint. A command-line tool: it writes to standard output and error.
 */
public final class AskCommand {
    private AskCommand() {}

    /**
     * @param interactive false for {@code ask}, true for {@code talk}
     * @return the process exit code
     */
    public static int run(List<String> args, boolean interactive, BufferedReader in, PrintStream out, PrintStream err)
            throws Exception {
        Options o = CommandLines.parse(interactive ? new TalkOptions() : new AskOptions(), args, out);
        if (o == null) {
            return 0;
        }
        if (o.rest.size() != (interactive ? 1 : 2)) {
            throw new IllegalArgumentException(
                    interactive
                            ? "talk needs --world FILE and an NPC id"
                            : "ask needs --world FILE, an NPC id and the words in quotes");
        }
        Path worldFile = o.world;
        List<String> rest = o.rest;
        World world;
        try {
            world = new WorldParser().parse(worldFile.toString(), Files.readString(worldFile, StandardCharsets.UTF_8));
        } catch (WorldFileException e) {
            e.problems().forEach(err::println);
            return 1;
        }
        String npcId = rest.get(0);
        if (world.npc(npcId).isEmpty()) { // before minutes of loading
            throw new IllegalArgumentException("Unknown NPC '" + npcId + "' in " + world.source() + "; NPCs: "
                    + world.npcsById().keySet());
        }
        try (HeadlessWorld talk = HeadlessWorld.of(
                world,
                Optional.of(o.decoder.folder()),
                o.free ? DialogueService.Style.FREE : DialogueService.Style.GROUNDED)) {
            if (!interactive) {
                out.println(json(talk.ask(npcId, rest.get(1), ANSWER_TIMEOUT)));
                return 0;
            }
            out.println("Talking to " + world.npc(rest.get(0)).orElseThrow().name() + ". Type /quit to leave.");
            for (String line; (line = prompt(out, in)) != null && !line.strip().equals("/quit"); ) {
                if (line.isBlank()) {
                    continue;
                }
                HeadlessWorld.Answer a = talk.ask(npcId, line, ANSWER_TIMEOUT);
                out.printf(
                        "%s [%s, %s]: %s%n",
                        world.npc(a.npc()).orElseThrow().name(), a.action(), a.emotion(), a.text());
            }
            return 0;
        }
    }

    /** How long one answer may take: the bundled decoder on two cores takes seconds. */
    static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(5);

    private static String prompt(PrintStream out, BufferedReader in) throws IOException {
        out.print("you> ");
        out.flush();
        return in.readLine();
    }

    static String json(HeadlessWorld.Answer a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("npc", a.npc());
        m.put("reply", a.text());
        m.put("action", a.action());
        m.put("emotion", a.emotion());
        m.put("facts", a.facts());
        m.put("by", a.by());
        m.put("latency_ms", a.latencyMs());
        return new Gson().toJson(m);
    }

    /** What {@code ask} and {@code talk} share. */
    public abstract static class Options {
        @CommandLine.Mixin
        CommandLines.Help help;

        @CommandLine.Option(names = "--world", required = true, paramLabel = "FILE", description = "the world file")
        Path world;

        @CommandLine.Mixin
        CommandLines.Decoder decoder;

        @CommandLine.Option(
                names = "--free",
                description = "the decoder writes every reply itself (freeReplies), as a decoder fine-tuned by"
                        + " train --world is meant to")
        boolean free;

        List<String> rest = new ArrayList<>();
    }

    /** The options of {@code ask}. */
    @CommandLine.Command(
            name = "ask",
            sortOptions = false,
            description = "Asks an NPC one thing and prints one JSON line: its reply, action, emotion, the facts in its"
                    + " prompt and the latency.")
    public static final class AskOptions extends Options {
        @CommandLine.Parameters(
                paramLabel = "NPC_AND_WORDS",
                arity = "2",
                description = "the NPC's id, then the words in quotes")
        void rest(List<String> values) {
            rest = values;
        }
    }

    /** The options of {@code talk}. */
    @CommandLine.Command(
            name = "talk",
            sortOptions = false,
            description = "Talks to an NPC line by line; /quit leaves.")
    public static final class TalkOptions extends Options {
        @CommandLine.Parameters(paramLabel = "NPC", arity = "1", description = "the NPC's id")
        void rest(List<String> values) {
            rest = values;
        }
    }
}
