package dev.animus.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charts are drawn without a display and come out as real PNG images. */
class PlotsTest {

    @Test
    void lineAndBarChartsAreWrittenAsPngs(@TempDir Path dir) throws Exception {
        Plots.lines(
                dir.resolve("lines.png"),
                "tokens/s",
                "conversations",
                "tokens/s",
                List.of(1, 8, 32),
                Map.of("measured", List.of(190.0, 900.0, 1600.0)),
                true);
        Plots.bars(dir.resolve("bars.png"), "latency", "ms", List.of("a", "b"), Map.of("p50", List.of(3.0, 30.0)));
        for (String name : List.of("lines.png", "bars.png")) {
            BufferedImage image = ImageIO.read(dir.resolve(name).toFile());
            assertEquals(720, image.getWidth(), name);
            assertTrue(Files.size(dir.resolve(name)) > 5_000, name);
        }
    }
}
