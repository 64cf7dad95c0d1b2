package dev.animus.demo.eval;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.animus.demo.CommandLines;
import dev.animus.dialogue.DialogueService;
import dev.animus.world.NpcDefinition;
import dev.animus.world.World;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code eval [--set DIR] [--model DIR] [--out FILE] [--world ID]... [--limit N] [--free] [--no-judge] [--rescore FILE]}: asks every
 * question of the held-out evaluation set ({@link EvalSet}) through the {@code ask} command's
 * own path ({@link AskPath}), scores each reply strictly ({@link Scoring}, {@link #score}),
 * prints a table per world and overall, and writes one JSON line per question to FILE. With
 * {@code --free} the decoder writes every reply itself (the plugin's {@code freeReplies}). With
 * {@code --rescore FILE} it asks nothing and scores the replies of an earlier run's FILE again.
 *
 * <p>What is counted, per question:
 * <ul>
 * <li><b>right fact</b> (answerable): every required token of the question is in the reply
 * ({@link Scoring#matches}).</li>
 * <li><b>"don't know" with the fact in the prompt</b> (answerable): not right, the reply says
 * "don't know" ({@link Scoring#saysDontKnow}), and the answering fact was among the facts that
 * went into the prompt.</li>
 * <li><b>"don't know" without the fact</b> (answerable): the same, but retrieval left the fact
 * out; <b>wrong</b>: neither right nor "don't know".</li>
 * <li><b>invented a number or name</b> (every question): the reply states a number or a name
 * that none of the NPC's name, persona, facts (all of them, retrieved or not) and the question
 * has ({@link Scoring#inventedNumbers}, {@link Scoring#inventedNames}).</li>
 * <li><b>"don't know" on unanswerable</b>: the reply to a question no fact answers says "don't
 * know".</li>
 * <li><b>retrieval</b> (answerable): the answering fact was the first fact of the prompt, or
 * among its facts at all.</li>
 * </ul>
 * A command-line tool: it writes to standard output and error.
 */
public final class EvalCommand {
    private EvalCommand() {}

    /**
     * What an NPC said.
     *
     * @param text its words
     * @param facts the facts that went into its prompt, most relevant first
     * @param latencyMs from the question to the whole answer
     */
    public record Reply(String text, List<String> facts, long latencyMs) {}

    /** Asks one NPC. */
    public interface Asker extends AutoCloseable {
        /** @return its reply to the words */
        Reply ask(String question) throws Exception;

        /** Lets go of its models. */
        @Override
        void close();
    }

    /** Makes the asker of an NPC. */
    public interface Askers {
        /** @return an asker for that NPC of that world */
        Asker open(World world, NpcDefinition npc) throws Exception;
    }

    /**
     * A scored question.
     *
     * @param outcome answerable: right, dont_know_fact_in_prompt, dont_know_fact_not_in_prompt
     *     or wrong; unanswerable: dont_know or answered
     */
    public record Result(
            String world,
            String npc,
            int line,
            String kind,
            String question,
            String fact,
            String tokens,
            String reply,
            List<String> factsInPrompt,
            long latencyMs,
            String outcome,
            boolean right,
            boolean dontKnow,
            boolean factInPrompt,
            boolean factFirst,
            List<String> missing,
            List<Long> inventedNumbers,
            List<String> inventedNames) {

        /** @return whether the reply invented a number or a name */
        public boolean invented() {
            return !inventedNumbers.isEmpty() || !inventedNames.isEmpty();
        }
    }

    /**
     * Scores one reply.
     *
     * @param q the question
     * @param npc who answered
     * @param reply what it said
     */
    public static Result score(EvalSet.Question q, NpcDefinition npc, Reply reply) {
        List<String> sources = new ArrayList<>();
        sources.add(npc.name());
        sources.add(npc.persona());
        sources.addAll(npc.facts());
        sources.addAll(reply.facts()); // what the world shares, when retrieval put it in the prompt
        sources.add(q.question());
        String text = reply.text();
        boolean dontKnow = Scoring.saysDontKnow(text, npc.fallbackLines());
        List<Long> numbers = Scoring.inventedNumbers(text, sources);
        List<String> names = Scoring.inventedNames(text, sources);
        if (!q.answerable()) {
            return new Result(
                    q.world(),
                    q.npc(),
                    q.line(),
                    "unknown",
                    q.question(),
                    null,
                    null,
                    text,
                    reply.facts(),
                    reply.latencyMs(),
                    dontKnow ? "dont_know" : "answered",
                    false,
                    dontKnow,
                    false,
                    false,
                    List.of(),
                    numbers,
                    names);
        }
        boolean right = Scoring.matches(text, q.tokens());
        boolean inPrompt = reply.facts().contains(q.fact());
        boolean first = !reply.facts().isEmpty() && reply.facts().get(0).equals(q.fact());
        String outcome = right
                ? "right"
                : dontKnow ? (inPrompt ? "dont_know_fact_in_prompt" : "dont_know_fact_not_in_prompt") : "wrong";
        return new Result(
                q.world(),
                q.npc(),
                q.line(),
                "answer",
                q.question(),
                q.fact(),
                q.tokens(),
                text,
                reply.facts(),
                reply.latencyMs(),
                outcome,
                right,
                dontKnow,
                inPrompt,
                first,
                right ? List.of() : Scoring.missing(text, q.tokens()),
                numbers,
                names);
    }

    /** @return the process exit code */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = CommandLines.parse(new Options(), args, out);
        if (o == null) {
            return 0;
        }
        Path set = o.set;
        Path model = o.decoder.model;
        Path file = o.out;
        List<String> only = o.worlds;
        int limit = o.limit == null ? Integer.MAX_VALUE : o.limit;
        if (limit < 1) {
            throw new IllegalArgumentException("--limit needs a positive whole number, got " + limit);
        }
        Path rescore = o.rescore;
        boolean free = o.free;
        EvalSet evalSet = EvalSet.load(set == null ? EvalSet.defaultFolder() : set);
        if (rescore != null) {
            List<Result> results = rescore(evalSet, rescore);
            if (file != null) {
                write(results, file);
            }
            out.println("Held-out evaluation, rescored from " + rescore + ": " + results.size() + " replies");
            out.print(table(results));
            return 0;
        }
        Path decoder = o.decoder.folder();
        if (file == null) {
            file = Files.isDirectory(Path.of("demo-world"))
                    ? Path.of("demo-world/target/eval/results.jsonl")
                    : Path.of("target/eval/results.jsonl");
        }
        DialogueService.Style style = free ? DialogueService.Style.FREE : DialogueService.Style.GROUNDED;
        List<Result> results;
        try (AskPath askers = new AskPath(decoder, style, !o.noJudge)) {
            results = run(evalSet, only, limit, askers, err);
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        write(results, file);
        out.println("Held-out evaluation: " + evalSet.questions().size() + " questions in "
                + evalSet.worlds().size()
                + " worlds; model " + (model == null ? "bundled (" + decoder + ")" : model)
                + (free ? "; free replies" : "; grounded replies")
                + (free || o.noJudge ? "" : ", the answer judge deciding"));
        out.print(table(results));
        out.println("per question: " + file);
        return 0;
    }

    /**
     * Asks the questions of the set, NPC by NPC, and scores them.
     *
     * @param only the worlds to ask (empty: all)
     * @param limit the most questions per world, answerable and unanswerable taken in file order
     * @param log where progress goes
     */
    public static List<Result> run(EvalSet set, List<String> only, int limit, Askers askers, PrintStream log)
            throws Exception {
        Map<String, List<EvalSet.Question>> byNpc = new LinkedHashMap<>();
        Map<String, Integer> perWorld = new LinkedHashMap<>();
        for (EvalSet.Question q : set.questions()) {
            if (!only.isEmpty() && !only.contains(q.world())) {
                continue;
            }
            int n = perWorld.merge(q.world(), 1, Integer::sum);
            if (n <= limit) {
                byNpc.computeIfAbsent(q.world() + "/" + q.npc(), k -> new ArrayList<>())
                        .add(q);
            }
        }
        if (byNpc.isEmpty()) {
            throw new IllegalArgumentException("no questions to ask; worlds of the set: " + set.worldOrder());
        }
        List<Result> results = new ArrayList<>();
        for (Map.Entry<String, List<EvalSet.Question>> e : byNpc.entrySet()) {
            EvalSet.Question first = e.getValue().get(0);
            World world = set.worlds().get(first.world());
            NpcDefinition npc = world.npc(first.npc()).orElseThrow();
            long start = System.nanoTime();
            try (Asker asker = askers.open(world, npc)) {
                for (EvalSet.Question q : e.getValue()) {
                    results.add(score(q, npc, asker.ask(q.question())));
                }
            }
            log.printf(
                    Locale.ROOT,
                    "eval: %s, %d questions, %.1f s%n",
                    e.getKey(),
                    e.getValue().size(),
                    (System.nanoTime() - start) / 1e9);
        }
        results.sort(Comparator.comparingInt(Result::line));
        return results;
    }

    /**
     * Scores the replies of an earlier run again, with today's rules and set, asking nothing:
     * a change to the scoring applies to saved replies. Each line is matched to its question by
     * world, NPC and words.
     *
     * @param file JSON lines as {@link #write} writes them
     */
    static List<Result> rescore(EvalSet set, Path file) throws IOException {
        Map<String, EvalSet.Question> byKey = new LinkedHashMap<>();
        set.questions().forEach(q -> byKey.put(q.world() + "\t" + q.npc() + "\t" + q.question(), q));
        List<Result> results = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject j = JsonParser.parseString(line).getAsJsonObject();
            String key = j.get("world").getAsString() + "\t" + j.get("npc").getAsString() + "\t"
                    + j.get("question").getAsString();
            EvalSet.Question q = byKey.get(key);
            if (q == null) {
                throw new IllegalArgumentException(file + ": no question of the set is " + key.replace('\t', '/'));
            }
            List<String> facts = new ArrayList<>();
            j.getAsJsonArray("facts_in_prompt").forEach(f -> facts.add(f.getAsString()));
            NpcDefinition npc = set.worlds().get(q.world()).npc(q.npc()).orElseThrow();
            results.add(score(
                    q,
                    npc,
                    new Reply(
                            j.get("reply").getAsString(),
                            facts,
                            j.get("latency_ms").getAsLong())));
        }
        results.sort(Comparator.comparingInt(Result::line));
        return results;
    }

    /** Writes one JSON object per line. */
    static void write(List<Result> results, Path file) throws IOException {
        Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Result r : results) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("world", r.world());
                m.put("npc", r.npc());
                m.put("line", r.line());
                m.put("kind", r.kind());
                m.put("question", r.question());
                m.put("fact", r.fact());
                m.put("tokens", r.tokens());
                m.put("reply", r.reply());
                m.put("outcome", r.outcome());
                m.put("right", r.right());
                m.put("dont_know", r.dontKnow());
                m.put("fact_in_prompt", r.factInPrompt());
                m.put("fact_first", r.factFirst());
                m.put("missing", r.missing());
                m.put("invented_numbers", r.inventedNumbers());
                m.put("invented_names", r.inventedNames());
                m.put("facts_in_prompt", r.factsInPrompt());
                m.put("latency_ms", r.latencyMs());
                w.write(gson.toJson(m));
                w.newLine();
            }
        }
    }

    /** The figures of some results. */
    record Figures(
            int answerable,
            int right,
            int dontKnowWithFact,
            int dontKnowWithoutFact,
            int wrong,
            int factFirst,
            int factInPrompt,
            int inventedAnswerable,
            int unanswerable,
            int dontKnowUnanswerable,
            int inventedUnanswerable) {

        static Figures of(List<Result> rs) {
            int a = 0, right = 0, dkf = 0, dkn = 0, wrong = 0, first = 0, in = 0, invA = 0, u = 0, dku = 0, invU = 0;
            for (Result r : rs) {
                if (r.kind().equals("answer")) {
                    a++;
                    switch (r.outcome()) {
                        case "right" -> right++;
                        case "dont_know_fact_in_prompt" -> dkf++;
                        case "dont_know_fact_not_in_prompt" -> dkn++;
                        default -> wrong++;
                    }
                    first += r.factFirst() ? 1 : 0;
                    in += r.factInPrompt() ? 1 : 0;
                    invA += r.invented() ? 1 : 0;
                } else {
                    u++;
                    dku += r.dontKnow() ? 1 : 0;
                    invU += r.invented() ? 1 : 0;
                }
            }
            return new Figures(a, right, dkf, dkn, wrong, first, in, invA, u, dku, invU);
        }
    }

    /** @return the table: a row per world and one overall, then the targets */
    static String table(List<Result> results) {
        Map<String, List<Result>> byWorld = new LinkedHashMap<>();
        for (Result r : results) {
            byWorld.computeIfAbsent(r.world(), k -> new ArrayList<>()).add(r);
        }
        StringBuilder b = new StringBuilder();
        String head = String.format(
                Locale.ROOT,
                "%-20s %4s %11s %11s %11s %11s %11s | %4s %11s %11s%n",
                "world",
                "ans",
                "right",
                "dk+fact",
                "invented",
                "fact 1st",
                "fact in",
                "unan",
                "dk",
                "invented");
        b.append(head);
        b.append("-".repeat(head.length() - 1)).append('\n');
        for (Map.Entry<String, List<Result>> e : byWorld.entrySet()) {
            b.append(row(e.getKey(), Figures.of(e.getValue())));
        }
        b.append("-".repeat(head.length() - 1)).append('\n');
        Figures all = Figures.of(results);
        b.append(row("overall", all));
        int invented = all.inventedAnswerable() + all.inventedUnanswerable();
        int n = all.answerable() + all.unanswerable();
        b.append(String.format(
                Locale.ROOT,
                "%nright fact                           %s   (target >= 85%%)%n",
                pct(all.right(), all.answerable())));
        b.append(String.format(
                Locale.ROOT,
                "\"don't know\", answering fact in prompt %s   (target <= 5%%)%n",
                pct(all.dontKnowWithFact(), all.answerable())));
        b.append(String.format(
                Locale.ROOT,
                "invented a number or name            %s   (target <= 2%%; answerable %s, unanswerable %s)%n",
                pct(invented, n),
                pct(all.inventedAnswerable(), all.answerable()),
                pct(all.inventedUnanswerable(), all.unanswerable())));
        b.append(String.format(
                Locale.ROOT,
                "\"don't know\" on unanswerable         %s   (target >= 90%%)%n",
                pct(all.dontKnowUnanswerable(), all.unanswerable())));
        b.append(String.format(
                Locale.ROOT,
                "answerable, other outcomes: \"don't know\" with the fact not retrieved %s, wrong %s%n",
                pct(all.dontKnowWithoutFact(), all.answerable()),
                pct(all.wrong(), all.answerable())));
        b.append(String.format(
                Locale.ROOT,
                "retrieval: answering fact first in prompt %s, in prompt at all %s%n",
                pct(all.factFirst(), all.answerable()),
                pct(all.factInPrompt(), all.answerable())));
        return b.toString();
    }

    private static String row(String name, Figures f) {
        return String.format(
                Locale.ROOT,
                "%-20s %4d %11s %11s %11s %11s %11s | %4d %11s %11s%n",
                name,
                f.answerable(),
                cell(f.right(), f.answerable()),
                cell(f.dontKnowWithFact(), f.answerable()),
                cell(f.inventedAnswerable(), f.answerable()),
                cell(f.factFirst(), f.answerable()),
                cell(f.factInPrompt(), f.answerable()),
                f.unanswerable(),
                cell(f.dontKnowUnanswerable(), f.unanswerable()),
                cell(f.inventedUnanswerable(), f.unanswerable()));
    }

    private static String cell(int k, int n) {
        return n == 0 ? "-" : String.format(Locale.ROOT, "%d (%.0f%%)", k, 100.0 * k / n);
    }

    private static String pct(int k, int n) {
        return n == 0 ? "-" : String.format(Locale.ROOT, "%5.1f%% (%d/%d)", 100.0 * k / n, k, n);
    }

    /** The options of {@code eval}. */
    @CommandLine.Command(
            name = "eval",
            sortOptions = false,
            description = "The held-out evaluation: asks every question of the set, scores each reply strictly and"
                    + " prints a table per world; one JSON line per question into the --out file.")
    public static final class Options {
        @CommandLine.Mixin
        CommandLines.Help help;

        @CommandLine.Option(
                names = "--set",
                paramLabel = "DIR",
                description = "the set: worlds/*.world and questions.tsv" + " (default: the repository's)")
        Path set;

        @CommandLine.Mixin
        CommandLines.Decoder decoder;

        @CommandLine.Option(
                names = "--out",
                paramLabel = "FILE",
                description = "where the JSON lines go (default: demo-world/target/eval/results.jsonl)")
        Path out;

        @CommandLine.Option(names = "--world", paramLabel = "ID", description = "only this world (repeatable)")
        List<String> worlds = new ArrayList<>();

        @CommandLine.Option(names = "--limit", paramLabel = "N", description = "at most N questions per NPC")
        Integer limit;

        @CommandLine.Option(names = "--free", description = "the decoder writes every reply (freeReplies)")
        boolean free;

        @CommandLine.Option(
                names = "--no-judge",
                description = "without the answer judge: the most similar fact answers (answerJudge(false))")
        boolean noJudge;

        @CommandLine.Option(
                names = "--rescore",
                paramLabel = "FILE",
                description = "ask nothing: score the replies of an earlier run's FILE again")
        Path rescore;
    }
}
