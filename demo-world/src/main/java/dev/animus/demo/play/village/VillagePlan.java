package dev.animus.demo.play.village;

import com.jme3.math.FastMath;
import com.jme3.math.Vector3f;
import dev.animus.world.Place;
import dev.animus.world.Prop;
import dev.animus.world.Vec3;
import dev.animus.world.World;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Where everything of a world goes, worked out from its file alone, before anything is drawn: a
 * building beside each place that is not open ground, its door towards the village's heart;
 * the ground's heights (each place at its own height, hills beyond them); water on the side of
 * the world's waterside places when its words speak of a lake or the sea; paths, trees. Pure
 * and deterministic (the same file gives the same village), so it is tested without a window.
 */
public final class VillagePlan {
    /** The water's surface, a little below the ground of places at height 0. */
    public static final float WATER_HEIGHT = -0.6f;
    /** How wide a lake is before its far shore rises. */
    static final float LAKE_WIDTH = 90;

    /** The ground's look, from the world's words. */
    public enum Ground {
        MEADOW,
        SAND,
        PAVED
    }

    /**
     * A place and what stands there.
     *
     * @param place the place
     * @param kind what it looks like
     * @param building where its building stands (centre of its footprint, on the ground), or the
     *     place itself for open ground
     * @param yaw the building's turn about y: its door (local +z) faces the village's heart
     * @param width the building's width (x), metres
     * @param depth its depth (z), metres
     */
    public record Site(Place place, PlaceKind kind, Vector3f building, float yaw, float width, float depth) {}

    /**
     * The water's edge: a line across the world, water beyond it.
     *
     * @param dx the water's direction from the land, x (unit vector with dz)
     * @param dz the water's direction, z
     * @param at how far along that direction the shore lies (from the origin)
     * @param lake whether a far shore closes it (a lake or a river) rather than open sea
     */
    public record Shore(float dx, float dz, float at, boolean lake) {
        /** @return how far beyond the shore a point is (negative on land) */
        public float beyond(float x, float z) {
            return x * dx + z * dz - at;
        }
    }

    private final World world;
    private final List<Site> sites = new ArrayList<>();
    private final Optional<Shore> shore;
    private final Ground ground;
    private final Vector3f heart;
    private final Vector3f centre;
    private final float size;
    private final long seed;

    private VillagePlan(World world) {
        this.world = world;
        this.seed = world.id().hashCode();
        String all = allText(world);
        // The look of the ground comes from what the world is and its places are called, not
        // from every description ("a bell in its tower" does not pave a village).
        String named = namesOf(world);
        ground = Words.any(named, "desert", "dune", "sand", "oasis", "caravan", "savanna", "steppe", "wasteland")
                ? Ground.SAND
                : Words.any(
                                named,
                                "office",
                                "downtown",
                                "city",
                                "hospital",
                                "station",
                                "tarmac",
                                "school",
                                "academy",
                                "street",
                                "avenue",
                                "factory",
                                "airport")
                        ? Ground.PAVED
                        : Ground.MEADOW;
        centre = centroid(world.places());
        heart = heartOf(world.places(), centre);
        shore = shoreOf(world, all, centre);
        for (Place p : world.places()) {
            sites.add(site(p));
        }
        float reach = 0;
        for (Place p : world.places()) {
            reach = Math.max(reach, flatDistance(v(p.at()), centre) + p.radius());
        }
        float half = reach + 70;
        if (shore.isPresent()) {
            Shore s = shore.get();
            float landToShore = -s.beyond(centre.x, centre.z);
            half = Math.max(half, landToShore + (s.lake() ? LAKE_WIDTH + 60 : 90));
        }
        size = Math.max(256, half * 2);
    }

    /**
     * @param world a parsed world
     * @return its village's plan
     */
    public static VillagePlan of(World world) {
        return new VillagePlan(world);
    }

    /** @return every place with what stands there, in the file's order */
    public List<Site> sites() {
        return List.copyOf(sites);
    }

    /** @return the water's edge, if the world has water */
    public Optional<Shore> shore() {
        return shore;
    }

    /** @return what the ground looks like */
    public Ground ground() {
        return ground;
    }

    /** @return the village's heart: its main open place, else the middle of its places */
    public Vector3f heart() {
        return heart.clone();
    }

    /** @return the middle of the ground (x, z) */
    public Vector3f centre() {
        return centre.clone();
    }

    /** @return the ground's width and depth, metres */
    public float size() {
        return size;
    }

