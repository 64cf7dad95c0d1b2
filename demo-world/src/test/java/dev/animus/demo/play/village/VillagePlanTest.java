package dev.animus.demo.play.village;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import dev.animus.world.Place;
import dev.animus.world.Prop;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The village is laid out from the world file alone: Lanternfall reads as a lakeside village,
 * and worlds written for other purposes (the held-out evaluation worlds) as their own places.
 */
class VillagePlanTest {
    static final Path LANTERNFALL = Path.of("..", "assets", "Worlds", "lanternfall.world");
    static final Path EVAL_WORLDS = Path.of("src", "main", "resources", "eval", "worlds");

    static World read(Path file) throws IOException {
        return new WorldParser().parse(file.toString(), Files.readString(file));
    }

    @Test
    void lanternfallsPlacesBecomeTheBuildingsTheirWordsDescribe() throws IOException {
        VillagePlan plan = VillagePlan.of(read(LANTERNFALL));
        Map<String, PlaceKind> kinds = new HashMap<>();
        plan.sites().forEach(s -> kinds.put(s.place().id(), s.kind()));
        assertEquals(
                Map.of(
                        "square", PlaceKind.OPEN,
                        "forge", PlaceKind.FORGE, // "a smoky smithy east of the square": a smithy
                        "tavern", PlaceKind.TAVERN,
                        "pier", PlaceKind.PIER,
                        "chapel", PlaceKind.CHAPEL,
                        "north_gate", PlaceKind.GATE,
                        "old_mill", PlaceKind.MILL,
                        "hollis_cottage", PlaceKind.COTTAGE),
                kinds);
        assertEquals(VillagePlan.Ground.MEADOW, plan.ground());
        assertEquals(new Vector3f(0, 0, 0), plan.heart(), "the market square is the heart");
    }

