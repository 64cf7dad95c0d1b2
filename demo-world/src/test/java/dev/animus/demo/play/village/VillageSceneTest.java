package dev.animus.demo.play.village;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.asset.DesktopAssetManager;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import com.jme3.terrain.geomipmap.TerrainQuad;
import dev.animus.world.Phase;
import dev.animus.world.Place;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The village's scene graph, built from real world files with jME's real asset manager and the
 * test data (no window needed): a node per building, the ground at the plan's heights, lanterns
 * that light at dusk and go out at dawn, lights over the lake when an event about them fires.
 */
class VillageSceneTest {

    @Test
    void lanternfallIsBuiltWithItsBuildingsGroundAndLights() throws Exception {
        World world = VillagePlanTest.read(VillagePlanTest.LANTERNFALL);
        Node root = new Node("root");
        VillageScene village = new VillageScene(new DesktopAssetManager(true));
        village.build(world, root, null, Graphics.HIGH);
        root.updateGeometricState();
        for (Place p : world.places()) {
            if (!PlaceKind.of(p).open()) {
                assertNotNull(root.getChild(p.name()), "no building for " + p.id());
            }
            assertEquals(p.at().y(), village.groundHeight(p.at().x(), p.at().z()), 0.3f, p.id());
        }
        assertTrue(root.getChild("ground") instanceof TerrainQuad, "the ground is a jME terrain");
        assertNotNull(root.getChild("trees"));
        assertEquals(
                2,
                root.descendantMatches(com.jme3.effect.ParticleEmitter.class).size(),
                "flames on the forge's hearth and on the forge fire, not baked into a batch");
        assertTrue(names(root).contains("pier planks") || names(root).stream().anyMatch(n -> n.contains("batch")));

        village.show(Phase.DAY, null);
        assertFalse(village.lanternsLit());
        village.show(Phase.DUSK, null);
        assertTrue(village.lanternsLit(), "lanterns light at dusk");
        village.show(Phase.DAWN, null);
        assertFalse(village.lanternsLit(), "and go out at dawn");

        assertFalse(village.lightsOverWater());
        village.event("lake_lights");
        assertTrue(village.lightsOverWater(), "the green lights come out over Mirrormere");
        village.update(Lake.LIGHTS_SECONDS + 1);
        assertFalse(village.lightsOverWater(), "and fade");
    }

    @Test
    void anEditThatMovesAPlaceMovesItsBuilding() throws Exception {
        String text = Files.readString(VillagePlanTest.LANTERNFALL);
        World world = new WorldParser().parse("lanternfall.world", text);
        Node root = new Node("root");
        VillageScene village = new VillageScene(new DesktopAssetManager(true));
        village.build(world, root, null, Graphics.LOW);
        village.show(Phase.NIGHT, null);
        root.updateGeometricState();
        // Batched, a building's geometry is in world space: where it stands is its bound's centre.
        float before = where((Node) root.getChild("Brann's forge"));
        assertTrue(before > 18 && before < 30, "the forge beside its place: " + before);

        World moved = new WorldParser().parse("lanternfall.world", text.replace("at: [18, 0, 0]", "at: [48, 0, 0]"));
        village.rebuild(moved);
        root.updateGeometricState();
        List<Spatial> forges = new ArrayList<>();
        root.depthFirstTraversal(s -> {
            if ("Brann's forge".equals(s.getName())) {
                forges.add(s);
            }
        });
        assertEquals(1, forges.size(), "the old forge is gone");
        float after = where((Node) forges.get(0));
        assertTrue(after > 48 && after < 60, "the forge stands by its new place: " + after);
        assertEquals(
                1,
                root.getChildren().stream()
                        .filter(c -> c.getName().equals("trees"))
                        .count());
        assertTrue(village.lanternsLit(), "still night, the lanterns still lit");
        assertEquals(0, village.groundHeight(48, 0), 0.3f);
    }

    @Test
    void aDesertCaravanIsBuiltAsItsOwnPlace() throws Exception {
        World world = VillagePlanTest.read(VillagePlanTest.EVAL_WORLDS.resolve("sand_caravan.world"));
        Node root = new Node("root");
        VillageScene village = new VillageScene(new DesktopAssetManager(true));
        village.build(world, root, null, Graphics.LOW);
        root.updateGeometricState();
        assertNotNull(root.getChild("the night camp"), "the camp's tent");
        assertNotNull(root.getChild("the cooking fire"));
        assertEquals(14, village.groundHeight(0, -60), 0.3f, "the great dune");
        village.event("lights");
        assertFalse(village.lightsOverWater(), "no water, no lights over it");
    }

    /** The x of a building's batched walls and roof (its flames' particles live in world space). */
    private static float where(Node building) {
        return building.getChildren().stream()
                .filter(c -> c instanceof com.jme3.scene.Geometry && !(c instanceof com.jme3.effect.ParticleEmitter))
                .findFirst()
                .orElseThrow()
                .getWorldBound()
                .getCenter()
                .x;
    }

    private static List<String> names(Node root) {
        List<String> names = new ArrayList<>();
        root.depthFirstTraversal((Spatial s) -> names.add(s.getName()));
        return names;
    }
}