    /**
     * Where a newcomer arrives: by the water to one side of the village, so that the first view
     * holds the shore and the houses; without water, on the road in from the south.
     */
    public Vector3f arrival() {
        Vector3f at = shore.map(s -> {
                    float toShore = -s.beyond(heart.x, heart.z);
                    return heart.add(s.dx() * (toShore - 8), 0, s.dz() * (toShore - 8))
                            .addLocal(-s.dz() * 22, 0, s.dx() * 22);
                })
                .orElseGet(() -> {
                    Place main = mainPlace();
                    return main == null ? new Vector3f(0, 0, 12) : v(main.at()).addLocal(0, 0, main.radius() + 12);
                });
        if (underWater(at.x, at.z)) {
            at = heart.add(0, 0, 12);
        }
        return at.setY(height(at.x, at.z));
    }

    /** @return where the first view looks: over the water past the heart, else at the heart */
    public Vector3f firstLook() {
        return shore.map(s -> {
                    float toShore = -s.beyond(heart.x, heart.z);
                    return heart.add(s.dx() * toShore * 0.8f, 0, s.dz() * toShore * 0.8f);
                })
                .orElseGet(() ->
                        mainPlace() == null ? new Vector3f() : v(mainPlace().at()));
    }

    /** The biggest place: where a world without water is entered; null in a world of no places. */
    private Place mainPlace() {
        Place main = world.places().isEmpty() ? null : world.places().get(0);
        for (Place p : world.places()) {
            if (p.radius() > main.radius()) {
                main = p;
            }
        }
        return main;
    }

    /** @return whether the water covers the ground here */
    public boolean underWater(float x, float z) {
        return shore.isPresent() && shore.get().beyond(x, z) > -WATER_REACH && height(x, z) < WATER_HEIGHT;
    }

    /** How far landward of the shore line the water's surface reaches (it fills only the lake bed). */
    static final float WATER_REACH = 6;

    /**
     * The ground's height: a place's own height within it, blended between places, hills further
     * out, the lake bed beyond the shore.
     */
    public float height(float x, float z) {
        float weights = 0;
        float sum = 0;
        float nearestEdge = Float.MAX_VALUE;
        for (Place p : world.places()) {
            float d = FastMath.sqrt(sq(x - p.at().x()) + sq(z - p.at().z()));
            float edge = d - p.radius();
            nearestEdge = Math.min(nearestEdge, edge);
            float w = 1 / sq(Math.max(d - 0.8f * p.radius(), 0.5f));
            weights += w;
            sum += w * p.at().y();
        }
        float h = weights == 0 ? 0 : sum / weights;
        // Hills grow with the distance from the nearest place, so nobody's ground is bumpy.
        float hills = smooth(12, 60, nearestEdge) * hills(x, z);
        if (shore.isPresent()) { // a shore is low: the hills flatten towards the water
            hills *= 1 - smooth(-40, -8, shore.get().beyond(x, z));
        }
        h += hills;
        if (shore.isPresent()) {
            Shore s = shore.get();
            float beyond = s.beyond(x, z);
            float bed = -4;
            h = lerp(h, bed, smooth(0, 12, beyond));
            if (s.lake()) {
                float farShore = 3 + 8 * Math.abs(hills(x * 1.7f, z * 1.3f)) / HILLS;
                h = lerp(h, farShore, smooth(LAKE_WIDTH - 14, LAKE_WIDTH, beyond));
            }
        }
        return h;
    }

    /**
     * How the ground is painted here, as the weights of its three textures: the ground's own
     * (grass, sand or paving), trodden earth or beach, and cobbles (open places and the paths
     * from every place to the heart).
     *
     * @return three weights that sum to 1
     */
    public float[] paint(float x, float z) {
        float earth = 0;
        float cobbles = 0;
        Vector3f at = new Vector3f(x, 0, z);
        for (Site s : sites) {
            Vector3f p = v(s.place().at());
            float d = flatDistance(at, p);
            if (s.kind().open() && s.kind() != PlaceKind.FIRE) {
                cobbles = Math.max(
                        cobbles, 1 - smooth(s.place().radius() - 2, s.place().radius() + 1, d));
            } else {
                float apron = Math.max(s.width(), s.depth()) * 0.5f + 2.5f;
                earth = Math.max(earth, 1 - smooth(apron - 1, apron + 2, flatDistance(at, s.building())));
                earth = Math.max(earth, 1 - smooth(2, 4, d));
            }
            float path = 1 - smooth(1.2f, 2.2f, distanceToSegment(at, p, heart));
            if (ground == Ground.SAND) {
                earth = Math.max(earth, path);
            } else {
                cobbles = Math.max(cobbles, path);
            }
        }
        if (shore.isPresent()) { // the beach, and the lake's bed up to its far shore
            float beyond = shore.get().beyond(x, z);
            float beach = smooth(-7, -3, beyond);
            if (shore.get().lake()) {
                beach *= 1 - smooth(LAKE_WIDTH - 16, LAKE_WIDTH - 9, beyond);
            }
            earth = Math.max(earth, beach);
        }
        cobbles = Math.min(cobbles, 1);
        earth = Math.min(earth, 1 - cobbles);
        return new float[] {1 - cobbles - earth, earth, cobbles};
    }

