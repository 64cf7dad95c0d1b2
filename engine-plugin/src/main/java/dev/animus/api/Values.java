package dev.animus.api;

import dev.animus.behaviour.NpcCommand;
import dev.animus.behaviour.NpcMind;
import dev.animus.inference.LatencyWindow;
import dev.animus.inference.QueueMetrics;
import dev.animus.memory.FactIndex;
import dev.animus.memory.Memory;
import java.util.List;

/**
 * The core's values as the public API's own: the core never imports this package, so its
 * records cross into a game's hands here, copied. Any thread.
 */
final class Values {
    private Values() {}

    static NpcAction action(NpcCommand c) {
        return new NpcAction(c.npc(), c.source(), c.action(), c.them());
    }

    static NpcState state(NpcMind mind) {
        return mind == null ? null : new NpcState(mind.emotion(), mind.activity(), mind.variables());
    }

    static NpcMemory memory(Memory m) {
        return new NpcMemory(
                m.text(),
                m.time(),
                m.importance(),
                m.heard() ? m.hearsay().fromId() : null,
                m.heard() ? m.hearsay().witnessId() : null,
                m.secret());
    }

    static List<NpcMemory> memories(List<Memory> memories) {
        return memories.stream().map(Values::memory).toList();
    }

    static List<RelevantFact> facts(List<FactIndex.Scored> scored) {
        return scored.stream().map(s -> new RelevantFact(s.fact(), s.score())).toList();
    }

    static Latency latency(LatencyWindow.Summary s) {
        return new Latency(s.count(), s.p50Ms(), s.p95Ms(), s.p99Ms(), s.maxMs(), s.meanMs());
    }

    static QueueFigures figures(QueueMetrics m) {
        return m == null
                ? null
                : new QueueFigures(
                        m.queued(),
                        m.running(),
                        m.submitted(),
                        m.completed(),
                        m.failed(),
                        m.cancelled(),
                        m.superseded(),
                        m.shed(),
                        m.rejected(),
                        m.batches(),
                        m.batchSizes(),
                        latency(m.latency()),
                        latency(m.batchTime()),
                        m.workersReplaced(),
                        m.lastFault());
    }
}
