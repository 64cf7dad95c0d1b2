package dev.animus.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.model.encoder.Embedding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saves in a real SQLite file: round trips, and clear errors for files that are not right. */
class MemoryStoreTest {

    static WorldSave save(String world, double clock, double coins) {
        Embedding e = Embedding.of(new float[] {0.6f, 0.8f, 0});
        return new WorldSave(
                world,
                clock,
                Map.of("vey", Map.of("coins", coins, "mood", "wary")),
                Map.of(
                        "vey",
                        List.of(
                                new Memory("The stranger threatened me.", 12.5, 0.9f, e),
                                new Memory("The stranger gave me a coin.", 30, 0.6f, e),
                                new Memory("I hid the key under the mat.", 31, 0.7f, e, null, true),
                                new Memory(
                                        "Mira told me: Captain Vey saw the stranger at the gate.",
                                        40,
                                        0.58f,
                                        e,
                                        new Hearsay(
                                                "mira",
                                                "Mira",
                                                "vey",
                                                "Captain Vey",
                                                "Captain Vey saw the stranger at the gate.",
                                                2),
                                        false))));
    }

    @Test
    void aSaveOfTheFirstFormatLoadsAsWitnessedMemoriesAndIsSavedOver(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.save.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                java.sql.Statement st = c.createStatement()) { // the tables as format 1 wrote them
            st.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            st.execute("CREATE TABLE variables (npc TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,"
                    + " value TEXT NOT NULL, PRIMARY KEY (npc, name))");
            st.execute(
                    "CREATE TABLE memories (npc TEXT NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL,"
                            + " time REAL NOT NULL, importance REAL NOT NULL, embedding BLOB NOT NULL, PRIMARY KEY (npc, seq))");
            st.execute("INSERT INTO meta VALUES ('format', '1'), ('world', 'w'), ('clock', '5.0')");
            st.execute("INSERT INTO memories VALUES ('vey', 0, 'The stranger threatened me.', 1.0, 0.9,"
                    + " X'0000803F')"); // one float, 1.0
        }
        Memory old = MemoryStore.load(file, "w").memories().get("vey").get(0);
        assertEquals("The stranger threatened me.", old.text());
        assertEquals(null, old.hearsay(), "witnessed");
        assertEquals(false, old.secret());
        MemoryStore.save(file, save("w", 6, 1));
        assertEquals(save("w", 6, 1), MemoryStore.load(file, "w"), "the old file now holds the new format");
    }

    @Test
    void aSaveRoundTripsAndASecondSaveReplacesTheFirst(@TempDir Path dir) {
        Path file = dir.resolve("saves/lanternfall.save.db");
        MemoryStore.save(file, save("lanternfall", 100, 1));
        MemoryStore.save(file, save("lanternfall", 200, 2));
        WorldSave loaded = MemoryStore.load(file, "lanternfall");
        assertEquals(save("lanternfall", 200, 2), loaded);
        assertEquals(0.8f, loaded.memories().get("vey").get(0).embedding().get(1), 0f, "embeddings survive exactly");
    }

    @Test
    void filesThatAreNotTheRightSaveSayWhatToDo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.save.db");
        SaveFileException missing = assertThrows(SaveFileException.class, () -> MemoryStore.load(file, "w"));
        assertTrue(missing.getMessage().startsWith("No save file at "), missing.getMessage());

        MemoryStore.save(file, save("w", 1, 1));
        SaveFileException other = assertThrows(SaveFileException.class, () -> MemoryStore.load(file, "elsewhere"));
        assertTrue(other.getMessage().contains("is a save of world 'w', not of 'elsewhere'"), other.getMessage());
        SaveFileException overwrite =
                assertThrows(SaveFileException.class, () -> MemoryStore.save(file, save("elsewhere", 1, 1)));
        assertTrue(overwrite.getMessage().contains("it was not overwritten"), overwrite.getMessage());
        assertEquals(save("w", 1, 1), MemoryStore.load(file, "w"), "the other world's save was refused, not mixed in");

        Path junk = Files.write(
                dir.resolve("junk.save.db"),
                "this is not a database, just text".repeat(100).getBytes());
        SaveFileException corrupt = assertThrows(SaveFileException.class, () -> MemoryStore.load(junk, "w"));
        assertTrue(corrupt.getMessage().startsWith(junk + " cannot be read as an Animus save"), corrupt.getMessage());
        assertEquals(junk, corrupt.file());
    }
}