    /** Gentle hills (meadow), high dunes (sand) or almost none (paved), 0 near the origin's scale. */
    private float hills(float x, float z) {
        float amplitude = ground == Ground.SAND ? 1.6f : ground == Ground.PAVED ? 0.3f : 1;
        float a = FastMath.sin(x * 0.045f + seed % 7) * FastMath.cos(z * 0.038f + seed % 5)
                + 0.5f * FastMath.sin((x + z) * 0.09f + seed % 3)
                + 0.25f * FastMath.cos((x - 2 * z) * 0.17f);
        return amplitude * HILLS * (a + 1.75f) / 3.5f;
    }

    private static final float HILLS = 7;

    /**
     * Trees for the plan: on dry ground, clear of places, buildings, paths and the shore.
     *
     * @return the trees' positions on the ground
     */
    public List<Vector3f> trees() {
        Random random = new Random(seed);
        float keep = ground == Ground.SAND ? 0.08f : ground == Ground.PAVED ? 0.15f : 0.55f;
        float step = 9;
        float half = size / 2 - 10;
        List<Vector3f> trees = new ArrayList<>();
        Vector3f arrival = arrival();
        Vector3f look = firstLook();
        for (float x = centre.x - half; x <= centre.x + half; x += step) {
            for (float z = centre.z - half; z <= centre.z + half; z += step) {
                float tx = x + (random.nextFloat() - 0.5f) * step * 0.8f;
                float tz = z + (random.nextFloat() - 0.5f) * step * 0.8f;
                boolean kept = random.nextFloat() < keep;
                if (kept
                        && clearForTree(tx, tz, arrival, look)
                        && flatDistance(new Vector3f(tx, 0, tz), centre) < half) {
                    trees.add(new Vector3f(tx, height(tx, tz), tz));
                }
            }
        }
        return trees;
    }

