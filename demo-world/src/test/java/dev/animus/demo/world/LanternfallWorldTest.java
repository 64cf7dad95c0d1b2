package dev.animus.demo.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.world.Action;
import dev.animus.world.Behaviour;
import dev.animus.world.NpcDefinition;
import dev.animus.world.Phase;
import dev.animus.world.Prop;
import dev.animus.world.Trigger;
import dev.animus.world.World;
import dev.animus.world.WorldEvent;
import dev.animus.world.WorldParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Lanternfall world file carries everything in demo-world/SPEC.md. */
class LanternfallWorldTest {
    static final String FILE = "Worlds/lanternfall.world";

    static World lanternfall() throws IOException {
        try (InputStream in = LanternfallWorldTest.class.getClassLoader().getResourceAsStream(FILE)) {
            return new WorldParser().parse(FILE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private final World world;

    LanternfallWorldTest() throws IOException {
        world = lanternfall();
    }

    private NpcDefinition npc(String id) {
        return world.npc(id).orElseThrow(() -> new AssertionError("no npc " + id));
    }

    private Behaviour behaviour(String npc, String id) {
        return npc(npc).behaviours().stream()
                .filter(b -> b.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no behaviour " + npc + "." + id));
    }

    @Test
    void theVillageItsPlacesPropsAndEvents() {
        assertEquals("Lanternfall", world.name());
        assertTrue(world.description().contains("Mirrormere"));
        assertEquals(600, world.dayLengthSeconds(), "a day lasts 10 real minutes");
        Set<String> places = world.places().stream().map(p -> p.id()).collect(Collectors.toSet());
        assertTrue(
                places.containsAll(Set.of("square", "forge", "tavern", "pier", "chapel", "north_gate", "old_mill")),
                places.toString());
        // Directions from the square: forge east, tavern north, pier south, chapel west, mill north-west.
        assertTrue(world.place("forge").orElseThrow().at().x() > 0);
        assertTrue(world.place("tavern").orElseThrow().at().z() < 0);
        assertTrue(world.place("pier").orElseThrow().at().z() > 0);
        assertTrue(world.place("chapel").orElseThrow().at().x() < 0);
        assertTrue(world.place("old_mill").orElseThrow().at().x() < 0
                && world.place("old_mill").orElseThrow().at().z() < 0);
        Set<String> kinds = world.props().stream().map(Prop::kind).collect(Collectors.toSet());
        assertTrue(
                kinds.containsAll(Set.of(
                        "anvil",
                        "forge fire",
                        "barrels",
                        "crates",
                        "a cart",
                        "the well",
                        "lanterns on posts",
                        "fishing boats",
                        "nets",
                        "candles",
                        "the chapel bell",
                        "herb baskets",
                        "the gate and its torches",
                        "the mill wheel")),
                kinds.toString());
        assertEquals(
                Set.of("chapel_bell", "lake_lights", "rain_starts", "rain_stops"),
                world.events().stream().map(WorldEvent::id).collect(Collectors.toSet()));
    }

    @Test
    void sixNpcsWithEveryFactOfTheSpec() {
        assertEquals(
                List.of("brann", "mira", "hollis", "vey", "aldine", "pip"),
                world.npcs().stream().map(NpcDefinition::id).toList());
        Map<String, List<String>> facts = Map.of(
                "brann",
                        List.of(
                                "An iron sword costs 40 silver.",
                                "An axe costs 25 silver.",
                                "He repairs armour by noon the next day.",
                                "His apprentice Tilda ran off to the capital last winter.",
                                "The forge fire has never gone out in three generations.",
                                "He thinks the mayor's new tax is robbery."),
                "mira",
                        List.of(
                                "A room costs 5 silver a night.",
                                "Today's stew is eel stew.",
                                "The tavern is called the Drowned Lantern.",
                                "She heard that lights were seen over the lake at night.",
                                "The fisherman Hollis saw the lights first."),
                "hollis",
                        List.of(
                                "The lake is called Mirrormere.",
                                "He saw green lights over the water three nights ago.",
                                "The best fishing is at dawn.",
                                "He lost his boat, the Gull, in a storm last spring."),
                "vey",
                        List.of(
                                "The north gate closes at sundown.",
                                "Bandits raid the north road.",
                                "Drawn weapons are forbidden in the market.",
                                "The reward for the bandit leader Red Hask is 100 silver."),
                "aldine",
                        List.of(
                                "A healing potion costs 15 silver.",
                                "She gathers herbs in the marsh.",
                                "She believes the lake lights are the spirits of the drowned.",
                                "She treats the poor for free."),
                "pip",
                        List.of(
                                "Pip knows a secret path behind the old mill.",
                                "Pip wants a copper coin before telling secrets.",
                                "Pip is scared of the lake lights."));
        facts.forEach((id, expected) -> assertEquals(expected, npc(id).facts(), id));
        Map<String, String> names = Map.of(
                "brann",
                "Brann the blacksmith",
                "mira",
                "Mira the innkeeper",
                "hollis",
                "Old Hollis the fisherman",
                "vey",
                "Captain Vey of the watch",
                "aldine",
                "Sister Aldine the healer",
                "pip",
                "Pip the village child");
        names.forEach((id, name) -> assertEquals(name, npc(id).name()));
        assertTrue(npc("brann").persona().contains("Gruff")
                && npc("brann").persona().contains("craft"));
        assertTrue(npc("mira").persona().contains("\"love\""));
        assertTrue(npc("hollis").persona().contains("melancholic"));
        assertTrue(npc("vey").persona().contains("distrustful of strangers"));
        assertTrue(npc("aldine").persona().contains("mysterious"));
        assertTrue(npc("pip").persona().contains("bargaining"));
        world.npcs().forEach(n -> assertTrue(n.fallbackLines().size() >= 2, n.id() + " needs fallback lines"));
    }

    @Test
    void theSpecsBehavioursAndSchedules() {
        Behaviour greet = behaviour("brann", "greet_stranger");
        assertEquals(new Trigger.PlayerWithin(4), greet.trigger());
        assertTrue(greet.oncePerDay());
        assertEquals(
                new Trigger.WeaponDrawnWithin(8),
                behaviour("brann", "weapon_drawn_nearby").trigger());
        assertTrue(behaviour("brann", "close_the_forge").actions().contains(new Action.WalkTo("tavern")));
        assertEquals("work", npc("brann").scheduleAt(Phase.DAY).activity());
        assertEquals("sleep", npc("brann").scheduleAt(Phase.NIGHT).activity());

        assertEquals(new Trigger.Enters("tavern"), behaviour("mira", "welcome").trigger());
        assertTrue(behaviour("mira", "welcome").actions().contains(new Action.Animate("wave")));
        assertEquals("work", npc("mira").scheduleAt(Phase.NIGHT).activity(), "serves until late");

        assertEquals(List.of("pier"), npc("hollis").scheduleAt(Phase.DAY).route());
        assertEquals(List.of("pier"), npc("hollis").scheduleAt(Phase.DUSK).route(), "fishes from dawn to dusk");
        assertEquals("sleep", npc("hollis").scheduleAt(Phase.NIGHT).activity());

        assertEquals(
                List.of("north_gate", "square"),
                npc("vey").scheduleAt(Phase.DAY).route(),
                "patrol loop");
        assertEquals(List.of("north_gate"), npc("vey").scheduleAt(Phase.NIGHT).route());
        assertEquals(
                new Trigger.WeaponDrawnWithin(10),
                behaviour("vey", "confront_weapon").trigger());

        assertEquals(
                new Trigger.TimeOfDay(Phase.DUSK),
                behaviour("aldine", "ring_the_bell").trigger());
        assertTrue(behaviour("aldine", "ring_the_bell").actions().contains(new Action.Raise("chapel_bell")));
        assertEquals(
                new Trigger.PlayerHealthBelow(30, 12),
                behaviour("aldine", "offer_healing").trigger());

        assertEquals(new Trigger.Given("coin"), behaviour("pip", "paid").trigger());
        assertTrue(behaviour("pip", "paid").actions().contains(new Action.Follow("player", 60)));
        assertTrue(behaviour("pip", "weapon_drawn").actions().contains(new Action.Flee("them", 15)));
    }
}
