package dev.animus.world;

import static dev.animus.world.NodeReader.keys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads and validates world files (YAML; the format is described in docs/world-format.md).
 *
 * <p>Every problem of a file is reported at once, each with file, line and column, the bad
 * value and what is allowed. A world file is data only: no tags, anchors or aliases, at most
 * {@value #MAX_CHARS} characters and {@value #MAX_DEPTH} levels of nesting, and asset paths
 * that stay inside the asset roots.
 *
 * <p>Thread-safe: a parser holds only its vocabulary.
 */
public final class WorldParser {
    /** The largest world file, in characters (512 Ki). */
    public static final int MAX_CHARS = 512 * 1024;
    /** The deepest nesting of lists and mappings. */
    public static final int MAX_DEPTH = 16;
    /** The format version this parser reads. */
    public static final int FORMAT_VERSION = 1;

    private static final Set<String> ROOT_KEYS =
            keys("animus", "world", "actions", "emotions", "places", "props", "events", "npcs");
    private static final Set<String> WORLD_KEYS = keys("id", "name", "description", "day_length", "start_phase");
    private static final Set<String> PLACE_KEYS = keys("id", "name", "description", "at", "radius");
    private static final Set<String> PROP_KEYS = keys("id", "kind", "place", "at");
    private static final Set<String> EVENT_KEYS = keys("id", "description");
    private static final Set<String> NPC_KEYS = keys(
            "id",
            "name",
            "persona",
            "facts",
            "home",
            "model",
            "actions",
            "emotions",
            "schedule",
            "behaviours",
            "fallback_lines",
            "senses",
            "sociability",
            "relationships",
            "tells_about",
            "memories",
            "lines");
    private static final Set<String> LINES_KEYS = keys("openers", "dont_know", "greetings", "threatened");
    private static final Set<String> MEMORY_KEYS = keys("text", "importance", "secret");
    private static final Set<String> FACT_KEYS = keys("text", "secret");
    private static final List<String> TIES =
            Arrays.stream(Tie.values()).map(Tie::word).toList();
    private static final Set<String> SENSES_KEYS = keys("sight", "field_of_view", "hearing", "percepts_per_think");
    private static final Set<String> MODEL_KEYS = keys("asset", "animations", "emotions", "migrate");
    private static final Set<String> SCHEDULE_KEYS = keys("from", "at", "route", "activity");
    private static final Set<String> BEHAVIOUR_KEYS = keys("id", "when", "if", "do", "cooldown", "once_per_day");
    private static final Set<String> TRIGGER_KEYS = keys(
            "player_within",
            "npc_within",
            "weapon_drawn_within",
            "event",
            "time",
            "spoken_to",
            "given",
            "enters",
            "player_health_below",
            "semantic");
    private static final Set<String> CONDITION_KEYS = keys("var", "time", "emotion");
    private static final Set<String> ACTION_KEYS = keys(Vocabulary.BEHAVIOUR_ACTIONS.toArray(String[]::new));
    private static final List<String> PHASES =
            Arrays.stream(Phase.values()).map(Phase::id).toList();
    /** The tags plain YAML data resolves to; anything else (!!java..., !local) is refused. */
    // spotless:off
    private static final Set<String> PLAIN_TAGS = Set.of("str", "int", "float", "bool", "null", "seq", "map")
            .stream().map(t -> "tag:yaml.org,2002:" + t).collect(Collectors.toSet());
    // spotless:on
    private static final Pattern ALIAS_OR_ANCHOR = Pattern.compile("(?m)(^|[\\s\\[{,:-])([&*])[^\\s,\\]}]");
    private static final String PLAYER = "player";
    /** The target that means whoever set the behaviour off (who drew, who spoke, who came near). */
    private static final String THEM = "them";

    private final Vocabulary vocabulary;

    /** A parser for the core vocabulary. */
    public WorldParser() {
        this(Vocabulary.CORE);
    }

    /** @param vocabulary the actions, emotions and built-in events files may name (not null) */
    public WorldParser(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /**
     * Parses and validates a world.
     *
     * @param source the file's name as messages should show it (asset key or path)
     * @param text the file's content
     * @return the world
     * @throws WorldFileException listing every problem
     */
    public World parse(String source, String text) {
        Result r = read(source, text);
        if (!r.problems().isEmpty()) {
            throw new WorldFileException(source, r.problems());
        }
        return r.world();
    }

    /**
     * Validates a world without throwing.
     *
     * @return every problem, in file order (empty when the file is valid)
     */
    public List<WorldProblem> check(String source, String text) {
        return read(source, text).problems();
    }

    private record Result(World world, List<WorldProblem> problems) {}

    private Result read(String source, String text) {
        NodeReader in = new NodeReader(source);
        if (text.length() > MAX_CHARS) {
            in.problem(
                    new Where(source, 1, 1),
                    "the file has " + text.length() + " characters; world files" + " are limited to " + MAX_CHARS
                            + " (512 Ki). Split the world or shorten its texts");
            return new Result(null, in.problems());
        }
        Node root;
        try {
            LoadSettings settings = LoadSettings.builder()
                    .setLabel(source)
                    .setAllowDuplicateKeys(false)
                    .setAllowRecursiveKeys(false)
                    .setMaxAliasesForCollections(8)
                    .setCodePointLimit(MAX_CHARS + 1)
                    .build();
            Optional<Node> composed = new Compose(settings).composeString(text);
            if (composed.isEmpty()) {
                in.problem(
                        new Where(source, 1, 1),
                        "the file is empty; a world file starts with 'animus: " + FORMAT_VERSION + "'");
                return new Result(null, in.problems());
            }
            root = composed.get();
        } catch (MarkedYamlEngineException e) {
            Where where = e.getProblemMark()
                    .or(e::getContextMark)
                    .map(m -> new Where(source, m.getLine() + 1, m.getColumn() + 1))
                    .orElse(new Where(source, 1, 1));
            String problem = e.getProblem() == null ? "" : e.getProblem().strip();
            String context = e.getContext() == null ? "" : e.getContext().strip();
            in.problem(where, "YAML syntax: " + (context.isEmpty() ? "" : context + ": ") + problem);
            return new Result(null, in.problems());
        } catch (YamlEngineException e) {
            if (e.getMessage() != null && e.getMessage().contains("aliases")) {
                in.problem(firstAnchor(source, text), ALIASES_REFUSED);
            } else {
                in.problem(new Where(source, 1, 1), "YAML: " + e.getMessage());
            }
            return new Result(null, in.problems());
        } catch (StackOverflowError e) {
            in.problem(
                    new Where(source, 1, 1),
                    "the file nests lists or mappings too deeply to read; at most " + MAX_DEPTH
                            + " levels are allowed");
            return new Result(null, in.problems());
        }
        if (!checkShape(root, in)) {
            return new Result(null, in.problems());
        }
        World world = new Binder(source, in).world(root);
        List<WorldProblem> problems = new ArrayList<>(in.problems());
        Collections.sort(problems);
        return new Result(problems.isEmpty() ? world : null, problems);
    }

    private static final String ALIASES_REFUSED = "anchors and aliases (&name, *name) are not allowed in"
            + " world files; write the value out where it is used";

    /** Where the first anchor or alias of a text is (for errors the composer raised without a mark). */
    private static Where firstAnchor(String source, String text) {
        Matcher m = ALIAS_OR_ANCHOR.matcher(text);
        if (!m.find()) {
            return new Where(source, 1, 1);
        }
        int index = m.start(2);
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Where(source, line, index - lineStart + 1);
    }

    /**
     * Rejects what a data file must not have before anything is read from it: anchors and
     * aliases (shared nodes would multiply work, as in "billion laughs"), explicit tags, and
     * nesting beyond {@link #MAX_DEPTH}.
     */
    private static boolean checkShape(Node root, NodeReader in) {
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        int before = in.problems().size();
        walk(root, 1, seen, in);
        return in.problems().size() == before;
    }

    private static void walk(Node node, int depth, Map<Node, Boolean> seen, NodeReader in) {
        if (seen.put(node, Boolean.TRUE) != null || node.getAnchor().isPresent()) {
            in.problem(node, ALIASES_REFUSED);
            return;
        }
        if (depth > MAX_DEPTH) {
            in.problem(node, "nesting deeper than " + MAX_DEPTH + " levels is not allowed in world files");
            return;
        }
        String tag = node.getTag().getValue();
        if (!PLAIN_TAGS.contains(tag)) {
            in.problem(node, "YAML tag '" + tag + "' is not allowed; world files hold plain data only");
            return;
        }
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                walk(t.getKeyNode(), depth + 1, seen, in);
                walk(t.getValueNode(), depth + 1, seen, in);
            }
        } else if (node instanceof SequenceNode s) {
            for (Node item : s.getValue()) {
                walk(item, depth + 1, seen, in);
            }
        }
    }

    /** Binds one file's nodes to the world model, then checks every cross-reference. */
    private final class Binder {
        private final String source;
        private final NodeReader in;
        /** Checks that need every id: run after the whole file is read. */
        private final List<Runnable> references = new ArrayList<>();

        private final Map<String, Where> placeIds = new LinkedHashMap<>();
        private final Map<String, Where> eventIds = new LinkedHashMap<>();
        private final Map<String, Where> npcIds = new LinkedHashMap<>();
        private final Map<String, Where> propIds = new HashMap<>();

        /** The parser's vocabulary and the actions and emotions this file declares. */
        private Vocabulary words = vocabulary;

        Binder(String source, NodeReader in) {
            this.source = source;
            this.in = in;
        }

        World world(Node root) {
            Map<String, Node> top = in.mapping(root, "the world file", ROOT_KEYS, List.of("animus", "world"));
            if (top == null) {
                return null;
            }
            Node version = top.get("animus");
            if (version != null) {
                Float v = in.number(version, "the format version 'animus'", 0, 1000);
                if (v != null && v != FORMAT_VERSION) {
                    in.problem(
                            version,
                            "unsupported world format version " + v.intValue() + "; this Animus reads" + " version "
                                    + FORMAT_VERSION);
                }
            }
            String id = null;
            String name = null;
            String description = "";
            float dayLength = 600;
            Phase start = Phase.DAY;
            Map<String, Node> w = top.get("world") == null
                    ? null
                    : in.mapping(top.get("world"), "'world'", WORLD_KEYS, List.of("id", "name"));
            if (w != null) {
                id = ifPresent(w.get("id"), n -> in.id(n, "the world's id"));
                name = ifPresent(w.get("name"), n -> in.text(n, "the world's name"));
                description =
                        orDefault(ifPresent(w.get("description"), n -> in.text(n, "the world's description")), "");
                dayLength = orDefault(
                        ifPresent(w.get("day_length"), n -> in.number(n, "day_length (seconds)", 10, 86_400)), 600f);
                start = orDefault(phase(w.get("start_phase")), Phase.DAY);
            }
            words = vocabulary.withWorldNames(
                    declared(top.get("actions"), "action", vocabulary.actions()),
                    declared(top.get("emotions"), "emotion", vocabulary.emotions()));
            List<Place> places = items(top.get("places"), "places", this::place);
            List<Prop> props = items(top.get("props"), "props", this::prop);
            List<WorldEvent> events = items(top.get("events"), "events", this::event);
            List<NpcDefinition> npcs = items(top.get("npcs"), "npcs", this::npc);
            references.forEach(Runnable::run);
            return new World(source, id, name, description, dayLength, start, places, props, events, npcs);
        }

        private <T> List<T> items(Node node, String what, Function<Node, T> reader) {
            List<T> result = new ArrayList<>();
            if (node == null) {
                return result;
            }
            List<Node> list = in.list(node, "'" + what + "'");
            if (list != null) {
                for (Node item : list) {
                    T t = reader.apply(item);
                    if (t != null) {
                        result.add(t);
                    }
                }
            }
            return result;
        }

        private Place place(Node node) {
            Map<String, Node> m = in.mapping(node, "a place", PLACE_KEYS, List.of("id", "name", "at"));
            if (m == null) {
                return null;
            }
            String id = unique(m.get("id"), "place", placeIds);
            String name = ifPresent(m.get("name"), n -> in.text(n, "the name of place '" + id + "'"));
            String description =
                    orDefault(ifPresent(m.get("description"), n -> in.text(n, "a place's description")), "");
            Vec3 at = ifPresent(m.get("at"), n -> in.position(n, "the position of place '" + id + "'"));
            Float radius = orDefault(
                    ifPresent(m.get("radius"), n -> in.number(n, "the radius of place '" + id + "'", 0.1, 10_000)), 5f);
            return id == null || name == null || at == null
                    ? null
                    : new Place(id, name, description, at, radius, in.at(node));
        }

        private Prop prop(Node node) {
            Map<String, Node> m = in.mapping(node, "a prop", PROP_KEYS, List.of("id", "kind", "place"));
            if (m == null) {
                return null;
            }
            String id = unique(m.get("id"), "prop", propIds);
            String kind = ifPresent(m.get("kind"), n -> in.text(n, "the kind of prop '" + id + "'"));
            String place = placeRef(m.get("place"), "the place of prop '" + id + "'");
            Vec3 at = orDefault(
                    ifPresent(m.get("at"), n -> in.position(n, "the position of prop '" + id + "'")), Vec3.ZERO);
            return id == null || kind == null ? null : new Prop(id, kind, place, at, in.at(node));
        }

        private WorldEvent event(Node node) {
            Map<String, Node> m = in.mapping(node, "an event", EVENT_KEYS, List.of("id", "description"));
            if (m == null) {
                return null;
            }
            String id = unique(m.get("id"), "event", eventIds);
            if (id != null && words.builtInEvents().contains(id)) {
                in.problem(m.get("id"), "event '" + id + "' is built in; it need not be declared");
            }
            String description =
                    ifPresent(m.get("description"), n -> in.text(n, "the description of event '" + id + "'"));
            return id == null || description == null ? null : new WorldEvent(id, description, in.at(node));
        }

        private NpcDefinition npc(Node node) {
            Map<String, Node> m = in.mapping(node, "an npc", NPC_KEYS, List.of("id", "name", "persona"));
            if (m == null) {
                return null;
            }
            String id = unique(m.get("id"), "npc", npcIds);
            String what = "npc '" + id + "'";
            String name = ifPresent(m.get("name"), n -> in.text(n, "the name of " + what));
            String persona = ifPresent(m.get("persona"), n -> in.text(n, "the persona of " + what));
            Set<String> secretFacts = new LinkedHashSet<>();
            List<String> facts = facts(m.get("facts"), what, secretFacts);
            String home = placeRef(m.get("home"), "the home of " + what);
            Set<String> actions =
                    names(m.get("actions"), "action", words.sortedActions(), Set.of("idle", "walk", "talk"));
            Set<String> emotions = names(m.get("emotions"), "emotion", words.sortedEmotions(), Set.of("neutral"));
            CharacterModel model = orDefault(ifPresent(m.get("model"), n -> model(n, what)), CharacterModel.NONE);
            checkModelCoversActions(m.get("model"), model, actions, what);
            List<ScheduleEntry> schedule = items(m.get("schedule"), "schedule", n -> scheduleEntry(n, actions, what));
            checkSchedulePhases(schedule);
            Map<String, Where> behaviourIds = new HashMap<>();
            List<Behaviour> behaviours =
                    items(m.get("behaviours"), "behaviours", n -> behaviour(n, id, actions, emotions, behaviourIds));
            List<String> fallback = texts(m.get("fallback_lines"), "the fallback lines of " + what);
            Senses senses = orDefault(ifPresent(m.get("senses"), n -> senses(n, what)), Senses.DEFAULT);
            Float sociability = orDefault(
                    ifPresent(m.get("sociability"), n -> in.number(n, "the sociability of " + what, 0, 1)),
                    Social.DEFAULT.sociability());
            Map<String, Tie> ties = ties(m.get("relationships"), id, what);
            List<String> tellsAbout = texts(m.get("tells_about"), "what " + what + " tells about");
            List<StartingMemory> memories = items(m.get("memories"), "memories", n -> startingMemory(n, what));
            Lines lines = orDefault(ifPresent(m.get("lines"), n -> lines(n, what)), Lines.BUILT_IN);
            if (id == null || name == null || persona == null || sociability == null) {
                return null;
            }
            return new NpcDefinition(
                    id,
                    name,
                    persona,
                    facts,
                    home,
                    model,
                    actions,
                    emotions,
                    schedule,
                    behaviours,
                    fallback,
                    senses,
                    new Social(sociability, ties, tellsAbout, secretFacts),
                    memories,
                    lines,
                    in.at(node));
        }

        /** {@code lines: {openers: [...], dont_know: [...], greetings: [...], threatened: [...]}}. */
        private Lines lines(Node node, String npc) {
            Map<String, Node> m = in.mapping(node, "the lines of " + npc, LINES_KEYS, List.of());
            if (m == null) {
                return null;
            }
            List<String> openers = texts(m.get("openers"), "the openers of " + npc);
            for (Node opener : Optional.ofNullable(m.get("openers"))
                    .map(n -> n instanceof SequenceNode s ? s.getValue() : List.<Node>of())
                    .orElse(List.of())) {
                if (opener instanceof ScalarNode s && !s.getValue().strip().matches(".*[.!?]$")) {
                    in.problem(
                            opener,
                            "an opener of " + npc + " must end a sentence (with '.', '!' or '?'), so the fact"
                                    + " after it starts one; got '"
                                    + s.getValue().strip() + "'");
                }
            }
            return new Lines(
                    openers,
                    texts(m.get("dont_know"), "the dont_know lines of " + npc),
                    texts(m.get("greetings"), "the greetings of " + npc),
                    texts(m.get("threatened"), "the threatened lines of " + npc));
        }

        /** {@code relationships: {vey: friend, pip: distrusts}}: other NPCs' ids, each with a tie. */
        private Map<String, Tie> ties(Node node, String self, String npc) {
            Map<String, Tie> ties = new LinkedHashMap<>();
            if (node == null) {
                return ties;
            }
            String what = "the relationships of " + npc;
            if (!(node instanceof MappingNode mapping)) {
                in.problem(
                        node,
                        "expected a mapping of npc ids to " + String.join(", ", TIES) + " for " + what
                                + ", for example {vey: friend}");
                return ties;
            }
            for (NodeTuple t : mapping.getValue()) {
                String other = npcRef(t.getKeyNode(), what);
                String tie = in.oneOf(t.getValueNode(), "relationship", TIES);
                if (other == null || tie == null) {
                    continue;
                }
                if (other.equals(self)) {
                    in.problem(t.getKeyNode(), npc + " cannot have a relationship with itself");
                } else if (ties.putIfAbsent(other, Tie.valueOf(tie.toUpperCase(Locale.ROOT))) != null) {
                    in.problem(t.getKeyNode(), "duplicate relationship with '" + other + "' in " + what);
                }
            }
            return ties;
        }

        /** Facts, each a sentence or {@code {text: ..., secret: true}} (never passed on to other NPCs). */
        private List<String> facts(Node node, String npc, Set<String> secret) {
            List<String> facts = new ArrayList<>();
            String what = "the facts of " + npc;
            if (node == null) {
                return facts;
            }
            List<Node> list = in.list(node, what);
            for (Node n : list == null ? List.<Node>of() : list) {
                if (n instanceof MappingNode) {
                    Map<String, Node> m = in.mapping(n, "a fact of " + npc, FACT_KEYS, List.of("text"));
                    if (m == null) {
                        continue;
                    }
                    String text = ifPresent(m.get("text"), t -> in.text(t, "a fact of " + npc));
                    Boolean isSecret = orDefault(
                            ifPresent(m.get("secret"), t -> in.bool(t, "'secret' in a fact of " + npc)), false);
                    if (text != null && isSecret != null) {
                        facts.add(text);
                        if (isSecret) {
                            secret.add(text);
                        }
                    }
                } else {
                    Optional.ofNullable(in.text(n, what)).ifPresent(facts::add);
                }
            }
            return facts;
        }

        /** A memory as text alone, or {@code {text: ..., importance: 0.8, secret: true}}. */
        private StartingMemory startingMemory(Node node, String npc) {
            String what = "a memory of " + npc;
            if (node instanceof ScalarNode) {
                String text = in.text(node, what);
                return text == null
                        ? null
                        : new StartingMemory(text, StartingMemory.DEFAULT_IMPORTANCE, false, in.at(node));
            }
            Map<String, Node> m = in.mapping(node, what, MEMORY_KEYS, List.of("text"));
            if (m == null) {
                return null;
            }
            String text = ifPresent(m.get("text"), n -> in.text(n, what));
            Float importance = orDefault(
                    ifPresent(m.get("importance"), n -> in.number(n, "the importance of " + what, 0, 1)),
                    StartingMemory.DEFAULT_IMPORTANCE);
            Boolean secret = orDefault(ifPresent(m.get("secret"), n -> in.bool(n, "'secret' in " + what)), false);
            return text == null || importance == null || secret == null
                    ? null
                    : new StartingMemory(text, importance, secret, in.at(node));
        }

        private Senses senses(Node node, String npc) {
            Map<String, Node> m = in.mapping(node, "the senses of " + npc, SENSES_KEYS, List.of());
            if (m == null) {
                return null;
            }
            Senses d = Senses.DEFAULT;
            Float sight = orDefault(
                    ifPresent(m.get("sight"), n -> in.number(n, "the sight of " + npc + " (metres)", 0, 10_000)),
                    d.sightMetres());
            Float fov = orDefault(
                    ifPresent(
                            m.get("field_of_view"),
                            n -> in.number(n, "the field of view of " + npc + " (degrees)", 1, 360)),
                    d.fieldOfViewDegrees());
            Float hearing = orDefault(
                    ifPresent(m.get("hearing"), n -> in.number(n, "the hearing of " + npc + " (metres)", 0, 10_000)),
                    d.hearingMetres());
            Float budget = orDefault(
                    ifPresent(
                            m.get("percepts_per_think"), n -> in.number(n, "the percepts per think of " + npc, 0, 64)),
                    (float) d.perceptsPerThink());
            if (sight == null || fov == null || hearing == null || budget == null) {
                return null;
            }
            return new Senses(sight, fov, hearing, Math.round(budget));
        }

        private CharacterModel model(Node node, String npc) {
            Map<String, Node> m = in.mapping(node, "the model of " + npc, MODEL_KEYS, List.of("asset"));
            if (m == null) {
                return null;
            }
            String asset = ifPresent(m.get("asset"), n -> in.assetPath(n, "the model of " + npc));
            Map<String, String> animations = clipMap(m.get("animations"), "action", words.sortedActions(), npc);
            Map<String, String> emotions = clipMap(m.get("emotions"), "emotion", words.sortedEmotions(), npc);
            boolean migrate = orDefault(ifPresent(m.get("migrate"), n -> in.bool(n, "migrate")), false);
            return asset == null ? null : new CharacterModel(asset, animations, emotions, migrate);
        }

        private Map<String, String> clipMap(Node node, String kind, List<String> allowed, String npc) {
            Map<String, String> result = new LinkedHashMap<>();
            if (node == null) {
                return result;
            }
            Map<String, Node> m = in.mapping(node, "the " + kind + " clips of " + npc, allowed, List.of());
            if (m != null) {
                m.forEach((k, v) -> {
                    String clip = in.text(v, "the clip for " + kind + " '" + k + "'");
                    if (clip != null) {
                        result.put(k, clip);
                    }
                });
            }
            return result;
        }

        private void checkModelCoversActions(Node modelNode, CharacterModel model, Set<String> actions, String npc) {
            if (modelNode == null || model.asset().isEmpty()) {
                return;
            }
            for (String a : actions) {
                if (!model.animations().containsKey(a)) {
                    in.problem(
                            modelNode,
                            npc + " may '" + a + "' but its model maps no clip to it; add" + " animations: { " + a
                                    + ": <clip name> }");
                }
            }
        }

        private ScheduleEntry scheduleEntry(Node node, Set<String> actions, String npc) {
            Map<String, Node> m =
                    in.mapping(node, "a schedule entry of " + npc, SCHEDULE_KEYS, List.of("from", "activity"));
            if (m == null) {
                return null;
            }
            Phase from = phase(m.get("from"));
            List<String> route = new ArrayList<>();
            if (m.containsKey("at") == m.containsKey("route")) {
                in.problem(
                        node,
                        "a schedule entry of " + npc + " needs either 'at' (one place) or 'route'"
                                + " (places to walk between), not " + (m.containsKey("at") ? "both" : "neither"));
            } else if (m.containsKey("at")) {
                Optional.ofNullable(placeRef(m.get("at"), "a schedule place of " + npc))
                        .ifPresent(route::add);
            } else {
                List<Node> places = in.list(m.get("route"), "a route of " + npc);
                if (places != null) {
                    if (places.size() < 2) {
                        in.problem(m.get("route"), "a route needs at least two places; use 'at' for one");
                    }
                    places.forEach(p -> Optional.ofNullable(placeRef(p, "a route place of " + npc))
                            .ifPresent(route::add));
                }
            }
            String activity = ifPresent(m.get("activity"), n -> npcAction(n, actions, npc));
            return from == null || activity == null ? null : new ScheduleEntry(from, route, activity, in.at(node));
        }

        private void checkSchedulePhases(List<ScheduleEntry> schedule) {
            Map<Phase, ScheduleEntry> byPhase = new HashMap<>();
            for (ScheduleEntry e : schedule) {
                ScheduleEntry first = byPhase.putIfAbsent(e.from(), e);
                if (first != null) {
                    in.problem(
                            e.where(),
                            "a second schedule entry from " + e.from().id() + " (the first is at " + first.where()
                                    + "); each part of the day starts at most one entry");
                }
            }
        }

        private Behaviour behaviour(
                Node node, String npcId, Set<String> actions, Set<String> emotions, Map<String, Where> ids) {
            String npc = "npc '" + npcId + "'";
            Map<String, Node> m =
                    in.mapping(node, "a behaviour of " + npc, BEHAVIOUR_KEYS, List.of("id", "when", "do"));
            if (m == null) {
                return null;
            }
            String id = unique(m.get("id"), "behaviour of " + npc, ids);
            Trigger trigger = ifPresent(m.get("when"), this::trigger);
            List<Condition> conditions = items(m.get("if"), "if", this::condition);
            List<Action> doing =
                    m.get("do") == null ? List.of() : items(m.get("do"), "do", n -> action(n, actions, emotions, npc));
            if (m.get("do") != null
                    && m.get("do") instanceof SequenceNode s
                    && s.getValue().isEmpty()) {
                in.problem(m.get("do"), "behaviour '" + id + "' does nothing; give it at least one action");
            }
            float cooldown =
                    orDefault(ifPresent(m.get("cooldown"), n -> in.number(n, "cooldown (seconds)", 0, 86_400)), 0f);
            boolean once = orDefault(ifPresent(m.get("once_per_day"), n -> in.bool(n, "once_per_day")), false);
            return id == null || trigger == null
                    ? null
                    : new Behaviour(id, trigger, conditions, doing, cooldown, once, in.at(node));
        }

        private Trigger trigger(Node node) {
            int problemsBefore = in.problems().size();
            Map<String, Node> m = in.mapping(
                    node, "a trigger ('when')", keys(append(TRIGGER_KEYS, "threshold", "within")), List.of());
            if (m == null) {
                return null;
            }
            String kind =
                    soleKind(node, m, TRIGGER_KEYS, problemsBefore, "'when' needs exactly one trigger", "triggers");
            if (kind == null) {
                return null;
            }
            Node v = m.get(kind);
            if (m.containsKey("threshold") && !kind.equals("semantic")) {
                in.problem(m.get("threshold"), "'threshold' belongs to a semantic trigger, not to '" + kind + "'");
            }
            if (m.containsKey("within") && !kind.equals("event") && !kind.equals("player_health_below")) {
                in.problem(
                        m.get("within"),
                        "'within' belongs to an event or player_health_below trigger, not to '" + kind + "'");
            }
            Float within = ifPresent(m.get("within"), n -> in.number(n, "within (metres)", 0, 10_000));
            return switch (kind) {
                case "player_within" ->
                    ifPresent(
                            v,
                            n -> Optional.ofNullable(metres(n))
                                    .map(Trigger.PlayerWithin::new)
                                    .orElse(null));
                case "weapon_drawn_within" ->
                    ifPresent(
                            v,
                            n -> Optional.ofNullable(metres(n))
                                    .map(Trigger.WeaponDrawnWithin::new)
                                    .orElse(null));
                case "npc_within" -> npcWithin(v);
                case "event" -> {
                    String e = eventRef(v);
                    yield e == null ? null : new Trigger.Event(e, within == null ? 0 : within);
                }
                case "time" ->
                    Optional.ofNullable(phase(v)).map(Trigger.TimeOfDay::new).orElse(null);
                case "spoken_to" -> Boolean.TRUE.equals(in.bool(v, "spoken_to")) ? new Trigger.SpokenTo() : null;
                case "given" ->
                    Optional.ofNullable(in.text(v, "what is given ('coin', an item, or 'any')"))
                            .map(Trigger.Given::new)
                            .orElse(null);
                case "enters" ->
                    Optional.ofNullable(placeRef(v, "the place entered"))
                            .map(Trigger.Enters::new)
                            .orElse(null);
                case "player_health_below" -> {
                    Float p = in.number(v, "player_health_below (percent)", 0, 100);
                    yield p == null ? null : new Trigger.PlayerHealthBelow(p, within == null ? 10 : within);
                }
                case "semantic" -> {
                    String text = in.text(v, "a semantic trigger");
                    Float t = orDefault(
                            ifPresent(
                                    m.get("threshold"), n -> in.number(n, "threshold (cosine similarity)", 0.05, 0.99)),
                            Trigger.Semantic.DEFAULT_THRESHOLD);
                    yield text == null ? null : new Trigger.Semantic(text, t);
                }
                default -> throw new IllegalStateException(kind);
            };
        }

        /**
         * The one key of {@code kinds} that a trigger or action mapping uses, or null once the
         * problem is reported. An unknown key alone has been reported (with a suggestion) already.
         */
        private String soleKind(
                Node node, Map<String, Node> m, Set<String> kinds, int problemsBefore, String rule, String kindsName) {
            List<String> used = m.keySet().stream().filter(kinds::contains).toList();
            if (used.isEmpty() && in.problems().size() > problemsBefore) {
                return null;
            }
            if (used.size() != 1) {
                in.problem(
                        node,
                        rule + ", got " + (used.isEmpty() ? "none" : used) + "; " + kindsName + ": "
                                + String.join(", ", kinds));
                return null;
            }
            return used.get(0);
        }

        private Trigger npcWithin(Node v) {
            Map<String, Node> m = in.mapping(v, "npc_within", keys("npc", "metres"), List.of("metres"));
            if (m == null) {
                return null;
            }
            String npc = m.get("npc") == null ? null : npcRef(m.get("npc"), "npc_within");
            Float metres = ifPresent(m.get("metres"), this::metres);
            return metres == null ? null : new Trigger.NpcWithin(npc, metres);
        }

        private Condition condition(Node node) {
            Map<String, Node> m = in.mapping(
                    node,
                    "a condition ('if')",
                    keys("var", "equals", "not_equals", "at_least", "at_most", "is_set", "time", "emotion"),
                    List.of());
            if (m == null) {
                return null;
            }
            if (m.containsKey("time")) {
                Set<Phase> phases = EnumSet.noneOf(Phase.class);
                Node t = m.get("time");
                List<Node> list = t instanceof SequenceNode s ? s.getValue() : List.of(t);
                list.forEach(n -> Optional.ofNullable(phase(n)).ifPresent(phases::add));
                return phases.isEmpty() ? null : new Condition.TimeIs(phases);
            }
            if (m.containsKey("emotion")) {
                String e = in.oneOf(m.get("emotion"), "emotion", words.sortedEmotions());
                return e == null ? null : new Condition.EmotionIs(e);
            }
            if (!m.containsKey("var")) {
                in.problem(
                        node,
                        "a condition needs 'var', 'time' or 'emotion'; conditions: "
                                + String.join(", ", CONDITION_KEYS));
                return null;
            }
            String name = in.id(m.get("var"), "a variable name");
            List<String> tests =
                    m.keySet().stream().filter(k -> !k.equals("var")).toList();
            if (tests.size() != 1) {
                in.problem(
                        node,
                        "a 'var' condition needs exactly one test (equals, not_equals, at_least, at_most,"
                                + " is_set), got " + (tests.isEmpty() ? "none" : tests));
                return null;
            }
            String test = tests.get(0);
            Node value = m.get(test);
            if (test.equals("is_set")) {
                Boolean b = in.bool(value, "is_set");
                return name == null || b == null
                        ? null
                        : new Condition.Var(
                                name, b ? Condition.Comparison.IS_SET : Condition.Comparison.IS_UNSET, null);
            }
            Object v = test.startsWith("at_") ? in.number(value, test, -1e9, 1e9) : in.scalarValue(value, test);
            if (v instanceof Float f) {
                v = f.doubleValue();
            }
            return name == null || v == null
                    ? null
                    : new Condition.Var(name, Condition.Comparison.valueOf(test.toUpperCase(Locale.ROOT)), v);
        }

        private Action action(Node node, Set<String> actions, Set<String> emotions, String npc) {
            int problemsBefore = in.problems().size();
            Set<String> kinds = new LinkedHashSet<>(ACTION_KEYS);
            kinds.addAll(words.gameActions());
            String[] allowed = append(kinds, Vocabulary.ACTION_ARGUMENT_KEYS.toArray(String[]::new));
            Map<String, Node> m = in.mapping(node, "an action ('do')", keys(allowed), List.of());
            if (m == null) {
                return null;
            }
            String kind = soleKind(
                    node,
                    m,
                    kinds,
                    problemsBefore,
                    "each item of 'do' is exactly one action",
                    words.gameActions().isEmpty()
                            ? "actions"
                            : "actions (the game's: " + String.join(", ", new TreeSet<>(words.gameActions())) + ")");
            if (kind == null) {
                return null;
            }
            Node v = m.get(kind);
            Set<String> extras = new LinkedHashSet<>(m.keySet());
            extras.remove(kind);
            Set<String> allowedExtras = switch (kind) {
                case "follow" -> Set.of("seconds");
                case "flee" -> Set.of("metres");
                case "set" -> Set.of("to");
                case "add" -> Set.of("by");
                default -> Set.of();
            };
            for (String extra : extras) {
                if (!allowedExtras.contains(extra)) {
                    in.problem(
                            node,
                            "'" + extra + "' does not belong to action '" + kind + "'"
                                    + (allowedExtras.isEmpty()
                                            ? ""
                                            : "; it takes: " + String.join(", ", allowedExtras)));
                }
            }
            return switch (kind) {
                case "animate" ->
                    Optional.ofNullable(npcAction(v, actions, npc))
                            .map(Action.Animate::new)
                            .orElse(null);
                case "say" ->
                    Optional.ofNullable(in.text(v, "a line to say"))
                            .map(Action.Say::new)
                            .orElse(null);
                case "say_generated" ->
                    Optional.ofNullable(in.text(v, "a hint for a generated line"))
                            .map(Action.SayGenerated::new)
                            .orElse(null);
                case "face" ->
                    Optional.ofNullable(target(v, "face")).map(Action.Face::new).orElse(null);
                case "walk_to" ->
                    Optional.ofNullable(target(v, "walk_to"))
                            .map(Action.WalkTo::new)
                            .orElse(null);
                case "follow" -> {
                    String t = target(v, "follow");
                    float s = orDefault(ifPresent(m.get("seconds"), n -> in.number(n, "seconds", 1, 3600)), 30f);
                    yield t == null ? null : new Action.Follow(t, s);
                }
                case "flee" -> {
                    String t = target(v, "flee");
                    float d = orDefault(ifPresent(m.get("metres"), n -> in.number(n, "metres", 1, 1000)), 12f);
                    yield t == null ? null : new Action.Flee(t, d);
                }
                case "emotion" -> {
                    String e = in.oneOf(v, "emotion", words.sortedEmotions());
                    if (e != null && !emotions.contains(e)) {
                        in.problem(
                                v,
                                npc + " may not show emotion '" + e + "'; its emotions: "
                                        + String.join(", ", sorted(emotions)));
                        e = null;
                    }
                    yield e == null ? null : new Action.Emote(e);
                }
                case "set" -> {
                    String name = in.id(v, "a variable name");
                    Object to = m.get("to") == null ? null : in.scalarValue(m.get("to"), "the value to set");
                    if (m.get("to") == null) {
                        in.problem(node, "'set' needs 'to': the value to give variable '" + name + "'");
                    }
                    yield name == null || to == null ? null : new Action.SetVar(name, to);
                }
                case "add" -> {
                    String name = in.id(v, "a variable name");
                    Float by = m.get("by") == null ? Float.valueOf(1) : in.number(m.get("by"), "by", -1e9, 1e9);
                    yield name == null || by == null ? null : new Action.AddVar(name, by);
                }
                case "raise" ->
                    Optional.ofNullable(eventRef(v)).map(Action.Raise::new).orElse(null);
                default -> {
                    if (!words.gameActions().contains(kind)) {
                        throw new IllegalStateException(kind);
                    }
                    // The game's action: its argument is any word, number or line (or nothing).
                    if (v instanceof ScalarNode scalar) {
                        boolean none = scalar.getTag().getValue().endsWith(":null");
                        yield new Action.Game(
                                kind, none ? "" : scalar.getValue().strip());
                    }
                    in.scalarValue(v, "the argument of '" + kind + "'"); // reports what it got instead
                    yield null;
                }
            };
        }

        private String npcAction(Node node, Set<String> actions, String npc) {
            String a = in.oneOf(node, "action", words.sortedActions());
            if (a != null && !actions.contains(a)) {
                in.problem(
                        node,
                        npc + " may not '" + a + "'; its actions: " + String.join(", ", sorted(actions))
                                + ". Add it to the npc's 'actions' list");
                return null;
            }
            return a;
        }

        /**
         * The actions or emotions a world declares beyond Animus's own ({@code emotions: [annoyed,
         * smug]}): ids, each new, so a typo in an NPC's list is still caught against the whole list.
         */
        private List<String> declared(Node node, String kind, Set<String> known) {
            List<String> result = new ArrayList<>();
            if (node == null) {
                return result;
            }
            List<Node> list = in.list(node, "the world's own " + kind + "s");
            if (list == null) {
                return result;
            }
            for (Node n : list) {
                String id = in.id(n, "a declared " + kind);
                if (id == null) {
                    continue;
                }
                if (known.contains(id) || result.contains(id)) {
                    in.problem(
                            n,
                            "the " + kind + " '" + id + "' is " + (known.contains(id) ? "built in" : "declared twice")
                                    + "; declare only " + kind + "s of the world's own");
                } else {
                    result.add(id);
                }
            }
            return result;
        }

        private Set<String> names(Node node, String kind, List<String> allowed, Set<String> defaults) {
            if (node == null) {
                return defaults;
            }
            Set<String> result = new LinkedHashSet<>();
            List<Node> list = in.list(node, "the " + kind + "s an npc may use");
            if (list != null) {
                list.forEach(
                        n -> Optional.ofNullable(in.oneOf(n, kind, allowed)).ifPresent(result::add));
            }
            return result;
        }

        private List<String> texts(Node node, String what) {
            List<String> result = new ArrayList<>();
            if (node != null) {
                List<Node> list = in.list(node, what);
                if (list != null) {
                    list.forEach(n -> Optional.ofNullable(in.text(n, what)).ifPresent(result::add));
                }
            }
            return result;
        }

        private Float metres(Node node) {
            return in.number(node, "a distance in metres", 0.1, 10_000);
        }

        private Phase phase(Node node) {
            if (node == null) {
                return null;
            }
            String p = in.oneOf(node, "part of the day", PHASES);
            return p == null ? null : Phase.valueOf(p.toUpperCase(Locale.ROOT));
        }

        private String unique(Node node, String kind, Map<String, Where> ids) {
            if (node == null) {
                return null;
            }
            String id = in.id(node, "a " + kind + " id");
            if (id != null) {
                Where first = ids.putIfAbsent(id, in.at(node));
                if (first != null) {
                    in.problem(node, "duplicate " + kind + " id '" + id + "' (first defined at " + first + ")");
                    return null;
                }
            }
            return id;
        }

        /** A reference checked once every id of the file is known. */
        private String reference(Node node, String kind, String what, Map<String, Where> ids, Set<String> alsoAllowed) {
            if (node == null) {
                return null;
            }
            String id = in.text(node, what);
            if (id != null) {
                Where where = in.at(node);
                references.add(() -> {
                    if (!ids.containsKey(id) && !alsoAllowed.contains(id)) {
                        List<String> known = new ArrayList<>(alsoAllowed);
                        known.addAll(ids.keySet());
                        Collections.sort(known);
                        in.problem(
                                where,
                                "unknown " + kind + " '" + id + "' in " + what + "; known " + kind + "s: "
                                        + (known.isEmpty() ? "none" : String.join(", ", known))
                                        + NodeReader.suggestion(id, known));
                    }
                });
            }
            return id;
        }

        private String placeRef(Node node, String what) {
            return reference(node, "place", what, placeIds, Set.of());
        }

        private String npcRef(Node node, String what) {
            return reference(node, "npc", what, npcIds, Set.of());
        }

        private String eventRef(Node node) {
            return reference(node, "event", "an event reference", eventIds, words.builtInEvents());
        }

        /** "player", "them" (whoever set the behaviour off), an NPC id or a place id. */
        private String target(Node node, String action) {
            if (node == null) {
                return null;
            }
            String id = in.text(node, "the target of " + action);
            if (id != null && !id.equals(PLAYER) && !id.equals(THEM)) {
                Where where = in.at(node);
                references.add(() -> {
                    if (!npcIds.containsKey(id) && !placeIds.containsKey(id)) {
                        List<String> known = new ArrayList<>(List.of(PLAYER, THEM));
                        known.addAll(npcIds.keySet());
                        known.addAll(placeIds.keySet());
                        in.problem(
                                where,
                                "unknown target '" + id + "' for " + action + "; use 'player', 'them' (who set"
                                        + " the behaviour off), an npc id or a place id"
                                        + NodeReader.suggestion(id, known));
                    }
                });
            }
            return id;
        }
    }

    private static <T> T ifPresent(Node node, Function<Node, T> read) {
        return node == null ? null : read.apply(node);
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static List<String> sorted(Set<String> set) {
        List<String> l = new ArrayList<>(set);
        Collections.sort(l);
        return l;
    }

    private static String[] append(Set<String> keys, String... more) {
        List<String> all = new ArrayList<>(keys);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
