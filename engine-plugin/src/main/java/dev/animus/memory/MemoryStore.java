package dev.animus.memory;

import dev.animus.model.encoder.Embedding;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads {@link WorldSave}s in an SQLite database file (one file per world).
 * <p>A save replaces the previous one in a single transaction, with SQLite's write-ahead log
 * and full synchronisation: if the process dies or is killed at any point, the file opens
 * with the previous save or the new one, whole, never a mix. Call from a background thread;
 * each call opens and closes its own connection, so calls are independent. Thread-safe.
 */
public final class MemoryStore {
    /** The layout version written into each save. */
    /** 2: memories say who told them and whether they are secret (format 1 files load as witnessed, not secret). */
    static final int FORMAT = 2;

    static {
        try { // a shaded or repackaged jar may not register the driver by itself
            Class.forName("org.sqlite.JDBC");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "The SQLite driver is missing: add org.xerial:sqlite-jdbc to the class path", e);
        }
    }

    private MemoryStore() {}

    /**
     * Writes a save, replacing what the file held.
     *
     * @param file the database file (created with its folders if missing)
     * @param save what to write
     * @throws SaveFileException naming the file and the cause (disk full, not writable, not a save)
     */
    public static void save(Path file, WorldSave save) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new SaveFileException(
                    file, "Cannot create the folder of the save file " + file + ": " + e.getMessage(), e);
        }
        try (Connection c = open(file)) {
            createTables(c);
            c.setAutoCommit(false);
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'world'")) {
                if (rs.next() && !rs.getString(1).equals(save.worldId())) {
                    throw new SaveFileException(
                            file,
                            file + " holds a save of world '" + rs.getString(1)
                                    + "'; it was not overwritten with world '" + save.worldId()
                                    + "'. Save to another file.",
                            null);
                }
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM meta");
                st.executeUpdate("DELETE FROM variables");
                st.executeUpdate("DELETE FROM memories");
            }
            try (PreparedStatement meta = c.prepareStatement("INSERT INTO meta(key, value) VALUES (?, ?)")) {
                for (String[] kv : new String[][] {
                    {"format", Integer.toString(FORMAT)},
                    {"world", save.worldId()},
                    {"clock", Double.toString(save.clockSeconds())}
                }) {
                    meta.setString(1, kv[0]);
                    meta.setString(2, kv[1]);
                    meta.addBatch();
                }
                meta.executeBatch();
            }
            try (PreparedStatement var =
                    c.prepareStatement("INSERT INTO variables(npc, name, kind, value) VALUES (?, ?, ?, ?)")) {
                for (var npc : save.variables().entrySet()) {
                    for (var v : npc.getValue().entrySet()) {
                        var.setString(1, npc.getKey());
                        var.setString(2, v.getKey());
                        var.setString(3, v.getValue() instanceof Number ? "number" : "text");
                        var.setString(4, v.getValue().toString());
                        var.addBatch();
                    }
                }
                var.executeBatch();
            }
            try (PreparedStatement mem = c.prepareStatement(
                    "INSERT INTO memories(npc, seq, text, time, importance, embedding, secret, heard_from,"
                            + " heard_from_name, witness, witness_name, content, hops)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (var npc : save.memories().entrySet()) {
                    int seq = 0;
                    for (Memory m : npc.getValue()) {
                        mem.setString(1, npc.getKey());
                        mem.setInt(2, seq++);
                        mem.setString(3, m.text());
                        mem.setDouble(4, m.time());
                        mem.setDouble(5, m.importance());
                        mem.setBytes(6, bytes(m.embedding()));
                        mem.setInt(7, m.secret() ? 1 : 0);
                        Hearsay h = m.hearsay();
                        mem.setString(8, h == null ? null : h.fromId());
                        mem.setString(9, h == null ? null : h.fromName());
                        mem.setString(10, h == null ? null : h.witnessId());
                        mem.setString(11, h == null ? null : h.witnessName());
                        mem.setString(12, h == null ? null : h.content());
                        mem.setInt(13, h == null ? 0 : h.hops());
                        mem.addBatch();
                    }
                }
                mem.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new SaveFileException(
                    file,
                    "Could not save to " + file + ": " + e.getMessage()
                            + ". The previous save in that file is intact. Check the disk has space and the file is writable.",
                    e);
        }
    }

    /**
     * Reads the save in a file.
     *
     * @param file the database file
     * @param worldId the world it must belong to
     * @return the save
     * @throws SaveFileException if the file is missing, not an Animus save, of another world,
     *     or of a newer format, naming the file and what to do
     */
    public static WorldSave load(Path file, String worldId) {
        if (!Files.isRegularFile(file)) {
            throw new SaveFileException(
                    file,
                    "No save file at " + file.toAbsolutePath() + ". Save the world first," + " or check the path.",
                    null);
        }
        try (Connection c = open(file)) {
            Map<String, String> meta = new HashMap<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT key, value FROM meta")) {
                while (rs.next()) {
                    meta.put(rs.getString(1), rs.getString(2));
                }
            }
            if (!meta.containsKey("format")) {
                throw new SaveFileException(file, file + " holds no save yet (an earlier save never completed).", null);
            }
            int format = Integer.parseInt(meta.get("format"));
            if (format > FORMAT) {
                throw new SaveFileException(
                        file,
                        file + " was written by a newer Animus (save format " + format + "; this one reads up to "
                                + FORMAT + "). Update Animus to load it.",
                        null);
            }
            if (!worldId.equals(meta.get("world"))) {
                throw new SaveFileException(
                        file,
                        file + " is a save of world '" + meta.get("world") + "', not of '" + worldId
                                + "'. Load it with its own world, or pick another file.",
                        null);
            }
            Map<String, Map<String, Object>> variables = new HashMap<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT npc, name, kind, value FROM variables")) {
                while (rs.next()) {
                    Object value = "number".equals(rs.getString(3))
                            ? (Object) Double.valueOf(rs.getString(4))
                            : rs.getString(4);
                    variables
                            .computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .put(rs.getString(2), value);
                }
            }
            Map<String, List<Memory>> memories = new HashMap<>();
            boolean provenance = hasProvenance(c); // format 1 saves have none: all witnessed, none secret
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT npc, text, time, importance, embedding"
                            + (provenance
                                    ? ", secret, heard_from, heard_from_name, witness, witness_name, content, hops"
                                    : "")
                            + " FROM memories ORDER BY npc, seq")) {
                while (rs.next()) {
                    Hearsay hearsay = provenance && rs.getString(7) != null
                            ? new Hearsay(
                                    rs.getString(7),
                                    rs.getString(8),
                                    rs.getString(9),
                                    rs.getString(10),
                                    rs.getString(11),
                                    rs.getInt(12))
                            : null;
                    memories.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Memory(
                                    rs.getString(2),
                                    rs.getDouble(3),
                                    (float) rs.getDouble(4),
                                    embedding(rs.getBytes(5)),
                                    hearsay,
                                    provenance && rs.getInt(6) != 0));
                }
            }
            return new WorldSave(worldId, Double.parseDouble(meta.get("clock")), variables, memories);
        } catch (SQLException | RuntimeException e) {
            if (e instanceof SaveFileException s) {
                throw s;
            }
            throw new SaveFileException(
                    file,
                    file + " cannot be read as an Animus save: " + e.getMessage()
                            + ". If it was copied or edited by hand, restore it from a backup; otherwise start a new save.",
                    e);
        }
    }

    private static Connection open(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("PRAGMA busy_timeout=5000");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static void createTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS variables (npc TEXT NOT NULL, name TEXT NOT NULL,"
                    + " kind TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (npc, name))");
            st.execute(
                    "CREATE TABLE IF NOT EXISTS memories (npc TEXT NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL,"
                            + " time REAL NOT NULL, importance REAL NOT NULL, embedding BLOB NOT NULL, PRIMARY KEY (npc, seq))");
            if (!hasProvenance(c)) { // a format 1 file, saved over: its table gains the columns
                for (String column : PROVENANCE_COLUMNS) {
                    st.execute("ALTER TABLE memories ADD COLUMN " + column);
                }
            }
        }
    }

    /** The memories' columns since format 2: secret, and who told it (null for a memory witnessed). */
    private static final List<String> PROVENANCE_COLUMNS = List.of(
            "secret INTEGER NOT NULL DEFAULT 0",
            "heard_from TEXT",
            "heard_from_name TEXT",
            "witness TEXT",
            "witness_name TEXT",
            "content TEXT",
            "hops INTEGER NOT NULL DEFAULT 0");

    private static boolean hasProvenance(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA table_info(memories)")) {
            while (rs.next()) {
                if (rs.getString("name").equals("heard_from")) {
                    return true;
                }
            }
            return false;
        }
    }

    private static byte[] bytes(Embedding e) {
        ByteBuffer b = ByteBuffer.allocate(4 * e.dimension()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < e.dimension(); i++) {
            b.putFloat(e.get(i));
        }
        return b.array();
    }

    private static Embedding embedding(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.length / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getFloat();
        }
        return Embedding.of(v);
    }
}
