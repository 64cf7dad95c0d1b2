package dev.animus.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken world files, each with the exact problems a writer must see: file, line, column,
 * the bad value and what is allowed. None may crash the parser or hang it.
 */
class BrokenWorldFilesTest {
    private static final String HEAD = "animus: 1\nworld: {id: t, name: T}\n";
    private static final String PLACE = "places:\n  - {id: square, name: the square, at: [0, 0, 0]}\n";
    private static final String NPC = "npcs:\n  - id: pip\n    name: Pip\n    persona: cheeky\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                broken(
                        "unclosed flow list",
                        HEAD + "places: [\n",
                        "4:1: YAML syntax: while parsing a flow node: expected the node content, but found '<stream end>'"),
                broken(
                        "tab indentation",
                        HEAD + "places:\n\t- {id: a}\n",
                        "4:1: YAML syntax: while scanning for the next token: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)"),
                broken(
                        "duplicate key",
                        HEAD + "world: {id: u, name: U}\n",
                        "3:1: duplicate key 'world' in the world file (first at t.world:2:1)"),
                broken("empty file", "", "1:1: the file is empty; a world file starts with 'animus: 1'"),
                broken(
                        "a list at the top",
                        "- animus\n",
                        "1:1: expected a mapping (key: value lines) for the world file, got a list"),
                broken("no world section", "animus: 1\n", "1:1: the world file is missing 'world'"),
                broken(
                        "misspelt top-level key",
                        HEAD + "npcz: []\n",
                        "3:1: unknown key 'npcz' in the world file; allowed: animus, world, actions, emotions, places, props, events, npcs; did you mean 'npcs'?"),
                broken(
                        "future format version",
                        "animus: 2\nworld: {id: t, name: T}\n",
                        "1:9: unsupported world format version 2; this Animus reads version 1"),
                broken(
                        "version in words",
                        "animus: one\nworld: {id: t, name: T}\n",
                        "1:9: expected a number for the format version 'animus', got 'one'"),
                broken(
                        "id with spaces",
                        "animus: 1\nworld: {id: Lantern Fall, name: T}\n",
                        "2:13: bad id 'Lantern Fall' for the world's id; ids use lower-case letters, digits and _, start with a letter and have at most 64 characters"),
                broken(
                        "day too short",
                        "animus: 1\nworld: {id: t, name: T, day_length: 5}\n",
                        "2:37: day_length (seconds) must be between 10 and 86400, got 5"),
                broken(
                        "unknown part of the day",
                        "animus: 1\nworld: {id: t, name: T, start_phase: noon}\n",
                        "2:38: unknown part of the day 'noon'; allowed: dawn, day, dusk, night"),
                broken(
                        "place without position",
                        HEAD + "places:\n  - {id: square, name: the square}\n",
                        "4:5: a place is missing 'at'"),
                broken(
                        "position with two numbers",
                        HEAD + "places:\n  - {id: square, name: the square, at: [0, 0]}\n",
                        "4:40: the position of place 'square' needs three numbers [x, y, z], got 2"),
                broken(
                        "position with a word",
                        HEAD + "places:\n  - {id: square, name: the square, at: [0, x, 0]}\n",
                        "4:44: expected a number for the position of place 'square' y, got 'x'"),
                broken(
                        "duplicate place",
                        HEAD + PLACE + "  - {id: square, name: again, at: [1, 0, 1]}\n",
                        "5:10: duplicate place id 'square' (first defined at t.world:4:10)"),
                broken(
                        "prop in an unknown place",
                        HEAD + PLACE + "props:\n  - {id: well, kind: well, place: sqaure}\n",
                        "6:35: unknown place 'sqaure' in the place of prop 'well'; known places: square; did you mean 'square'?"),
                broken(
                        "declaring a built-in emotion",
                        HEAD + "emotions: [annoyed, proud, annoyed]\n",
                        "3:21: the emotion 'proud' is built in; declare only emotions of the world's own",
                        "3:28: the emotion 'annoyed' is declared twice; declare only emotions of the world's own"),
                broken(
                        "an emotion the world did not declare",
                        HEAD + "emotions: [annoyed]\n" + NPC + "    emotions: [neutral, annoyed, smug]\n",
                        "8:34: unknown emotion 'smug'; allowed: afraid, angry, annoyed, calm, curious, happy, neutral, proud, sad, surprised, suspicious, tired"),
                broken(
                        "declaring a built-in event",
                        HEAD + "events:\n  - {id: weapon_drawn, description: x}\n",
                        "4:10: event 'weapon_drawn' is built in; it need not be declared"),
                broken(
                        "npc without persona",
                        HEAD + "npcs:\n  - {id: pip, name: Pip}\n",
                        "4:5: an npc is missing 'persona'"),
                broken(
                        "unknown action in the npc's list",
                        HEAD + NPC + "    actions: [idle, dancee]\n",
                        "7:21: unknown action 'dancee'; allowed: alert, idle, nod, point, sit, sleep, talk, walk, wave, work"),
                broken(
                        "animating an action the npc may not do",
                        HEAD + NPC
                                + "    behaviours:\n      - {id: b, when: {spoken_to: true}, do: [{animate: wave}]}\n",
                        "8:57: npc 'pip' may not 'wave'; its actions: idle, talk, walk. Add it to the npc's 'actions' list"),
                broken(
                        "unknown trigger",
                        HEAD + NPC + "    behaviours:\n      - {id: b, when: {player_near: 4}, do: [{say: hi}]}\n",
                        "8:24: unknown key 'player_near' in a trigger ('when'); allowed: player_within, npc_within, weapon_drawn_within, event, time, spoken_to, given, enters, player_health_below, semantic, threshold, within; did you mean 'player_within'?"),
                broken(
                        "two triggers",
                        HEAD + NPC
                                + "    behaviours:\n      - {id: b, when: {spoken_to: true, time: dusk}, do: [{say: hi}]}\n",
                        "8:23: 'when' needs exactly one trigger, got [spoken_to, time]; triggers: player_within, npc_within, weapon_drawn_within, event, time, spoken_to, given, enters, player_health_below, semantic"),
                broken(
                        "threshold on a structured trigger",
                        HEAD + NPC
                                + "    behaviours:\n      - {id: b, when: {spoken_to: true, threshold: 0.5}, do: [{say: hi}]}\n",
                        "8:52: 'threshold' belongs to a semantic trigger, not to 'spoken_to'"),
                broken(
                        "threshold above 1",
                        HEAD + NPC
                                + "    behaviours:\n      - {id: b, when: {semantic: hello, threshold: 1.5}, do: [{say: hi}]}\n",
                        "8:52: threshold (cosine similarity) must be between 0.05 and 0.99, got 1.5"),
                broken(
                        "unknown event trigger",
                        HEAD + NPC + "    behaviours:\n      - {id: b, when: {event: bell}, do: [{say: hi}]}\n",
                        "8:31: unknown event 'bell' in an event reference; known events: coin_given, item_dropped, item_given, weapon_drawn, weapon_sheathed"),
                broken(
                        "raising an unknown event",
                        HEAD + NPC
                                + "    behaviours:\n      - {id: b, when: {spoken_to: true}, do: [{raise: lake_lihgts}]}\n",
                        "8:55: unknown event 'lake_lihgts' in an event reference; known events: coin_given, item_dropped, item_given, weapon_drawn, weapon_sheathed"),
                broken(
                        "walking to nowhere",
                        HEAD + PLACE + NPC.replace("npcs:\n", "npcs:\n")
                                + "    behaviours:\n      - {id: b, when: {spoken_to: true}, do: [{walk_to: sqare}]}\n",
                        "10:57: unknown target 'sqare' for walk_to; use 'player', 'them' (who set the behaviour off), an npc id or a place id; did you mean 'square'?"),
                broken(
                        "an emotion the npc may not show",
                        HEAD + NPC
                                + "    behaviours:\n      - {id: b, when: {spoken_to: true}, do: [{emotion: angry}]}\n",
                        "8:57: npc 'pip' may not show emotion 'angry'; its emotions: neutral"),
                broken(
                        "asset path escaping with ..",
                        HEAD + NPC + "    model: {asset: ../../secret.j3o}\n",
                        "7:20: asset path '../../secret.j3o' for the model of npc 'pip' must stay inside the asset roots: use a relative path such as Models/Jaime/Jaime.j3o, without '..', a leading '/', '\\\\', a drive or a URL"),
                broken(
                        "absolute asset path",
                        HEAD + NPC + "    model: {asset: /etc/passwd}\n",
                        "7:20: asset path '/etc/passwd' for the model of npc 'pip' must stay inside the asset roots: use a relative path such as Models/Jaime/Jaime.j3o, without '..', a leading '/', '\\\\', a drive or a URL"),
                broken(
                        "asset URL",
                        HEAD + NPC + "    model: {asset: 'http://example.com/x.j3o'}\n",
                        "7:20: asset path 'http://example.com/x.j3o' for the model of npc 'pip' must stay inside the asset roots: use a relative path such as Models/Jaime/Jaime.j3o, without '..', a leading '/', '\\\\', a drive or a URL"),
                broken(
                        "asset path with a backslash",
                        HEAD + NPC + "    model: {asset: 'Models\\x.j3o'}\n",
                        "7:20: asset path 'Models\\x.j3o' for the model of npc 'pip' must stay inside the asset roots: use a relative path such as Models/Jaime/Jaime.j3o, without '..', a leading '/', '\\\\', a drive or a URL"),
                broken(
                        "model without a clip for an allowed action",
                        HEAD + NPC
                                + "    model: {asset: Models/Oto/Oto.mesh.xml, animations: {idle: stand, walk: Walk}}\n",
                        "7:12: npc 'pip' may 'talk' but its model maps no clip to it; add animations: { talk: <clip name> }"),
                broken(
                        "clip for an unknown action",
                        HEAD + NPC + "    model: {asset: M/x.j3o, animations: {idle: a, walk: b, talk: c, dance: d}}\n",
                        "7:69: unknown key 'dance' in the action clips of npc 'pip'; allowed: alert, idle, nod, point, sit, sleep, talk, walk, wave, work"),
                broken(
                        "schedule with at and route",
                        HEAD + PLACE + NPC
                                + "    schedule:\n      - {from: day, at: square, route: [square, square], activity: idle}\n",
                        "10:9: a schedule entry of npc 'pip' needs either 'at' (one place) or 'route' (places to walk between), not both"),
                broken(
                        "two schedule entries for one phase",
                        HEAD + PLACE + NPC
                                + "    schedule:\n      - {from: day, at: square, activity: idle}\n      - {from: day, at: square, activity: walk}\n",
                        "11:9: a second schedule entry from day (the first is at t.world:10:9); each part of the day starts at most one entry"),
                broken(
                        "billion laughs",
                        HEAD
                                + "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b]\n",
                        "3:4: anchors and aliases (&name, *name) are not allowed in world files; write the value out where it is used"),
                broken(
                        "an anchor",
                        HEAD + "places:\n  - &sq {id: square, name: the square, at: [0, 0, 0]}\n",
                        "4:5: anchors and aliases (&name, *name) are not allowed in world files; write the value out where it is used"),
                broken(
                        "a Java tag",
                        HEAD + "places: !!java.io.File [x]\n",
                        "3:9: YAML tag 'tag:yaml.org,2002:java.io.File' is not allowed; world files hold plain data only"),
                broken(
                        "a local tag",
                        HEAD + "places: !exec [x]\n",
                        "3:9: YAML tag '!exec' is not allowed; world files hold plain data only"),
                broken(
                        "facts as one string",
                        HEAD + NPC + "    facts: knows things\n",
                        "7:12: expected a list (lines starting with '- ') for the facts of npc 'pip', got 'knows things'"),
                broken(
                        "a var condition with two tests",
                        HEAD + NPC
                                + "    behaviours:\n      - {id: b, when: {spoken_to: true}, if: [{var: x, equals: 1, at_most: 2}], do: [{say: hi}]}\n",
                        "8:47: a 'var' condition needs exactly one test (equals, not_equals, at_least, at_most, is_set), got [equals, at_most]"),
                broken(
                        "set without a value",
                        HEAD + NPC + "    behaviours:\n      - {id: b, when: {spoken_to: true}, do: [{set: paid}]}\n",
                        "8:47: 'set' needs 'to': the value to give variable 'paid'"),
                broken(
                        "yes instead of true",
                        HEAD + NPC
                                + "    behaviours:\n      - {id: b, when: {spoken_to: true}, once_per_day: yes, do: [{say: hi}]}\n",
                        "8:56: expected true or false for once_per_day, got 'yes'"),
                broken(
                        "negative cooldown",
                        HEAD + NPC
                                + "    behaviours:\n      - {id: b, when: {spoken_to: true}, cooldown: -3, do: [{say: hi}]}\n",
                        "8:52: cooldown (seconds) must be between 0 and 86400, got -3"),
                broken(
                        "senses out of range and misspelt",
                        HEAD + NPC + "    senses: {sight: -3, field_of_view: 400, hearnig: 5}\n",
                        "7:21: the sight of npc 'pip' (metres) must be between 0 and 10000, got -3",
                        "7:40: the field of view of npc 'pip' (degrees) must be between 1 and 360, got 400",
                        "7:45: unknown key 'hearnig' in the senses of npc 'pip'; allowed: sight, field_of_view, hearing, percepts_per_think; did you mean 'hearing'?"),
                broken(
                        "sociability out of range",
                        HEAD + NPC + "    sociability: 2\n",
                        "7:18: the sociability of npc 'pip' must be between 0 and 1, got 2"),
                broken(
                        "relationships with an unknown NPC and a misspelt tie, and with itself",
                        HEAD + NPC + "    relationships: {vee: friend, pip: freind}\n"
                                + "  - {id: vey, name: Vey, persona: stern, relationships: {vey: rival}}\n",
                        "7:21: unknown npc 'vee' in the relationships of npc 'pip'; known npcs: pip, vey; did you mean 'vey'?",
                        "7:39: unknown relationship 'freind'; allowed: friend, rival, distrusts; did you mean 'friend'?",
                        "8:58: npc 'vey' cannot have a relationship with itself"),
                broken(
                        "an opener that does not end a sentence, and an unknown kind of line",
                        HEAD + NPC + "    lines: {openers: [Hm., \"Well,\"], greeting: [Hi.]}\n",
                        "7:28: an opener of npc 'pip' must end a sentence (with '.', '!' or '?'), so the fact after it"
                                + " starts one; got 'Well,'",
                        "7:38: unknown key 'greeting' in the lines of npc 'pip'; allowed: openers, dont_know, greetings,"
                                + " threatened; did you mean 'greetings'?"),
                broken(
                        "a fact with a misspelt key, and what it tells about given as one text",
                        HEAD + NPC + "    facts:\n      - {text: I hid a coin., secrt: true}\n"
                                + "    tells_about: the stranger\n",
                        "8:31: unknown key 'secrt' in a fact of npc 'pip'; allowed: text, secret; did you mean 'secret'?",
                        "9:18: expected a list (lines starting with '- ') for what npc 'pip' tells about, got"
                                + " 'the stranger'"),
                broken(
                        "relationships as a list",
                        HEAD + NPC + "    relationships: [vey]\n",
                        "7:20: expected a mapping of npc ids to friend, rival, distrusts for the relationships of npc"
                                + " 'pip', for example {vey: friend}"),
                broken(
                        "a memory without text, and one with a secret that is not true or false",
                        HEAD + NPC
                                + "    memories:\n      - {importance: 0.5}\n      - {text: I hid a coin., secret: yes}\n",
                        "8:9: a memory of npc 'pip' is missing 'text'",
                        "9:39: expected true or false for 'secret' in a memory of npc 'pip', got 'yes'"),
                broken(
                        "a persona too long",
                        HEAD + "npcs:\n  - id: pip\n    name: Pip\n    persona: " + "a".repeat(5000) + "\n",
                        "6:14: the persona of npc 'pip' is 5000 characters long; at most 4000 are allowed"),
                broken(
                        "a huge file",
                        HEAD + "# " + "x".repeat(WorldParser.MAX_CHARS) + "\n",
                        "1:1: the file has 524325 characters; world files are limited to 524288 (512 Ki). Split the world or shorten its texts"),
                broken(
                        "nesting too deep",
                        HEAD + "places: " + "[".repeat(40) + "]".repeat(40) + "\n",
                        "3:24: nesting deeper than 16 levels is not allowed in world files"));
    }

    private static Arguments broken(String name, String text, String... expected) {
        return Arguments.of(name, text, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBrokenFileGetsExactProblems(String name, String text, List<String> expected) {
        List<WorldProblem> problems =
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new WorldParser().check("t.world", text));
        assertEquals(
                expected.stream().map(e -> "t.world:" + e).toList(),
                problems.stream().map(WorldProblem::toString).toList(),
                name);
        WorldFileException e = assertThrows(WorldFileException.class, () -> new WorldParser().parse("t.world", text));
        assertEquals(problems, e.problems());
    }

    @Test
    void aWorldDeclaresActionsAndEmotionsOfItsOwnForItsNpcsTheirClipsAndBehaviours() {
        String text = HEAD + "actions: [bow, juggle]\nemotions: [annoyed, smug]\n" + PLACE + NPC
                + "    model: {asset: Models/Pip.j3o, animations: {idle: Idle, bow: Bow, juggle: Juggle}, emotions: {smug: Grin}}\n"
                + "    actions: [idle, bow, juggle]\n"
                + "    emotions: [neutral, annoyed, smug]\n"
                + "    behaviours:\n"
                + "      - {id: b, when: {spoken_to: true}, do: [{emotion: annoyed}, {animate: juggle}]}\n";
        World world = new WorldParser().parse("t.world", text);
        NpcDefinition pip = world.npc("pip").orElseThrow();
        assertEquals(java.util.Set.of("idle", "bow", "juggle"), pip.actions());
        assertEquals(java.util.Set.of("neutral", "annoyed", "smug"), pip.emotions());
        assertEquals("Grin", pip.model().emotions().get("smug"));
        assertEquals("Bow", pip.model().animations().get("bow"));
        WorldFileException other = assertThrows(
                WorldFileException.class,
                () -> new WorldParser().parse("u.world", HEAD + PLACE + NPC + "    emotions: [annoyed]\n"));
        assertEquals(
                "u.world:9:16: unknown emotion 'annoyed'; allowed: afraid, angry, calm, curious, happy, neutral, proud,"
                        + " sad, surprised, suspicious, tired",
                other.problems().get(0).toString(),
                "a name another file declared is not known here");
    }

    @Test
    void thereAreAtLeastThirtyBrokenFiles() {
        assertEquals(true, cases().count() >= 30, "cases: " + cases().count());
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnceInFileOrder() {
        String text = HEAD + PLACE + NPC
                + "    home: sqare\n"
                + "    actions: [idle, jump]\n"
                + "    behaviours:\n"
                + "      - {id: b, when: {time: noon}, do: [{say: hi}]}\n";
        WorldFileException e = assertThrows(WorldFileException.class, () -> new WorldParser().parse("t.world", text));
        assertEquals(
                List.of(
                        "t.world:9:11: unknown place 'sqare' in the home of npc 'pip'; known places: square; did you mean 'square'?",
                        "t.world:10:21: unknown action 'jump'; allowed: alert, idle, nod, point, sit, sleep, talk, walk, wave, work",
                        "t.world:12:30: unknown part of the day 'noon'; allowed: dawn, day, dusk, night"),
                e.problems().stream().map(WorldProblem::toString).toList());
        assertEquals(
                "3 problems in t.world:\n  "
                        + String.join(
                                "\n  ",
                                e.problems().stream().map(Object::toString).toList()),
                e.getMessage());
    }
}
