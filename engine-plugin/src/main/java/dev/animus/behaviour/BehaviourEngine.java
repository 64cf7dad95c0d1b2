package dev.animus.behaviour;

import dev.animus.world.Action;
import dev.animus.world.Behaviour;
import dev.animus.world.Condition;
import dev.animus.world.NpcDefinition;
import dev.animus.world.Phase;
import dev.animus.world.Place;
import dev.animus.world.ScheduleEntry;
import dev.animus.world.Trigger;
import dev.animus.world.Vec3;
import dev.animus.world.World;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a world's behaviours: each update takes what happened (stimuli) and where everyone
 * is, fires the behaviours whose trigger matches and whose conditions hold, applies the
 * state changes (variables, emotion, cooldowns) and returns the actions for the game to
 * perform, in order.
 *
 * <p>Proximity and place triggers fire on crossing inward (with half a metre of hysteresis
 * going out), so standing still near an NPC greets once, not every frame. Events a behaviour
 * raises are handled in the same update, to a depth of {@value #MAX_CHAIN}, so two NPCs that
 * answer each other's events cannot loop forever.
 *
 * <p>Not thread-safe: the render thread owns it.
 */
public final class BehaviourEngine {
    private static final Logger LOG = LoggerFactory.getLogger(BehaviourEngine.class);
    /** How many events raised by behaviours one update follows before it stops. */
    public static final int MAX_CHAIN = 8;

    private static final float HYSTERESIS = 0.5f;

    private World world;
    /** The world's NPCs by id, kept: each percept looked them up in a map rebuilt for it. */
    private Map<String, NpcDefinition> npcsById = Map.of();
    /**
     * The NPCs with a proximity, place or health trigger, the only ones a frame's positions can
     * fire: a crowd without such behaviours cost the render thread two map lookups an NPC a frame.
     */
    private List<NpcDefinition> watchful = List.of();

    private final Map<String, NpcMind> minds = new HashMap<>();
    private SemanticMatcher matcher;

    /** @param world the world whose NPCs to run (not null) */
    public BehaviourEngine(World world) {
        replaceWorld(world);
    }

    /**
     * Swaps in a new version of the world (hot reload). NPCs that remain keep their
     * variables, emotion and the state of behaviours that keep their ids; removed NPCs and
     * behaviours are forgotten.
     *
     * @param newWorld the new world (not null)
     */
    public void replaceWorld(World newWorld) {
        this.world = Objects.requireNonNull(newWorld, "newWorld");
        npcsById = Map.copyOf(newWorld.npcsById());
        watchful = newWorld.npcs().stream()
                .filter(n -> n.behaviours().stream().anyMatch(b -> positional(b.trigger())))
                .toList();
        minds.keySet().retainAll(npcsById.keySet());
        for (NpcDefinition npc : newWorld.npcs()) {
            NpcMind mind = minds.computeIfAbsent(npc.id(), k -> new NpcMind());
            if (mind.activity == null) { // a new NPC starts doing what its schedule says for now
                ScheduleEntry now = npc.scheduleAt(newWorld.startPhase());
                mind.activity = now == null ? null : now.activity();
            }
            Set<String> ids = new HashSet<>();
            npc.behaviours().forEach(b -> ids.add(b.id()));
            mind.retainBehaviours(ids);
        }
    }

    private static boolean positional(Trigger t) {
        return t instanceof Trigger.PlayerWithin
                || t instanceof Trigger.NpcWithin
                || t instanceof Trigger.Enters
                || t instanceof Trigger.PlayerHealthBelow;
    }

    /** @return the world being run */
    public World world() {
        return world;
    }

    /** @param semanticMatcher the matcher semantic triggers use; null until trigger embeddings are ready */
    public void setSemanticMatcher(SemanticMatcher semanticMatcher) {
        this.matcher = semanticMatcher;
    }

    /** @return every semantic trigger sentence of the world (what a matcher must know) */
    public Set<String> semanticTriggerTexts() {
        Set<String> texts = new HashSet<>();
        for (NpcDefinition npc : world.npcs()) {
            for (Behaviour b : npc.behaviours()) {
                if (b.trigger() instanceof Trigger.Semantic s) {
                    texts.add(s.text());
                }
            }
        }
        return texts;
    }

    /**
     * @param npcId an NPC id
     * @return its mind, or null if the world has no such NPC
     */
    public NpcMind mind(String npcId) {
        return minds.get(npcId);
    }

    /**
     * Replaces an NPC's variables (a loaded save).
     *
     * @param npcId an NPC of the world (others are ignored)
     * @param variables the values, Strings or Doubles
     */
    public void restoreVariables(String npcId, Map<String, Object> variables) {
        NpcMind mind = minds.get(npcId);
        if (mind != null) {
            mind.vars.clear();
            mind.vars.putAll(variables);
        }
    }

    /**
     * Runs one update.
     *
     * @param now game time in seconds (for cooldowns)
     * @param day the day number (for once-per-day)
     * @param phase the current part of the day (for conditions)
     * @param around where everyone is (not null)
     * @param stimuli what happened since the last update (not null)
     * @return the actions to perform, in order
     */
    public List<NpcCommand> update(double now, long day, Phase phase, Surroundings around, List<Stimulus> stimuli) {
        Update u = new Update(now, day, phase, around);
        for (Stimulus s : stimuli) {
            u.handle(s, 0);
        }
        u.proximity();
        return u.commands;
    }

    /** One update's working state. */
    private final class Update {
        final double now;
        final long day;
        final Phase phase;
        final Surroundings around;
        final List<NpcCommand> commands = new ArrayList<>();
        final Deque<Stimulus.EventHappened> raised = new ArrayDeque<>();

        Update(double now, long day, Phase phase, Surroundings around) {
            this.now = now;
            this.day = day;
            this.phase = phase;
            this.around = around;
        }

        void handle(Stimulus stimulus, int depth) {
            if (stimulus instanceof Stimulus.EventHappened e) {
                event(e);
            } else if (stimulus instanceof Stimulus.PhaseStarted p) {
                phaseStarted(p.phase());
            } else if (stimulus instanceof Stimulus.SpokenTo s) {
                forBehaviours(s.npc(), b -> b.trigger() instanceof Trigger.SpokenTo, s.speaker());
            } else if (stimulus instanceof Stimulus.Given g) {
                forBehaviours(
                        g.npc(),
                        b -> b.trigger() instanceof Trigger.Given t
                                && (t.item().equals("any") || t.item().equals(g.item())),
                        g.giver());
            } else if (stimulus instanceof Stimulus.Perceived p) {
                perceived(p);
            }
            // Events raised by the behaviours just fired, in order, to a bounded depth.
            while (!raised.isEmpty()) {
                Stimulus.EventHappened next = raised.poll();
                if (depth + 1 > MAX_CHAIN) {
                    LOG.warn(
                            "Event '{}' raised by '{}' dropped: behaviours raised events {} deep in one frame"
                                    + " (a loop in the world file?)",
                            next.event(),
                            next.actor(),
                            MAX_CHAIN);
                    raised.clear();
                    return;
                }
                handle(next, depth + 1);
            }
        }

        void event(Stimulus.EventHappened e) {
            for (NpcDefinition npc : world.npcs()) {
                Vec3 at = around.positions().get(npc.id());
                float distance = at == null || e.at() == null ? 0 : at.distance(e.at());
                for (Behaviour b : npc.behaviours()) {
                    boolean fires = false;
                    if (b.trigger() instanceof Trigger.Event t) {
                        fires = t.event().equals(e.event())
                                && (t.metres() <= 0 || e.at() == null || distance <= t.metres());
                    } else if (b.trigger() instanceof Trigger.WeaponDrawnWithin t) {
                        fires = e.event().equals("weapon_drawn")
                                && !npc.id().equals(e.actor())
                                && at != null
                                && e.at() != null
                                && distance <= t.metres();
                    }
                    if (fires) {
                        fire(npc, b, e.actor());
                    }
                }
            }
        }

        void phaseStarted(Phase started) {
            for (NpcDefinition npc : world.npcs()) {
                ScheduleEntry entry = npc.scheduleAt(started);
                NpcMind mind = minds.get(npc.id());
                if (entry != null && entry.from() == started) {
                    mind.activity = entry.activity();
                    commands.add(new NpcCommand(
                            npc.id(),
                            "schedule",
                            new Action.WalkTo(entry.route().get(0)),
                            null));
                    commands.add(new NpcCommand(npc.id(), "schedule", new Action.Animate(entry.activity()), null));
                }
                for (Behaviour b : npc.behaviours()) {
                    if (b.trigger() instanceof Trigger.TimeOfDay t && t.phase() == started) {
                        fire(npc, b, null);
                    }
                }
            }
        }

        void perceived(Stimulus.Perceived p) {
            NpcDefinition npc = npcsById.get(p.npc());
            if (npc == null || matcher == null || p.embedding() == null) {
                return;
            }
            List<Trigger.Semantic> candidates = new ArrayList<>();
            npc.behaviours().forEach(b -> {
                if (b.trigger() instanceof Trigger.Semantic s) {
                    candidates.add(s);
                }
            });
            String matched = matcher.match(candidates, p.embedding());
            if (matched != null) {
                LOG.debug("'{}' perceived \"{}\" as \"{}\"", p.npc(), p.text(), matched);
                forBehaviours(
                        p.npc(),
                        b -> b.trigger() instanceof Trigger.Semantic s
                                && s.text().equals(matched),
                        p.subject());
            }
        }

        /** Edge-triggered proximity, place and health triggers, from this frame's positions. */
        void proximity() {
            Map<String, Vec3> pos = around.positions();
            Vec3 player = pos.get(Surroundings.PLAYER);
            for (NpcDefinition npc : watchful) {
                Vec3 at = pos.get(npc.id());
                if (at == null) {
                    continue;
                }
                NpcMind mind = minds.get(npc.id());
                for (Behaviour b : npc.behaviours()) {
                    Trigger trigger = b.trigger();
                    if (trigger instanceof Trigger.PlayerWithin t && player != null) {
                        edge(npc, b, mind, Surroundings.PLAYER, at.distance(player), t.metres());
                    } else if (trigger instanceof Trigger.NpcWithin t) {
                        pos.forEach((id, where) -> {
                            if (!id.equals(npc.id())
                                    && !id.equals(Surroundings.PLAYER)
                                    && (t.npc() == null || t.npc().equals(id))) {
                                edge(npc, b, mind, id, at.distance(where), t.metres());
                            }
                        });
                    } else if (trigger instanceof Trigger.Enters t) {
                        world.place(t.place())
                                .ifPresent(place -> pos.forEach((id, where) -> {
                                    if (!id.equals(npc.id())) {
                                        enters(npc, b, mind, id, place, where);
                                    }
                                }));
                    } else if (trigger instanceof Trigger.PlayerHealthBelow t) {
                        boolean hurt = player != null
                                && around.playerHealth() < t.percent()
                                && at.distance(player) <= t.metres();
                        if (hurt && mind.enter(b.id(), Surroundings.PLAYER)) {
                            fire(npc, b, Surroundings.PLAYER);
                        } else if (!hurt) {
                            mind.leave(b.id(), Surroundings.PLAYER);
                        }
                    }
                }
            }
        }

        void edge(NpcDefinition npc, Behaviour b, NpcMind mind, String subject, float distance, float metres) {
            if (distance <= metres) {
                if (mind.enter(b.id(), subject)) {
                    fire(npc, b, subject);
                }
            } else if (distance > metres + HYSTERESIS) {
                mind.leave(b.id(), subject);
            }
        }

        void enters(NpcDefinition npc, Behaviour b, NpcMind mind, String subject, Place place, Vec3 where) {
            if (place.contains(where)) {
                if (mind.enter(b.id(), subject)) {
                    fire(npc, b, subject);
                }
            } else {
                mind.leave(b.id(), subject);
            }
        }

        void forBehaviours(String npcId, Predicate<Behaviour> which, String them) {
            NpcDefinition npc = npcsById.get(npcId);
            if (npc != null) {
                for (Behaviour b : npc.behaviours()) {
                    if (which.test(b)) {
                        fire(npc, b, them);
                    }
                }
            }
        }

        void fire(NpcDefinition npc, Behaviour b, String them) {
            NpcMind mind = minds.get(npc.id());
            Double last = mind.lastRun.get(b.id());
            if (last != null && b.cooldownSeconds() > 0 && now - last < b.cooldownSeconds()) {
                return;
            }
            if (b.oncePerDay() && Long.valueOf(day).equals(mind.lastDay.get(b.id()))) {
                return;
            }
            for (Condition c : b.conditions()) {
                if (!Conditions.hold(c, mind, phase)) {
                    return;
                }
            }
            mind.lastRun.put(b.id(), now);
            mind.lastDay.put(b.id(), day);
            for (Action a : b.actions()) {
                // Variables are the engine's own state; everything else is for the game to do.
                if (a instanceof Action.SetVar s) {
                    mind.vars.put(s.name(), s.value());
                } else if (a instanceof Action.AddVar add) {
                    mind.vars.merge(
                            add.name(), add.amount(), (old, inc) -> (old instanceof Double d ? d : 0.0) + (Double) inc);
                } else {
                    if (a instanceof Action.Emote e) {
                        mind.emotion = e.emotion();
                    } else if (a instanceof Action.Raise r) {
                        raised.add(new Stimulus.EventHappened(
                                r.event(), npc.id(), around.positions().get(npc.id())));
                    }
                    commands.add(new NpcCommand(npc.id(), b.id(), a, them));
                }
            }
        }
    }
}
