package dev.animus.scene;

import com.jme3.anim.util.AnimMigrationUtils;
import com.jme3.asset.AssetManager;
import com.jme3.bounding.BoundingBox;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import dev.animus.perception.SceneView;
import dev.animus.world.NpcDefinition;
import dev.animus.world.Phase;
import dev.animus.world.Vec3;
import dev.animus.world.World;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an NPC's body from its world-file entry: a node named after it, standing where its
 * schedule puts it now, with its character model (migrated to AnimComposer where the world file
 * says so, scaled to a person's height, feet on the ground). A model that cannot be loaded is
 * reported with the world file's line and the NPC stands in without one: a typo in an asset
 * path never stops a game. Render thread.
 */
public final class NpcSpawner {
    private static final Logger LOG = LoggerFactory.getLogger(NpcSpawner.class);
    /** How tall characters are made, in metres (world units). */
    static final float HEIGHT = 1.8f;

    private NpcSpawner() {}

    /**
     * @param world the world
     * @param npc one of its NPCs
     * @param index its position in the world's list (spreads NPCs that share a place)
     * @param phase the part of the day now
     * @param assets where models come from
     * @return the body (not yet attached)
     */
    public static Node body(World world, NpcDefinition npc, int index, Phase phase, AssetManager assets) {
        Node body = new Node(npc.name());
        Vec3 at = SceneView.whereAt(world, npc, phase).orElse(Vec3.ZERO);
        // NPCs that share a place stand around it rather than inside each other.
        float angle = index * 2.4f;
        body.setLocalTranslation(
                at.x() + 1.2f * (float) Math.cos(angle), at.y(), at.z() + 1.2f * (float) Math.sin(angle));
        String asset = npc.model().asset();
        if (!asset.isEmpty()) {
            try {
                Spatial model = assets.loadModel(asset);
                if (npc.model().migrate()) {
                    AnimMigrationUtils.migrate(model);
                }
                fitToHeight(model);
                body.attachChild(model);
            } catch (RuntimeException e) {
                LOG.error(
                        "{}: the character model '{}' of NPC '{}' could not be loaded ({}). Check the path is in the"
                                + " game's assets{}. '{}' stands in without a model.",
                        npc.where(),
                        asset,
                        npc.id(),
                        e.getMessage(),
                        asset.endsWith(".mesh.xml")
                                ? " and that org.jmonkeyengine:jme3-plugins (which reads Ogre .mesh.xml) is a dependency"
                                : "",
                        npc.id());
            }
        }
        return body;
    }

    /** Scales a model to {@link #HEIGHT} and stands it on y = 0. */
    public static void fitToHeight(Spatial model) {
        model.updateModelBound();
        model.updateGeometricState();
        if (model.getWorldBound() instanceof BoundingBox box && box.getYExtent() > 0) {
            float scale = HEIGHT / (2 * box.getYExtent());
            model.scale(scale);
            model.updateGeometricState();
            BoundingBox scaled = (BoundingBox) model.getWorldBound();
            model.move(0, -(scaled.getCenter().y - scaled.getYExtent()), 0);
        }
    }
}
