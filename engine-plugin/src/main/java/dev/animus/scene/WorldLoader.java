package dev.animus.scene;

import com.jme3.asset.AssetInfo;
import com.jme3.asset.AssetLoader;
import com.jme3.asset.AssetManager;
import dev.animus.world.Vocabulary;
import dev.animus.world.Where;
import dev.animus.world.WorldFileException;
import dev.animus.world.WorldParser;
import dev.animus.world.WorldProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Loads {@code .world} files through the AssetManager:
 * {@code World w = (World) assetManager.loadAsset("Worlds/lanternfall.world")}. Registered by
 * the plugin's state (or {@link #register}). Errors arrive as a {@link WorldFileException}
 * naming the asset, line and column of every problem.
 */
public class WorldLoader implements AssetLoader {
    /** The extension world files use. */
    public static final String EXTENSION = "world";

    /**
     * The names world files are checked against. The AssetManager makes a new loader for each
     * load, so the vocabulary of the last registration is kept here: the game's actions (from
     * its {@code AnimusConfig}) are known to worlds it loads through the AssetManager too.
     */
    private static volatile Vocabulary vocabulary = Vocabulary.CORE;

    /** @param assetManager the game's asset manager (not null) */
    public static void register(AssetManager assetManager) {
        register(assetManager, Vocabulary.CORE);
    }

    /**
     * @param assetManager the game's asset manager (not null)
     * @param words what world files may name: Animus's own and the game's actions (not null)
     */
    public static void register(AssetManager assetManager, Vocabulary words) {
        vocabulary = Objects.requireNonNull(words, "words");
        assetManager.registerLoader(WorldLoader.class, EXTENSION);
    }

    @Override
    public Object load(AssetInfo info) throws IOException {
        String name = info.getKey().getName();
        try (InputStream in = info.openStream()) {
            return new WorldParser(vocabulary).parse(name, read(name, in));
        }
    }

    /**
     * Reads a world file's text, refusing files over the size limit before they fill memory.
     *
     * @throws WorldFileException if the file is too large
     */
    public static String read(String name, InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buffer = new char[8192];
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            int n;
            while ((n = r.read(buffer)) > 0) {
                sb.append(buffer, 0, n);
                if (sb.length() > WorldParser.MAX_CHARS) {
                    throw new WorldFileException(
                            name,
                            List.of(new WorldProblem(
                                    new Where(name, 1, 1),
                                    "the file has more than " + WorldParser.MAX_CHARS + " characters; world files are"
                                            + " limited to 512 Ki. Split the world or shorten its texts")));
                }
            }
        }
        return sb.toString();
    }
}
