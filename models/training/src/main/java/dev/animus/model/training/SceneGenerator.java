package dev.animus.model.training;

import dev.animus.model.prompt.PromptFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Scene-description samples: a random place, time and weather with a few people, props and
 * landmarks at distances and directions, and a description that mentions each of them, in
 * order of distance, and nothing else.
 */
final class SceneGenerator {
    // spotless:off
    private static final List<String> PLACES = List.of("the forge", "the market square", "the pier", "the tavern",
            "the chapel", "the north gate", "the old mill", "the well", "the harbour", "the bridge", "the orchard",
            "the stables", "the lighthouse", "the graveyard", "the crossroads", "the bakery", "the barracks",
            "the riverbank", "the village green", "the watchtower");
    // spotless:on
    private static final List<String> TIMES = List.of("dawn", "day", "dusk", "night");
    private static final List<String> WEATHER = List.of("clear", "rain", "fog", "snow", "wind", "");
    // spotless:off
    private static final List<String> ACTIVITIES = List.of("working", "sitting", "walking", "sleeping", "talking",
            "fishing", "standing", "praying", "sweeping", "singing", "reading", "eating", "keeping watch", "resting",
            "mending nets", "baking", "playing", "chopping wood", "drinking");
    private static final List<String> PROPS = List.of("anvil", "lantern", "barrel", "cart", "boat", "bench",
            "market stall", "statue", "haystack", "fountain", "crate", "signpost", "ladder", "well", "campfire",
            "woodpile", "table", "scarecrow", "bell", "gate");
    private static final List<String> PLURAL_PROPS = List.of("fishing boats", "nets", "barrels", "crates",
            "lanterns on posts", "hay bales", "flower pots", "fishing rods", "sacks of flour", "tools", "benches",
            "candles", "torches", "stacked logs", "drying fish");
    private static final List<String> PLACE_KINDS = List.of("cottage", "house", "shop", "garden", "stall", "barn",
            "mill", "boathouse", "tower", "yard");
    // spotless:on
    private static final List<String> PROP_STATES = List.of("", "", ", lit", ", broken", ", old", ", empty");
    // spotless:off
    private static final List<String> DIRECTIONS = List.of("north", "south", "east", "west", "northeast",
            "northwest", "southeast", "southwest");
    private static final List<String> TRADES = List.of("blacksmith", "baker", "innkeeper", "healer", "fisher",
            "guard", "priest", "farmer", "miller", "child", "merchant", "hunter");
    // spotless:on

    private record Thing(String line, String sentence, int metres) {}

    private final SplittableRandom random;
    private final Names names;

    SceneGenerator(SplittableRandom random, Names names) {
        this.random = random;
        this.names = names;
    }

    /** @return a scene prompt and its description (with the end marker) */
    WorldGenerator.Sample sample() {
        String place = random.nextInt(3) == 0 ? freshPlace() : pick(PLACES);
        String time = pick(TIMES);
        String weather = pick(WEATHER);
        List<Thing> things = new ArrayList<>();
        int count = 1 + random.nextInt(5);
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(3);
            int metres = 1 + random.nextInt(kind == 2 ? 40 : 15);
            String dir = pick(DIRECTIONS);
            things.add(
                    switch (kind) {
                        case 0 -> person(metres, dir);
                        case 1 -> prop(metres, dir);
                        default -> landmark(place, metres, dir);
                    });
        }
        things.sort(Comparator.comparingInt(Thing::metres));
        List<String> names = things.stream().map(Thing::line).toList();
        String prompt = new PromptFormat.Scene(place, time, weather, names).render();
        StringBuilder text = new StringBuilder(opening(place, time, weather));
        for (Thing t : things) {
            text.append(' ').append(t.sentence());
        }
        return new WorldGenerator.Sample(prompt, text + PromptFormat.END, WorldGenerator.Kind.SCENE, null, place);
    }

    private Thing person(int metres, String dir) {
        String name = names.name();
        String who = switch (random.nextInt(6)) {
            case 0 -> "Old " + name + " the " + pick(TRADES);
            case 1 -> name;
            case 2 -> "Captain " + name + " of the watch";
            default -> name + " the " + pick(TRADES);
        };
        String doing = pick(ACTIVITIES);
        String sentence = random.nextBoolean()
                ? who + " is " + doing + " " + distance(metres) + " to the " + dir + "."
                : FactBank.cap(distance(metres)) + " to the " + dir + ", " + who + " is " + doing + ".";
        return new Thing(who + ", " + metres + " m " + dir + ", " + doing + ".", sentence, metres);
    }

    private Thing prop(int metres, String dir) {
        if (random.nextInt(3) == 0) { // a group of things, named as a world file would
            String props = random.nextInt(3) == 0 ? names.word() + "s" : pick(PLURAL_PROPS);
            String sentence = random.nextBoolean()
                    ? "There are " + props + " " + distance(metres) + " to the " + dir + "."
                    : FactBank.cap(distance(metres)) + " to the " + dir + " are " + props + ".";
            return new Thing(props + ", " + metres + " m " + dir + ".", sentence, metres);
        }
        String prop = random.nextInt(4) == 0 ? names.word() : pick(PROPS);
        String state = pick(PROP_STATES);
        String thing = FactBank.a(prop) + " " + prop;
        String described =
                state.isEmpty() ? thing : FactBank.a(state.substring(2)) + " " + state.substring(2) + " " + prop;
        String sentence = random.nextBoolean()
                ? FactBank.cap(described) + " stands " + distance(metres) + " to the " + dir + "."
                : "There is " + described + " " + distance(metres) + " to the " + dir + ".";
        return new Thing(thing + ", " + metres + " m " + dir + state + ".", sentence, metres);
    }

    private Thing landmark(String here, int metres, String dir) {
        String where = random.nextInt(3) == 0 ? freshPlace() : pick(PLACES);
        if (where.equals(here)) {
            where = random.nextBoolean() ? "the lake" : "the " + names.name().toLowerCase(Locale.ROOT) + " road";
        }
        String sentence = FactBank.cap(where) + " lies " + distance(metres) + " to the " + dir + ".";
        return new Thing(where + ", " + metres + " m " + dir + ".", sentence, metres);
    }

    /** A place the model never heard of: "Hollis's cottage", "the Quelthorp mill". */
    private String freshPlace() {
        return random.nextBoolean()
                ? names.name() + "'s " + pick(PLACE_KINDS)
                : "the " + names.name() + " " + pick(PLACE_KINDS);
    }

    private String opening(String place, String time, String weather) {
        String when = switch (time) {
            case "dawn" -> "Dawn";
            case "dusk" -> "Dusk";
            case "night" -> "Night";
            default -> "Daylight";
        };
        String sky = switch (weather) {
            case "rain" -> " Rain is falling.";
            case "fog" -> " Fog hangs low.";
            case "snow" -> " Snow is falling.";
            case "wind" -> " A cold wind blows.";
            case "clear" -> " The sky is clear.";
            default -> "";
        };
        return when + " at " + place + "." + sky;
    }

    private static String distance(int metres) {
        return metres <= 3
                ? "close by"
                : metres <= 10 ? "nearby" : metres <= 25 ? "a short walk away" : "in the distance";
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
