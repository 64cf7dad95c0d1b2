package dev.animus.scene;

import com.jme3.app.Application;
import com.jme3.app.state.BaseAppState;
import com.jme3.math.Vector3f;
import com.jme3.renderer.queue.RenderQueue;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import com.jme3.scene.control.BillboardControl;
import com.simsilica.lemur.GuiGlobals;
import dev.animus.behaviour.NpcCommand;
import dev.animus.runtime.WorldEvents;
import dev.animus.world.Action;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Lemur speech bubbles above NPCs' heads: world-space, facing the camera, word-wrapped, the
 * text appearing word by word as the decoder streams it (a burst of words, such as a grounded
 * answer's fact, unfolds at a quick reading pace instead of popping in; scripted lines at a
 * reading pace), a "..." while a reply is being thought of, staying long enough to read, then
 * fading.
 * Bubbles of NPCs standing close are stacked instead of overlapping, and bubbles far from the
 * camera are hidden. Attached by the plugin's state when a world loads; it hears the world's
 * lines ({@link WorldEvents}). Render thread only.
 */
public final class SpeechBubbles extends BaseAppState implements WorldEvents {
    /** Makes an NPC's bubble (the game's own drawing, or {@link LemurBubble}). */
    @FunctionalInterface
    public interface Drawer {
        /** @return a new, empty bubble for the NPC */
        View create(String npcId);
    }

    /** One bubble as drawn. */
    public interface View {
        /** @return what is drawn, in world units, its origin at the bottom centre of the bubble */
        Spatial spatial();

        /** @param text what it shows now */
        void setText(String text);

        /** @param alpha opacity, 0 to 1 */
        void setAlpha(float alpha);

        /** @return width and height in world units (a new vector) */
        Vector3f size();
    }

    /** Name of a bubble's node (a child of the NPC's spatial). */
    public static final String NODE_NAME = "speech bubble";
    /** Height of a bubble's bottom above the NPC's origin, in world units. */
    public static final float HEIGHT = 2.4f;
    /** World units per Lemur pixel: a 16 px line is 0.16 m high. */
    static final float SCALE = 0.01f;
    /** Width at which text wraps, in Lemur pixels (3 m). */
    static final float WRAP = 300;
    /** Bubbles beyond this distance from the camera are hidden. */
    static final float VISIBLE_METRES = 35;
    /** Scripted lines appear at this many words a second. */
    static final float WORDS_PER_SECOND = 8;
    /**
     * Streamed words that arrive together appear at this many a second: quick enough never to
     * lag a decoder that writes a word or two a frame, slow enough that a burst reads as speech.
     */
    static final float STREAMED_WORDS_PER_SECOND = 24;

    private final Map<String, Bubble> bubbles = new HashMap<>();
    private final Function<String, Spatial> bodies;
    private final Drawer drawer;

    /**
     * @param bodies an NPC's spatial by id, or null
     * @param drawer how bubbles are drawn, or null for {@link LemurBubble}
     */
    public SpeechBubbles(Function<String, Spatial> bodies, Drawer drawer) {
        super("Animus speech bubbles");
        this.bodies = bodies;
        this.drawer = drawer != null ? drawer : npcId -> new LemurBubble();
    }

    /** One NPC's bubble. */
    private final class Bubble {
        final Node node = new Node(NODE_NAME);
        final View drawn;
        String text = "";
        String target = "";
        int shownWords;
        float sinceWord;
        float left;
        boolean streaming;
        boolean thinking;
        float dots;

        Bubble(Spatial npc, String npcId) {
            drawn = drawer.create(npcId);
            node.attachChild(drawn.spatial());
            node.addControl(new BillboardControl());
            node.setQueueBucket(RenderQueue.Bucket.Transparent); // it fades
            node.setLocalTranslation(0, HEIGHT, 0);
            ((Node) npc).attachChild(node);
        }

        void say(String text, boolean streamed) {
            // A stream that goes on keeps the words already shown; anything else starts afresh.
            boolean goesOn = streaming && streamed && !thinking && text.startsWith(this.text);
            thinking = false;
            streaming = streamed;
            target = text;
            if (!goesOn) {
                shownWords = 0;
                sinceWord = 0;
                show("");
            }
            left = readingSeconds(text);
        }

        void show(String text) {
            this.text = text;
            drawn.setText(text);
            setAlpha(1);
        }

        void setAlpha(float a) {
            drawn.setAlpha(a);
        }
    }

    /** @return how long a line stays: long enough to read, by its length */
    public static float readingSeconds(String text) {
        return 2.5f + 0.06f * text.length();
    }

    /**
     * @param npcId an NPC
     * @return the text its bubble shows now, or null if it has none showing
     */
    public String textOf(String npcId) {
        Bubble b = bubbles.get(npcId);
        return b == null || b.node.getParent() == null ? null : b.text;
    }

