package dev.animus.demo.play;

import com.jme3.math.ColorRGBA;
import com.jme3.math.Vector3f;
import java.util.List;

/**
 * One of Lanternfall's NPCs as the demo places it. The names come from the demo world's
 * specification; the world file (a later step) will carry them instead of this code.
 *
 * @param id the NPC id tests and world files use
 * @param name the full display name
 * @param shortName the name others use in percepts
 * @param colour the colour of its body
 * @param route the points it walks between, in a loop (metres; north is -z)
 */
record Villager(String id, String name, String shortName, ColorRGBA colour, List<Vector3f> route) {

    // Places: market square (0,0) with its well, forge east, tavern north, pier south,
    // chapel west, north gate, old mill north-west behind the tavern.
    static final List<Villager> LANTERNFALL = List.of(
            new Villager("brann", "Brann the blacksmith", "Brann", new ColorRGBA(0.55f, 0.27f, 0.07f, 1),
                    List.of(new Vector3f(18, 0, 0), new Vector3f(14, 0, 2), new Vector3f(4, 0, 1))),
            new Villager("mira", "Mira the innkeeper", "Mira", new ColorRGBA(0.85f, 0.45f, 0.6f, 1),
                    List.of(new Vector3f(0, 0, -16), new Vector3f(4, 0, -14), new Vector3f(1, 0, -6))),
            new Villager("hollis", "Old Hollis the fisherman", "Hollis", new ColorRGBA(0.3f, 0.45f, 0.75f, 1),
                    List.of(new Vector3f(0, 0, 20), new Vector3f(2, 0, 24), new Vector3f(1, 0, 12))),
            new Villager("vey", "Captain Vey of the watch", "Vey", new ColorRGBA(0.75f, 0.1f, 0.1f, 1),
                    List.of(new Vector3f(0, 0, -36), new Vector3f(0, 0, -18), new Vector3f(2, 0, 0))),
            new Villager("aldine", "Sister Aldine the healer", "Aldine", new ColorRGBA(0.95f, 0.95f, 0.85f, 1),
                    List.of(new Vector3f(-18, 0, 0), new Vector3f(-4, 0, 2))),
            new Villager("pip", "Pip the village child", "Pip", new ColorRGBA(0.95f, 0.8f, 0.2f, 1),
                    List.of(new Vector3f(3, 0, 3), new Vector3f(-3, 0, 3), new Vector3f(-3, 0, -3),
                            new Vector3f(3, 0, -3))));
}
