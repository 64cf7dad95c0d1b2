package dev.animus.demo.play.village;

import com.jme3.asset.AssetManager;
import com.jme3.material.Material;
import com.jme3.math.Vector3f;
import com.jme3.renderer.Camera;
import com.jme3.renderer.queue.RenderQueue.ShadowMode;
import com.jme3.terrain.geomipmap.TerrainLodControl;
import com.jme3.terrain.geomipmap.TerrainQuad;
import com.jme3.terrain.geomipmap.lodcalc.DistanceLodCalculator;
import com.jme3.texture.Image;
import com.jme3.texture.Texture;
import com.jme3.texture.Texture2D;
import com.jme3.texture.image.ColorSpace;
import com.jme3.util.BufferUtils;
import java.nio.ByteBuffer;

/**
 * The plan's ground as a jME {@link TerrainQuad}: its heights, and its three test-data textures
 * splatted by an alpha map painted from the plan (paths, squares, aprons, the beach).
 */
final class Terrain {
    /** Heightmap points per side (a power of two plus one). */
    static final int POINTS = 257;

    private static final int ALPHA_SIZE = 512;

    private Terrain() {}

    /**
     * @param plan the village's plan
     * @param assets for the material and textures
     * @param camera for the level of detail, or null (headless: full detail)
     * @return the terrain, placed in the world
     */
    static TerrainQuad build(VillagePlan plan, AssetManager assets, Camera camera) {
        float step = plan.size() / (POINTS - 1);
        Vector3f centre = plan.centre();
        float[] heights = new float[POINTS * POINTS];
        for (int row = 0; row < POINTS; row++) {
            for (int col = 0; col < POINTS; col++) {
                float x = centre.x + (col - (POINTS - 1) / 2f) * step;
                float z = centre.z + (row - (POINTS - 1) / 2f) * step;
                heights[row * POINTS + col] = plan.height(x, z);
            }
        }
        TerrainQuad terrain = new TerrainQuad("ground", 65, POINTS, heights);
        terrain.setLocalScale(step, 1, step);
        terrain.setLocalTranslation(centre.x, 0, centre.z);
        terrain.setMaterial(material(plan, assets));
        terrain.setShadowMode(ShadowMode.Receive);
        if (camera != null) {
            TerrainLodControl lod = new TerrainLodControl(terrain, camera);
            lod.setLodCalculator(new DistanceLodCalculator(65, 2.7f));
            terrain.addControl(lod);
        }
        return terrain;
    }

    private static Material material(VillagePlan plan, AssetManager assets) {
        Material m = new Material(assets, "Common/MatDefs/Terrain/TerrainLighting.j3md");
        String[] textures = switch (plan.ground()) {
            case MEADOW -> new String[] {"grass.jpg", "dirt.jpg", "road.jpg"};
            case SAND -> new String[] {"dirt.jpg", "dirt.jpg", "road.jpg"};
            case PAVED -> new String[] {"road.jpg", "grass.jpg", "road.jpg"};
        };
        float tiles = plan.size() / 4; // a texture repeat every 4 m
        for (int i = 0; i < 3; i++) {
            Texture t = assets.loadTexture("Textures/Terrain/splat/" + textures[i]);
            t.setWrap(Texture.WrapMode.Repeat);
            t.setMinFilter(Texture.MinFilter.BilinearNearestMipMap); // a software renderer's fill rate
            m.setTexture(i == 0 ? "DiffuseMap" : "DiffuseMap_" + i, t);
            m.setFloat("DiffuseMap_" + i + "_scale", i == 2 ? tiles * 0.7f : tiles);
        }
        m.setTexture("AlphaMap", alphaMap(plan));
        return m;
    }

    /** The plan's paint, one pixel per texel: red the ground, green earth or beach, blue cobbles. */
    static Texture2D alphaMap(VillagePlan plan) {
        ByteBuffer data = BufferUtils.createByteBuffer(ALPHA_SIZE * ALPHA_SIZE * 4);
        Vector3f centre = plan.centre();
        float half = plan.size() / 2;
        for (int py = 0; py < ALPHA_SIZE; py++) {
            // The terrain's texture v runs from its north edge (v=1) to its south edge (v=0).
            float z = centre.z + half - (py + 0.5f) / ALPHA_SIZE * plan.size();
            for (int px = 0; px < ALPHA_SIZE; px++) {
                float x = centre.x - half + (px + 0.5f) / ALPHA_SIZE * plan.size();
                float[] w = plan.paint(x, z);
                data.put(b(w[0])).put(b(w[1])).put(b(w[2])).put((byte) 0);
            }
        }
        data.flip();
        Texture2D map = new Texture2D(new Image(Image.Format.RGBA8, ALPHA_SIZE, ALPHA_SIZE, data, ColorSpace.Linear));
        map.setWrap(Texture.WrapMode.EdgeClamp);
        // No mipmaps: far off, an averaged map would smear the lake bed's earth over the hills.
        map.setMinFilter(Texture.MinFilter.BilinearNoMipMaps);
        return map;
    }

    private static byte b(float w) {
        return (byte) Math.round(Math.max(0, Math.min(1, w)) * 255);
    }
}