    @Test
    void mirrormereLiesSouthBeyondThePierAndEveryPlaceIsDry() throws IOException {
        World world = read(LANTERNFALL);
        VillagePlan plan = VillagePlan.of(world);
        VillagePlan.Shore shore = plan.shore().orElseThrow(() -> new AssertionError("no lake"));
        assertTrue(shore.lake(), "a lake, with a far shore");
        assertTrue(shore.dz() > 0.9f, "the water lies south, where the pier and the fisherman are: " + shore);
        for (Place p : world.places()) {
            assertFalse(plan.underWater(p.at().x(), p.at().z()), p.id() + " is under water");
            assertEquals(p.at().y(), plan.height(p.at().x(), p.at().z()), 0.3f, p.id() + "'s ground");
        }
        Place pier = world.places().stream()
                .filter(p -> p.id().equals("pier"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                plan.underWater(pier.at().x() + shore.dx() * 16, pier.at().z() + shore.dz() * 16),
                "the pier reaches out over the water");
        for (Prop p : world.props()) {
            Vector3f at = plan.propAt(p);
            if (p.kind().contains("boat")) {
                assertTrue(plan.underWater(at.x, at.z), "boats float: " + at);
            } else {
                assertFalse(plan.underWater(at.x, at.z), p.id() + " is dry");
            }
        }
    }

    @Test
    void buildingsStandBesideTheirPlacesDoorsTowardsThemAndTreesKeepClear() throws IOException {
        for (Path file : worlds()) {
            World world = read(file);
            VillagePlan plan = VillagePlan.of(world);
            for (VillagePlan.Site s : plan.sites()) {
                Place p = s.place();
                if (s.kind().open()) {
                    continue;
                }
                Vector3f door =
                        new Quaternion().fromAngleAxis(s.yaw(), Vector3f.UNIT_Y).mult(Vector3f.UNIT_Z);
                Vector3f toPlace = VillagePlan.v(p.at()).subtract(s.building()).setY(0);
                assertTrue(door.dot(toPlace) > 0, file + ": the door of " + p.id() + " faces away from it");
                assertTrue(
                        toPlace.length() > s.depth() / 2,
                        file + ": " + p.id() + "'s villagers would stand inside its building");
                assertFalse(plan.underWater(s.building().x, s.building().z), file + ": " + p.id() + " in the water");
            }
            for (Vector3f t : plan.trees()) {
                assertFalse(plan.underWater(t.x, t.z), file + ": a tree in the water at " + t);
                for (Place p : world.places()) {
                    assertTrue(
                            VillagePlan.flatDistance(t, VillagePlan.v(p.at())) > p.radius(),
                            file + ": a tree in " + p.id());
                }
            }
            Vector3f arrival = plan.arrival();
            assertFalse(plan.underWater(arrival.x, arrival.z), file + ": the player arrives in the water");
            assertEquals(arrival.y, plan.height(arrival.x, arrival.z), 1e-3f);
        }
    }

    @Test
    void otherWorldsAreTheirOwnPlaces() throws IOException {
        VillagePlan caravan = VillagePlan.of(read(EVAL_WORLDS.resolve("sand_caravan.world")));
        assertEquals(VillagePlan.Ground.SAND, caravan.ground());
        assertTrue(caravan.shore().isEmpty(), "no water in the desert");
        assertEquals(List.of(PlaceKind.TENT, PlaceKind.OPEN, PlaceKind.FIRE), kinds(caravan));
        assertEquals(14, caravan.height(0, -60), 0.3f, "the dune's crest stands 14 m up, as its file says");
        VillagePlan ship = VillagePlan.of(read(EVAL_WORLDS.resolve("crimson_gannet.world")));
        assertFalse(ship.shore().orElseThrow().lake(), "a ship's world has the open sea");
        VillagePlan office = VillagePlan.of(read(EVAL_WORLDS.resolve("brightline_office.world")));
        assertEquals(VillagePlan.Ground.PAVED, office.ground());
        assertTrue(office.shore().isEmpty());
    }

    @Test
    void aPlaceIsKnownByTheLastWordOfItsNameThenByItsDescription() {
        assertEquals(PlaceKind.GATE, PlaceKind.of(place("mill_gate", "the mill gate", "Where the road leaves.")));
        assertEquals(PlaceKind.FORGE, PlaceKind.of(place("east", "Oda's smithy", "Beside the market square.")));
        assertEquals(PlaceKind.CHAPEL, PlaceKind.of(place("b", "the old building", "A temple to the moon.")));
        assertEquals(PlaceKind.COTTAGE, PlaceKind.of(place("x", "Nowhere in particular", "Quiet.")));
    }

    @Test
    void theGroundIsPaintedWithPathsSquaresAndTheBeach() throws IOException {
        VillagePlan plan = VillagePlan.of(read(LANTERNFALL));
        float[] square = plan.paint(2, 2);
        assertEquals(1, square[2], 1e-3f, "the square is cobbled");
        float[] meadow = plan.paint(-60, -80);
        assertEquals(1, meadow[0], 1e-3f, "far from everything, grass");
        VillagePlan.Shore s = plan.shore().orElseThrow();
        float[] beach = plan.paint(s.dx() * s.at() - 40 * s.dz(), s.dz() * s.at() + 40 * s.dx());
        assertTrue(beach[1] > 0.9f, "sand along the shore");
        for (float x = -100; x <= 100; x += 13) {
            for (float z = -100; z <= 100; z += 17) {
                float[] w = plan.paint(x, z);
                assertEquals(1, w[0] + w[1] + w[2], 1e-4f);
            }
        }
    }

    private static List<PlaceKind> kinds(VillagePlan plan) {
        return plan.sites().stream().map(VillagePlan.Site::kind).toList();
    }

    private static Place place(String id, String name, String description) {
        return new Place(id, name, description, new dev.animus.world.Vec3(0, 0, 0), 5, null);
    }

    static List<Path> worlds() throws IOException {
        try (Stream<Path> eval = Files.list(EVAL_WORLDS)) {
            return Stream.concat(
                            Stream.of(LANTERNFALL),
                            eval.filter(p -> p.toString().endsWith(".world")).sorted())
                    .toList();
        }
    }
}
