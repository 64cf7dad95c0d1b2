package dev.animus.demo.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int check(String... files) {
        return CheckCommand.run(
                List.of(files),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void lanternfallIsValid() {
        Path lanternfall = Path.of(System.getProperty("animus.assets.dir", "../assets"), "Worlds/lanternfall.world");
        assertEquals(0, check(lanternfall.toString()), err.toString());
        assertEquals(
                lanternfall + ": OK: world 'Lanternfall', 8 places, 15 props, 4 events, 6 NPCs, 19 behaviours\n",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyProblemOfEveryFileIsPrintedAndTheExitCodeIsOne(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(
                dir.resolve("bad.world"), "animus: 1\nworld: {id: t, name: T}\nnpcs:\n  - {id: pip, name: Pip}\n");
        Path missing = dir.resolve("missing.world");
        assertEquals(1, check(bad.toString(), missing.toString()));
        assertEquals(
                bad + ":4:5: an npc is missing 'persona'\n"
                        + missing + ":1:1: cannot read the file: NoSuchFileException " + missing + "\n"
                        + "2 problems\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theGamesActionsAreNamedWithAction(@TempDir Path dir) throws Exception {
        Path shop = Files.writeString(dir.resolve("shop.world"), """
                animus: 1
                world: {id: s, name: S}
                npcs:
                  - id: smith
                    name: Smith
                    persona: gruff
                    behaviours:
                      - {id: shop, when: {spoken_to: true}, do: [{open_shop: forge}]}
                """);
        assertEquals(1, check(shop.toString()), "unknown without --action");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown key 'open_shop'"), err.toString());
        assertEquals(0, check("--action", "open_shop", shop.toString()), err.toString());
    }
}
