package dev.animus.demo.play;

import com.jme3.math.ColorRGBA;
import com.jme3.scene.Node;
import com.simsilica.lemur.Container;
import com.simsilica.lemur.Label;
import com.simsilica.lemur.component.QuadBackgroundComponent;
import dev.animus.api.AnimusAppState;
import dev.animus.api.NpcBrainControl;
import dev.animus.api.NpcState;
import dev.animus.api.QueueFigures;
import dev.animus.api.WorldSession;
import java.util.Locale;

/**
 * F3: the inference queue live (device, depth, batch sizes, latencies, tokens per second)
 * and each NPC's state. Refreshed twice a second while shown. Render thread.
 */
final class DebugPanel {
    private final Container panel = new Container();
    private final Label text = new Label("");
    private final Node gui;
    private final AnimusAppState animus;
    private final WorldSession world;
    private float sinceRefresh;
    private long lastTokens;
    private double tokensPerSecond;
    private float frames;
    private float frameSeconds;
    private double fps;

    DebugPanel(Node gui, int width, int height, AnimusAppState animus, WorldSession world) {
        this.gui = gui;
        this.animus = animus;
        this.world = world;
        panel.setBackground(new QuadBackgroundComponent(new ColorRGBA(0, 0, 0, 0.7f)));
        Label title = panel.addChild(new Label("Animus debug (F3)"));
        title.setColor(new ColorRGBA(0.6f, 0.9f, 1f, 1));
        panel.addChild(text);
        text.setFontSize(14);
        panel.setLocalTranslation(width - 560, height - 10, 20);
    }

    void toggle() {
        if (panel.getParent() == null) {
            gui.attachChild(panel);
            sinceRefresh = 1; // at once
        } else {
            panel.removeFromParent();
        }
    }

    /** @return whether it is shown */
    boolean shown() {
        return panel.getParent() != null;
    }

    /** @return the text shown */
    String text() {
        return text.getText();
    }

    void update(float tpf) {
        frames++;
        frameSeconds += tpf;
        sinceRefresh += tpf;
        if (sinceRefresh < 0.5f) {
            return;
        }
        long tokens = animus.tokensGenerated();
        tokensPerSecond = (tokens - lastTokens) / sinceRefresh;
        lastTokens = tokens;
        fps = frames / Math.max(1e-3f, frameSeconds);
        frames = 0;
        frameSeconds = 0;
        sinceRefresh = 0;
        if (shown()) {
            text.setText(render());
        }
    }

    private String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "%.0f fps   devices %s%n",
                fps,
                animus.devices().isEmpty() ? "(loading)" : animus.devices()));
        QueueFigures m = animus.queueMetrics();
        if (m != null) {
            b.append(String.format(
                    Locale.ROOT,
                    "queue: %d waiting, %d running   %d done, %d failed, %d shed%n",
                    m.queued(),
                    m.running(),
                    m.completed(),
                    m.failed(),
                    m.shed()));
            b.append(String.format(
                    Locale.ROOT,
                    "batches: %d, mean %.1f, largest %d%n",
                    m.batches(),
                    m.meanBatchSize(),
                    m.largestBatch()));
            b.append(String.format(
                    Locale.ROOT,
                    "latency p50 %.0f ms, p95 %.0f ms   batch time p50 %.0f ms%n",
                    m.latency().p50Ms(),
                    m.latency().p95Ms(),
                    m.batchTime().p50Ms()));
            if (m.lastFault() != null) { // what went wrong last, and stalled workers replaced
                b.append(String.format(
                        Locale.ROOT,
                        "fault: %s   workers replaced %d%n",
                        m.lastFault().length() > 90 ? m.lastFault().substring(0, 87) + "..." : m.lastFault(),
                        m.workersReplaced()));
            }
        }
        b.append(String.format(
                Locale.ROOT,
                "decoder: %.0f tokens/s   render thread p50 %.2f ms, p99 %.2f ms%n",
                tokensPerSecond,
                animus.renderThreadCost().p50Ms(),
                animus.renderThreadCost().p99Ms()));
        for (NpcBrainControl npc : animus.npcs()) {
            NpcState mind = world.state(npc.npcId());
            double rest = Math.max(
                    npc.backoffSeconds(),
                    world.npc(npc.npcId()).isPresent() ? world.replyBackoffSeconds(npc.npcId()) : 0);
            b.append(String.format(
                    Locale.ROOT,
                    "%-7s %-8s %-10s clip %-13s thoughts %d%s%n",
                    npc.npcId(),
                    npc.walking() ? "walking" : mind == null || mind.activity() == null ? "-" : mind.activity(),
                    mind == null ? "-" : mind.emotion(),
                    npc.playingClip() == null ? "-" : npc.playingClip(),
                    npc.thoughts(),
                    rest > 0 ? String.format(Locale.ROOT, "   backing off %.0f s", rest) : ""));
        }
        return b.toString().stripTrailing();
    }
}
