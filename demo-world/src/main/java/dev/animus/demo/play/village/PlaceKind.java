package dev.animus.demo.play.village;

import dev.animus.world.Place;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a place looks like, read from the words a writer used for it: its id and name first
 * (a "smithy east of the square" is a smithy), then its description. A place the demo has no
 * model for becomes a cottage with its name on a sign, so every world file can be played.
 */
public enum PlaceKind {
    /** An open space: a square, a yard, a crest; paved or trodden, no building. */
    OPEN(
            true,
            "square",
            "plaza",
            "market",
            "courtyard",
            "yard",
            "green",
            "field",
            "crest",
            "clearing",
            "playground",
            "garden",
            "meadow",
            "ring",
            "crossroads",
            "commons",
            "deck",
            "quarterdeck",
            "park",
            "lookout"),
    FORGE(false, "forge", "smithy", "smith", "blacksmith", "foundry", "anvil", "workshop"),
    TAVERN(
            false,
            "tavern",
            "inn",
            "alehouse",
            "pub",
            "bar",
            "saloon",
            "taproom",
            "canteen",
            "galley",
            "kitchen",
            "dining"),
    CHAPEL(false, "chapel", "church", "temple", "shrine", "abbey", "cathedral", "monastery", "mosque", "kirk"),
    MILL(false, "mill", "windmill", "watermill", "granary"),
    GATE(true, "gate", "gateway", "arch", "bridge", "entrance"),
    PIER(true, "pier", "dock", "jetty", "wharf", "quay", "harbour", "harbor", "landing", "boathouse", "marina"),
    FIRE(true, "fire", "campfire", "bonfire", "firepit", "hearth"),
    TOWER(false, "tower", "lighthouse", "keep", "belfry", "watchtower"),
    HALL(
            false,
            "hall",
            "office",
            "school",
            "academy",
            "hospital",
            "council",
            "chamber",
            "library",
            "bank",
            "station",
            "ward",
            "theatre",
            "corridor",
            "lobby",
            "counter",
            "barracks",
            "manor",
            "palace",
            "castle",
            "floor",
            "car",
            "compartment",
            "museum"),
    TENT(false, "tent", "camp", "encampment", "yurt", "pavilion", "stall", "booth"),
    COTTAGE(
            false,
            "cottage",
            "house",
            "hut",
            "home",
            "shack",
            "cabin",
            "farm",
            "farmhouse",
            "shop",
            "shed",
            "store",
            "bakery",
            "closet",
            "cupboard");

    private final boolean open;
    private final Set<String> words;

    PlaceKind(boolean open, String... words) {
        this.open = open;
        this.words = Set.of(words);
    }

    /** @return whether the place is open ground rather than a building */
    public boolean open() {
        return open;
    }

    /**
     * @param place a place of a world file
     * @return its kind: by its id and name, else by its description, else a cottage
     */
    public static PlaceKind of(Place place) {
        PlaceKind named = byWords(Words.of(place.id() + " " + place.name()));
        if (named != null) {
            return named;
        }
        PlaceKind described = byWords(Words.of(place.description()));
        return described != null ? described : COTTAGE;
    }

    /** The kind whose word comes last in the phrase: "the mill gate" is a gate, "a gate mill" a mill. */
    private static PlaceKind byWords(List<String> words) {
        for (int i = words.size() - 1; i >= 0; i--) {
            String w = words.get(i);
            for (PlaceKind k : values()) {
                if (k.words.contains(w) || w.endsWith("s") && k.words.contains(w.substring(0, w.length() - 1))) {
                    return k;
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