    private boolean clearForTree(float x, float z, Vector3f arrival, Vector3f look) {
        if (shore.isPresent() && shore.get().beyond(x, z) > -4 || height(x, z) < WATER_HEIGHT + 0.3f) {
            return false; // no trees on the beach, in the water or in a hollow
        }
        Vector3f at = new Vector3f(x, 0, z);
        if (distanceToSegment(at, arrival, look) < 7 || flatDistance(at, arrival) < 12) {
            return false; // nothing in the way of the newcomer's first look
        }
        for (Site s : sites) {
            if (flatDistance(at, v(s.place().at())) < s.place().radius() + 7
                    || flatDistance(at, s.building()) < Math.max(s.width(), s.depth()) + 3
                    || distanceToSegment(at, v(s.place().at()), heart) < 4) {
                return false;
            }
        }
        for (Prop p : world.props()) {
            if (flatDistance(at, v(p.at())) < 4) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where a prop stands: where the file puts it, on the ground; things that float (boats,
     * rafts) are moved out onto the water.
     */
    public Vector3f propAt(Prop prop) {
        Vector3f at = v(prop.at());
        if (shore.isPresent() && Words.any(prop.kind() + " " + prop.id(), "boat", "raft", "canoe", "buoy", "skiff")) {
            Shore s = shore.get();
            float out = 5 - s.beyond(at.x, at.z);
            if (out > 0) {
                at.addLocal(s.dx() * out, 0, s.dz() * out);
            }
            return at.setY(WATER_HEIGHT);
        }
        if (prop.at().y() == 0) {
            at.y = height(at.x, at.z);
        }
        return at;
    }

    private Site site(Place p) {
        PlaceKind kind = PlaceKind.of(p);
        Vector3f at = v(p.at());
        if (kind.open()) {
            float yaw = FastMath.atan2(heart.x - at.x, heart.z - at.z);
            return new Site(p, kind, at, yaw, 0, 0);
        }
        float width = switch (kind) {
            case HALL -> 11;
            case CHAPEL -> 6;
            case TAVERN, MILL -> 8;
            case FORGE -> 6.5f;
            case TOWER -> 4;
            case TENT -> 4.5f;
            default -> 5.5f;
        };
        float depth = switch (kind) {
            case HALL -> 8;
            case CHAPEL -> 10;
            case TAVERN -> 7;
            case TOWER -> 4;
            default -> width * 0.85f;
        };
        // The building stands behind its place, seen from the heart, so the villager is at its door;
        // by the water it stands along the shore, not in the lake.
        Vector3f out = new Vector3f(at.x - heart.x, 0, at.z - heart.z);
        if (out.lengthSquared() < 1e-4f) {
            out.set(0, 0, -1);
        }
        out.normalizeLocal();
        if (shore.isPresent()) {
            Shore s = shore.get();
            float towardsWater = out.x * s.dx() + out.z * s.dz();
            if (towardsWater > 0.3f) {
                float side = (at.x - heart.x) * -s.dz() + (at.z - heart.z) * s.dx() >= 0 ? 1 : -1;
                out.set(-s.dz() * side, 0, s.dx() * side);
            }
        }
        float back = Math.max(depth / 2 + 2.2f, Math.min(p.radius() * 0.7f, depth / 2 + 4));
        Vector3f building = at.add(out.mult(back));
        building.y = p.at().y();
        float yaw = FastMath.atan2(-out.x, -out.z); // the door faces back towards the place
        return new Site(p, kind, building, yaw, width, depth);
    }

    /** The main open place nearest the middle, else the middle itself. */
    private static Vector3f heartOf(List<Place> places, Vector3f centre) {
        Place best = null;
        float bestScore = Float.MAX_VALUE;
        for (Place p : places) {
            if (PlaceKind.of(p) == PlaceKind.OPEN) {
                float score = flatDistance(v(p.at()), centre) - 2 * p.radius();
                if (score < bestScore) {
                    bestScore = score;
                    best = p;
                }
            }
        }
        // A far lookout is not the heart: the middle of the places is.
        return best != null && bestScore < 12 ? v(best.at()) : centre.clone();
    }

    private static Optional<Shore> shoreOf(World world, String all, Vector3f centre) {
        boolean sea = Words.any(
                all, "sea", "ocean", "bay", "harbour", "harbor", "coast", "ship", "island", "port", "beach", "cove",
                "fjord", "seaside");
        boolean lake = Words.any(
                all, "lake", "mere", "pond", "loch", "lagoon", "river", "lakeside", "riverside", "reservoir", "tarn");
        if (!sea && !lake) {
            return Optional.empty();
        }
        List<Place> waterside = new ArrayList<>();
        for (Place p : world.places()) {
            String text = p.id() + " " + p.name() + " " + p.description();
            if (PlaceKind.of(p) == PlaceKind.PIER
                    || Words.any(
                            text,
                            "shore",
                            "beach",
                            "waterfront",
                            "lakeside",
                            "seaside",
                            "riverside",
                            "strand",
                            "quay",
                            "fisherman",
                            "boat")) {
                waterside.add(p);
            }
        }
        float dx = 0;
        float dz = 1; // open water to the south when no place says where it is
        if (!waterside.isEmpty()) {
            Vector3f towards = centroid(waterside).subtractLocal(centre).setY(0);
            if (towards.length() > 1) {
                towards.normalizeLocal();
                dx = towards.x;
                dz = towards.z;
            }
        }
        float at = -Float.MAX_VALUE;
        for (Place p : world.places()) {
            float along = p.at().x() * dx + p.at().z() * dz;
            at = Math.max(at, along + (waterside.contains(p) ? 3 : p.radius()));
        }
        return Optional.of(new Shore(dx, dz, at, lake && !sea));
    }

    private static String namesOf(World world) {
        StringBuilder b = new StringBuilder(world.name() + " " + world.description());
        for (Place p : world.places()) {
            b.append(' ').append(p.id()).append(' ').append(p.name());
        }
        return b.toString();
    }

    private static String allText(World world) {
        StringBuilder b = new StringBuilder(world.name() + " " + world.description());
        for (Place p : world.places()) {
            b.append(' ')
                    .append(p.id())
                    .append(' ')
                    .append(p.name())
                    .append(' ')
                    .append(p.description());
        }
        return b.toString();
    }

    private static Vector3f centroid(List<Place> places) {
        Vector3f c = new Vector3f();
        for (Place p : places) {
            c.addLocal(p.at().x(), 0, p.at().z());
        }
        return places.isEmpty() ? c : c.divideLocal(places.size());
    }

    static float flatDistance(Vector3f a, Vector3f b) {
        return FastMath.sqrt(sq(a.x - b.x) + sq(a.z - b.z));
    }

    /** Distance on the ground from a point to the path between two others. */
    static float distanceToSegment(Vector3f p, Vector3f a, Vector3f b) {
        float abx = b.x - a.x;
        float abz = b.z - a.z;
        float len = abx * abx + abz * abz;
        float t = len == 0 ? 0 : FastMath.clamp(((p.x - a.x) * abx + (p.z - a.z) * abz) / len, 0, 1);
        return FastMath.sqrt(sq(p.x - (a.x + t * abx)) + sq(p.z - (a.z + t * abz)));
    }

    private static float smooth(float from, float to, float x) {
        float t = FastMath.clamp((x - from) / (to - from), 0, 1);
        return t * t * (3 - 2 * t);
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    private static float sq(float v) {
        return v * v;
    }

    static Vector3f v(Vec3 p) {
        return new Vector3f(p.x(), p.y(), p.z());
    }
}
