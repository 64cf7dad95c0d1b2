package dev.animus.demo.eval;

import dev.animus.world.NpcDefinition;
import dev.animus.world.World;
import dev.animus.world.WorldFileException;
import dev.animus.world.WorldParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The held-out evaluation set: the world files of a folder's {@code worlds/} and the questions
 * of its {@code questions.tsv} (format in that file's header). Loading checks the set itself:
 * every world file is valid, every question names a world and NPC that exist, an answerable
 * question names one of that NPC's facts word for word and has tokens the fact itself matches,
 * and no question already holds its own answer (its required tokens must not match the
 * question). Immutable.
 *
 * @param worlds the worlds by id, in file-name order
 * @param questions the questions, in file order
 */
public record EvalSet(Map<String, World> worlds, List<Question> questions) {

    /**
     * One question.
     *
     * @param line its line in questions.tsv
     * @param world the world's id
     * @param npc the NPC's id
     * @param answerable false for a question no fact of the NPC answers
     * @param question what the player says
     * @param fact the fact that answers it (null when unanswerable)
     * @param tokens what a right reply must state (null when unanswerable), see {@link Scoring}
     */
    public record Question(
            int line, String world, String npc, boolean answerable, String question, String fact, String tokens) {}

    /** The folder of the set in this repository, from the repository root or from demo-world. */
    public static Path defaultFolder() {
        Path fromRoot = Path.of("demo-world/src/main/resources/eval");
        return Files.isDirectory(fromRoot) ? fromRoot : Path.of("src/main/resources/eval");
    }

    /**
     * @param folder holds worlds/*.world and questions.tsv
     * @throws IllegalArgumentException listing every problem of the set
     */
    public static EvalSet load(Path folder) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, World> worlds = new LinkedHashMap<>();
        Path worldDir = folder.resolve("worlds");
        if (!Files.isDirectory(worldDir)) {
            throw new IllegalArgumentException(
                    "no folder " + worldDir + " (an evaluation set has worlds/*.world and questions.tsv)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(worldDir)) {
            files = s.filter(p -> p.toString().endsWith(".world")).sorted().toList();
        }
        for (Path f : files) {
            try {
                World w = new WorldParser().parse(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
                if (worlds.put(w.id(), w) != null) {
                    problems.add(f + ": a second world with id '" + w.id() + "'");
                }
            } catch (WorldFileException e) {
                e.problems().forEach(p -> problems.add(p.toString()));
            }
        }
        Path tsv = folder.resolve("questions.tsv");
        List<Question> questions = new ArrayList<>();
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String at = tsv + ":" + (i + 1) + ": ";
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", -1);
            if (!header) {
                header = true;
                if (c[0].equals("world")) {
                    continue;
                }
            }
            if (c.length != 6) {
                problems.add(at + "expected 6 tab-separated columns, found " + c.length);
                continue;
            }
            World w = worlds.get(c[0]);
            if (w == null) {
                problems.add(at + "unknown world '" + c[0] + "'; worlds: " + worlds.keySet());
                continue;
            }
            NpcDefinition npc = w.npc(c[1]).orElse(null);
            if (npc == null) {
                problems.add(at + "unknown NPC '" + c[1] + "' in " + c[0] + "; NPCs: "
                        + w.npcsById().keySet());
                continue;
            }
            boolean answerable;
            switch (c[2]) {
                case "answer" -> answerable = true;
                case "unknown" -> answerable = false;
                default -> {
                    problems.add(at + "kind must be 'answer' or 'unknown', not '" + c[2] + "'");
                    continue;
                }
            }
            if (c[3].isBlank()) {
                problems.add(at + "no question");
                continue;
            }
            if (!answerable) {
                questions.add(new Question(i + 1, c[0], c[1], false, c[3], null, null));
                continue;
            }
            if (!npc.facts().contains(c[4])) {
                problems.add(at + "'" + c[4] + "' is not one of " + c[1] + "'s facts: " + npc.facts());
                continue;
            }
            if (Scoring.groups(c[5]).isEmpty()) {
                problems.add(at + "an answerable question needs tokens");
                continue;
            }
            if (!Scoring.matches(c[4], c[5])) {
                problems.add(at + "the fact itself does not match its tokens " + Scoring.missing(c[4], c[5]));
            }
            for (List<String> group : Scoring.groups(c[5])) {
                if (group.stream().anyMatch(a -> Scoring.matchesAlternative(c[3], a))) {
                    problems.add(at + "the question already states " + String.join("|", group)
                            + ": a reply repeating it would count as right");
                }
            }
            questions.add(new Question(i + 1, c[0], c[1], true, c[3], c[4], c[5]));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the evaluation set in " + folder + " has " + problems.size()
                    + " problem(s):\n  " + String.join("\n  ", problems));
        }
        return new EvalSet(Collections.unmodifiableMap(worlds), List.copyOf(questions));
    }

    /** @return the world ids in the order of the files */
    public List<String> worldOrder() {
        List<String> out = new ArrayList<>();
        questions.forEach(q -> {
            if (!out.contains(q.world())) {
                out.add(q.world());
            }
        });
        return out;
    }
}
