package dev.animus.demo.play.village;

import com.jme3.asset.AssetManager;
import com.jme3.math.FastMath;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.renderer.queue.RenderQueue.ShadowMode;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import java.util.List;
import java.util.Random;
import jme3tools.optimize.GeometryBatchFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The plan's trees: jME's test-data tree, turned and sized at random, batched into few draws. */
final class Trees {
    private static final Logger LOG = LoggerFactory.getLogger(Trees.class);
    private static final String MODEL = "Models/Tree/Tree.mesh.j3o";

    private Trees() {}

    /**
     * Cheap trees for a software renderer: a trunk and two cones of leaves each, a few dozen
     * triangles where the test-data tree has thousands; one batch for the whole wood.
     */
    static Node simple(List<Vector3f> spots, Looks looks, long seed) {
        Node trees = new Node("trees");
        Parts p = new Parts(trees);
        Random random = new Random(seed);
        for (Vector3f at : spots) {
            float s = 0.8f + random.nextFloat() * 0.6f;
            Vector3f base = at.subtract(0, 0.2f, 0);
            p.column("trunk", 0.22f * s, 2.4f * s, 6, base, looks.timber());
            p.spire("leaves", 1.9f * s, 3.2f * s, 7, base.add(0, 1.6f * s, 0), looks.leaves());
            p.spire("leaves", 1.4f * s, 2.6f * s, 7, base.add(0, 3.3f * s, 0), looks.leaves());
        }
        GeometryBatchFactory.optimize(trees);
        trees.setShadowMode(ShadowMode.Cast);
        return trees;
    }

    /** @return the trees as one batched node, or an empty one when the test data has no tree */
    static Node build(List<Vector3f> spots, AssetManager assets, long seed) {
        Node trees = new Node("trees");
        Spatial tree;
        try {
            tree = assets.loadModel(MODEL);
        } catch (RuntimeException e) {
            LOG.warn("No trees: {} could not be loaded ({})", MODEL, e.getMessage());
            return trees;
        }
        // Leaves cut out by alpha test alone, without blending: opaque, early-z, cheap to fill.
        tree.depthFirstTraversal(s -> {
            if (s instanceof com.jme3.scene.Geometry g
                    && g.getMaterial().getAdditionalRenderState().getBlendMode()
                            != com.jme3.material.RenderState.BlendMode.Off) {
                g.getMaterial().getAdditionalRenderState().setBlendMode(com.jme3.material.RenderState.BlendMode.Off);
                g.setQueueBucket(com.jme3.renderer.queue.RenderQueue.Bucket.Opaque);
            }
        });
        Random random = new Random(seed);
        for (Vector3f at : spots) {
            Spatial t = tree.clone(false); // shares the meshes and materials
            t.setLocalTranslation(at.subtract(0, 0.2f, 0));
            t.setLocalScale(1.5f + random.nextFloat() * 0.9f);
            t.setLocalRotation(new Quaternion().fromAngleAxis(random.nextFloat() * FastMath.TWO_PI, Vector3f.UNIT_Y));
            trees.attachChild(t);
        }
        GeometryBatchFactory.optimize(trees); // one draw per material for the whole wood
        trees.setShadowMode(ShadowMode.Cast);
        return trees;
    }
}
