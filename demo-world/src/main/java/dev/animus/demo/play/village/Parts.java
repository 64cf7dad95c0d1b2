package dev.animus.demo.play.village;

import com.jme3.material.Material;
import com.jme3.math.FastMath;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector2f;
import com.jme3.math.Vector3f;
import com.jme3.scene.Geometry;
import com.jme3.scene.Mesh;
import com.jme3.scene.Node;
import com.jme3.scene.VertexBuffer;
import com.jme3.scene.shape.Box;
import com.jme3.scene.shape.Cylinder;
import com.jme3.scene.shape.Dome;
import com.jme3.util.BufferUtils;

/** Adds simple shapes to a node, in the node's own frame (y up, the front towards +z). */
final class Parts {
    private final Node node;

    Parts(Node node) {
        this.node = node;
    }

    Node node() {
        return node;
    }

    /** A box from its size (not half-extents), standing on {@code base}. */
    Geometry block(String name, float w, float h, float d, Vector3f base, Material m) {
        Box box = new Box(w / 2, h / 2, d / 2);
        box.scaleTextureCoordinates(new Vector2f(Math.max(1, Math.max(w, d) / 2.5f), Math.max(1, h / 2.5f)));
        return add(name, box, base.add(0, h / 2, 0), m);
    }

    /** A gable roof over a w x d footprint: its ridge along z, {@code h} high, eaves overhanging. */
    Geometry gable(String name, float w, float d, float h, Vector3f base, Material m) {
        return add(name, prism(w + 0.6f, d + 0.6f, h), base, m);
    }

    /** A pyramid (4 sides) or cone (more sides) {@code h} high over a circle of {@code radius}. */
    Geometry spire(String name, float radius, float h, int sides, Vector3f base, Material m) {
        Geometry g = add(name, new Dome(Vector3f.ZERO, 2, sides, radius, true), base, m);
        g.setLocalScale(1, h / radius, 1);
        if (sides == 4) {
            g.setLocalRotation(new Quaternion().fromAngleAxis(FastMath.QUARTER_PI, Vector3f.UNIT_Y));
        }
        return g;
    }

    /** An upright cylinder standing on {@code base}. */
    Geometry column(String name, float radius, float h, int sides, Vector3f base, Material m) {
        Geometry g = add(name, new Cylinder(2, sides, radius, h, true), base.add(0, h / 2, 0), m);
        g.setLocalRotation(new Quaternion().fromAngleAxis(FastMath.HALF_PI, Vector3f.UNIT_X));
        return g;
    }

    /** A wheel or disc facing +z, centred on {@code at}. */
    Geometry disc(String name, float radius, float thickness, Vector3f at, Material m) {
        return add(name, new Cylinder(2, 16, radius, thickness, true), at, m);
    }

    Geometry add(String name, Mesh mesh, Vector3f at, Material m) {
        Geometry g = new Geometry(name, mesh);
        g.setMaterial(m);
        g.setLocalTranslation(at);
        node.attachChild(g);
        return g;
    }

    /** A triangular prism: two sloping roof faces and two gable ends, base at y=0. */
    static Mesh prism(float w, float d, float h) {
        float x = w / 2;
        float z = d / 2;
        float[] p = {
            -x, 0, -z, 0, h, -z, 0, h, z, -x, 0, z, // west slope
            x, 0, z, 0, h, z, 0, h, -z, x, 0, -z, // east slope
            -x, 0, z, 0, h, z, x, 0, z, // south gable
            x, 0, -z, 0, h, -z, -x, 0, -z, // north gable
        };
        float slope = FastMath.atan2(h, x);
        float nx = FastMath.sin(slope);
        float ny = FastMath.cos(slope);
        float[] n = {
            -nx, ny, 0, -nx, ny, 0, -nx, ny, 0, -nx, ny, 0, nx, ny, 0, nx, ny, 0, nx, ny, 0, nx, ny, 0, 0, 0, 1, 0, 0,
            1, 0, 0, 1, 0, 0, -1, 0, 0, -1, 0, 0, -1,
        };
        float u = d / 2;
        float v = FastMath.sqrt(x * x + h * h) / 2;
        float[] t = {0, 0, 0, v, u, v, u, 0, 0, 0, 0, v, u, v, u, 0, 0, 0, 0.5f, 1, 1, 0, 0, 0, 0.5f, 1, 1, 0};
        short[] i = {0, 2, 1, 0, 3, 2, 4, 6, 5, 4, 7, 6, 8, 10, 9, 11, 13, 12};
        Mesh m = new Mesh();
        m.setBuffer(VertexBuffer.Type.Position, 3, BufferUtils.createFloatBuffer(p));
        m.setBuffer(VertexBuffer.Type.Normal, 3, BufferUtils.createFloatBuffer(n));
        m.setBuffer(VertexBuffer.Type.TexCoord, 2, BufferUtils.createFloatBuffer(t));
        m.setBuffer(VertexBuffer.Type.Index, 3, BufferUtils.createShortBuffer(i));
        m.updateBound();
        return m;
    }
}