    @Override
    public void thinking(String npcId, String words) {
        Bubble b = bubble(npcId);
        if (b != null) {
            b.thinking = true;
            b.dots = 0;
            b.left = 30;
            b.show("...");
        }
    }

    @Override
    public void partialReply(String npcId, String textSoFar) {
        Bubble b = bubble(npcId);
        if (b != null) {
            b.say(textSoFar, true);
        }
    }

    /** Lines from behaviours and replies (a reply's whole text comes as its {@code Say} command). */
    @Override
    public void acted(NpcCommand c) {
        if (c.action() instanceof Action.Say say) {
            Bubble b = bubble(c.npc());
            if (b != null) {
                // A streamed reply already shows its text: keep it, and just restart its reading time.
                boolean same = b.streaming && b.target.equals(say.line());
                b.say(say.line(), same);
            }
        }
    }

    private Bubble bubble(String npcId) {
        Spatial body = bodies.apply(npcId);
        if (!(body instanceof Node)) {
            return null;
        }
        Bubble b = bubbles.get(npcId);
        if (b == null || b.node.getParent() != body) {
            if (b != null) {
                b.node.removeFromParent();
            }
            b = new Bubble(body, npcId);
            bubbles.put(npcId, b);
        }
        return b;
    }

    @Override
    public void update(float tpf) {
        List<Bubble> shown = new ArrayList<>();
        Vector3f camera = getApplication().getCamera().getLocation();
        for (Bubble b : bubbles.values()) {
            if (b.node.getParent() == null) {
                continue;
            }
            if (b.thinking) {
                b.dots += tpf;
                String dots = ".".repeat(1 + (int) (b.dots * 3) % 3);
                if (!dots.equals(b.text)) { // a re-layout only when the cue changes
                    b.show(dots);
                }
            } else {
                reveal(b, tpf);
            }
            b.left -= tpf;
            if (b.left <= 0) {
                b.node.removeFromParent();
                continue;
            }
            if (b.left < 0.5f) {
                b.setAlpha(b.left / 0.5f); // fade out over the last half second
            }
            boolean near = b.node.getParent().getWorldTranslation().distance(camera) <= VISIBLE_METRES;
            b.node.setCullHint(near ? Spatial.CullHint.Inherit : Spatial.CullHint.Always);
            if (near) {
                shown.add(b);
            }
        }
        unstack(shown, camera);
    }

    private void reveal(Bubble b, float tpf) {
        int words = wordCount(b.target);
        if (b.shownWords >= words) {
            return;
        }
        b.sinceWord += tpf;
        float pace = b.streaming ? STREAMED_WORDS_PER_SECOND : WORDS_PER_SECOND;
        int due = Math.min(words, b.shownWords + (int) (b.sinceWord * pace));
        if (due > b.shownWords || b.shownWords == 0) {
            b.shownWords = Math.max(1, due);
            b.sinceWord = 0;
            b.show(firstWords(b.target, b.shownWords));
        }
    }

    private static int wordCount(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i)) && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                n++;
            }
        }
        return n;
    }

    /** The text up to the end of its n-th word, spacing kept as written. */
    static String firstWords(String text, int n) {
        int seen = 0;
        for (int i = 0; i < text.length(); i++) {
            boolean ends = !Character.isWhitespace(text.charAt(i))
                    && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)));
            if (ends && ++seen == n) {
                return text.substring(0, i + 1);
            }
        }
        return text;
    }

    /** NPCs standing close: the farther one's bubble goes above the nearer one's. */
    private static void unstack(List<Bubble> shown, Vector3f camera) {
        shown.sort(Comparator.comparingDouble(
                b -> b.node.getParent().getWorldTranslation().distance(camera)));
        List<Bubble> placed = new ArrayList<>();
        for (Bubble b : shown) {
            float lift = 0;
            Vector3f at = b.node.getParent().getWorldTranslation();
            for (Bubble p : placed) {
                Vector3f other = p.node.getParent().getWorldTranslation();
                if (Math.abs(at.x - other.x) < 2.5f && Math.abs(at.z - other.z) < 2.5f) {
                    lift = Math.max(lift, p.node.getLocalTranslation().y - HEIGHT + p.drawn.size().y + 0.1f);
                }
            }
            b.node.setLocalTranslation(0, HEIGHT + lift, 0);
            placed.add(b);
        }
    }

    @Override
    protected void initialize(Application app) {
        if (GuiGlobals.getInstance() == null) { // the game may have set Lemur up already
            GuiGlobals.initialize(app);
        }
    }

    @Override
    protected void cleanup(Application app) {
        bubbles.values().forEach(b -> b.node.removeFromParent());
        bubbles.clear();
    }

    @Override
    protected void onEnable() {}

    @Override
    protected void onDisable() {
        bubbles.values().forEach(b -> b.node.removeFromParent());
    }
}
