package dev.animus.demo.play.village;

import com.jme3.asset.AssetManager;
import com.jme3.material.Material;
import com.jme3.math.ColorRGBA;
import com.jme3.texture.Texture;
import java.util.HashMap;
import java.util.Map;

/**
 * The village's materials, made once and shared, so that many houses cost few state changes:
 * lit colours, a few test-data textures, and unshaded glows for fire and lit windows.
 */
final class Looks {
    private final AssetManager assets;
    private final Map<String, Material> made = new HashMap<>();

    Looks(AssetManager assets) {
        this.assets = assets;
    }

    AssetManager assets() {
        return assets;
    }

    Material plaster() {
        return lit("plaster", new ColorRGBA(0.86f, 0.8f, 0.66f, 1), 0);
    }

    Material timber() {
        return lit("timber", new ColorRGBA(0.32f, 0.2f, 0.12f, 1), 0);
    }

    Material wood() {
        return lit("wood", new ColorRGBA(0.5f, 0.34f, 0.2f, 1), 0);
    }

    Material planks() {
        return lit("planks", new ColorRGBA(0.55f, 0.45f, 0.32f, 1), 0);
    }

    Material stone() {
        return textured("stone", "Textures/Terrain/BrickWall/BrickWall.jpg", new ColorRGBA(0.85f, 0.83f, 0.8f, 1), 0);
    }

    Material darkStone() {
        return textured(
                "dark stone", "Textures/Terrain/BrickWall/BrickWall.jpg", new ColorRGBA(0.5f, 0.48f, 0.46f, 1), 0);
    }

    Material roofTiles() {
        return lit("roof tiles", new ColorRGBA(0.55f, 0.22f, 0.14f, 1), 0);
    }

    Material thatch() {
        return lit("thatch", new ColorRGBA(0.62f, 0.5f, 0.28f, 1), 0);
    }

    Material slate() {
        return lit("slate", new ColorRGBA(0.25f, 0.27f, 0.32f, 1), 0);
    }

    Material canvas() {
        return lit("canvas", new ColorRGBA(0.8f, 0.7f, 0.5f, 1), 0);
    }

    Material stripes() {
        return lit("canvas stripes", new ColorRGBA(0.6f, 0.2f, 0.15f, 1), 0);
    }

    Material metal() {
        return lit("metal", new ColorRGBA(0.3f, 0.3f, 0.33f, 1), 32);
    }

    Material brass() {
        return lit("brass", new ColorRGBA(0.7f, 0.55f, 0.25f, 1), 48);
    }

    Material leaves() {
        return lit("leaves", new ColorRGBA(0.3f, 0.5f, 0.22f, 1), 0);
    }

    Material cloth(ColorRGBA colour) {
        return lit("cloth " + colour, colour, 0);
    }

    static final ColorRGBA DARK_WINDOW = new ColorRGBA(0.12f, 0.16f, 0.22f, 1);
    static final ColorRGBA LIT_WINDOW = new ColorRGBA(1f, 0.78f, 0.4f, 1);
    static final ColorRGBA FLAME = new ColorRGBA(1f, 0.8f, 0.35f, 1);
    static final ColorRGBA COLD_FLAME = new ColorRGBA(0.22f, 0.2f, 0.18f, 1);

    /** Glass: its own colour, not the light's; lamplit at night ({@link NightLights}). */
    Material window() {
        return glow("window", DARK_WINDOW.clone());
    }

    /** Every lantern's flame: dark by day, bright at night ({@link NightLights}). */
    Material flame() {
        return glow("flame", COLD_FLAME.clone());
    }

    /** Well water and the like: dark, shiny. */
    Material glass() {
        return lit("glass", new ColorRGBA(0.15f, 0.2f, 0.28f, 1), 64);
    }

    Material fire() {
        return glow("fire", new ColorRGBA(1f, 0.5f, 0.12f, 1));
    }

    Material glow(String name, ColorRGBA colour) {
        return made.computeIfAbsent(name, n -> {
            Material m = new Material(assets, "Common/MatDefs/Misc/Unshaded.j3md");
            m.setColor("Color", colour);
            return m;
        });
    }

    Material lit(String name, ColorRGBA colour, float shininess) {
        return made.computeIfAbsent(name, n -> {
            Material m = new Material(assets, "Common/MatDefs/Light/Lighting.j3md");
            m.setBoolean("UseMaterialColors", true);
            m.setColor("Diffuse", colour);
            m.setColor("Ambient", colour);
            if (shininess > 0) {
                m.setColor("Specular", ColorRGBA.White);
                m.setFloat("Shininess", shininess);
            }
            return m;
        });
    }

    private Material textured(String name, String texture, ColorRGBA tint, float shininess) {
        Material m = made.get(name);
        if (m == null) {
            m = lit(name + " (colour)", tint, shininess).clone();
            try {
                Texture t = assets.loadTexture(texture);
                t.setWrap(Texture.WrapMode.Repeat);
                m.setTexture("DiffuseMap", t);
            } catch (RuntimeException e) {
                // The tint alone stands in: the village still builds without jME's test data.
            }
            made.put(name, m);
        }
        return m;
    }
}
