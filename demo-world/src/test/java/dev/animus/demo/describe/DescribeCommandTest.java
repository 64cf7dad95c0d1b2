package dev.animus.demo.describe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.perception.SceneView;
import dev.animus.world.Phase;
import dev.animus.world.World;
import dev.animus.world.WorldParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scene views of Lanternfall from its world file, and {@code describe} with the bundled decoder. */
class DescribeCommandTest {
    private static final Path LANTERNFALL = Path.of("../assets/Worlds/lanternfall.world");

    private static World lanternfall() throws Exception {
        return new WorldParser().parse(LANTERNFALL.toString(), Files.readString(LANTERNFALL));
    }

    @Test
    void aViewHoldsWhoIsScheduledThereAndWhatStandsAround() throws Exception {
        World world = lanternfall();
        SceneView forge = SceneView.at(world, "forge", Phase.DAY);
        assertTrue(
                forge.names().contains("Brann the blacksmith")
                        && forge.names().get(0).equals("Brann's forge"),
                forge.names().toString());
        assertTrue(forge.names().contains("anvil"), forge.things().toString());
        assertTrue(
                forge.things().stream().allMatch(t -> t.matches("[^,]+, \\d+ m [a-z]+(, [a-z ]+)?\\.")),
                forge.things().toString());
        assertTrue(forge.things().size() <= SceneView.MOST);
        assertTrue(
                forge.prompt().render().startsWith("<|scene|>Brann's forge, day\n"),
                forge.prompt().render());

        // A faithful description names only what is in view.
        assertEquals(List.of(), forge.absentNames(world, "Brann the blacksmith works at the anvil."));
        assertEquals(List.of("Sister Aldine the healer"), forge.absentNames(world, "Aldine prays nearby."));
        assertEquals(
                "Daylight at Brann's forge. An anvil stands close by.",
                forge.faithful(
                        world,
                        "Daylight at Brann's forge. Aldine prays nearby. Baeln the blacksmith is working. An anvil stands close by."),
                "sentences naming someone elsewhere, or a name the view never gave, are dropped");
        assertEquals(
                "Daylight at Brann's forge.",
                forge.faithful(world, "Baeln is here."),
                "nothing left: the plain opening");

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SceneView.at(world, "moon", Phase.DAY));
        assertTrue(
                e.getMessage().contains("Unknown place 'moon'")
                        && e.getMessage().contains("forge"),
                e.getMessage());
    }

    @Test
    void describePrintsTheViewAndTheDecodersDescription() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = DescribeCommand.run(
                List.of("--world", LANTERNFALL.toString(), "--at", "pier", "--time", "dawn"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.startsWith("the pier, dawn:\n  sees "), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("  \"") && l.length() > 4), text);
        System.getLogger("test").log(System.Logger.Level.INFO, text);
        assertThrows(
                IllegalArgumentException.class,
                () -> DescribeCommand.run(
                        List.of("--world", LANTERNFALL.toString(), "--at", "pier", "--time", "noon"),
                        System.out,
                        System.err));
    }

    @Test
    void everyPlaceAtEveryTimeIsDescribedNamingOnlyWhatIsThere() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = DescribeCommand.run(
                List.of("--world", LANTERNFALL.toString(), "--at", "all"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        String summary = text.lines()
                .filter(l -> l.startsWith("32 scenes:"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no summary for 8 places x 4 times: " + text));
        // What the decoder wrote may name what is elsewhere (the rate is reported); what is shown never does.
        assertTrue(summary.endsWith("after dropping those sentences, 0"), summary);
        System.getLogger("test").log(System.Logger.Level.INFO, summary);
    }
}
