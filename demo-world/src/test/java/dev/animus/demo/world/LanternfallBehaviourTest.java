package dev.animus.demo.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.scene.Node;
import dev.animus.api.AnimusAppState;
import dev.animus.api.HeadlessGame;
import dev.animus.api.NpcAction;
import dev.animus.api.WorldSession;
import dev.animus.world.Action;
import dev.animus.world.NpcDefinition;
import dev.animus.world.Phase;
import dev.animus.world.Vec3;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Lanternfall's behaviours in a running headless game with the real sentence encoder: each
 * step does something, then waits (a bounded number of frames) for what the spec says follows.
 */
class LanternfallBehaviourTest {
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Node player = new Node("player");

    private record Step(String name, Consumer<WorldSession> act, Predicate<List<String>> expect) {}

    private static Predicate<List<String>> has(String... lines) {
        return log -> log.containsAll(List.of(lines));
    }

    private static String line(NpcAction c) {
        Action a = c.action();
        String what = a instanceof Action.Say s
                ? "says " + s.line()
                : a instanceof Action.SayGenerated g
                        ? "improvises " + g.hint()
                        : a instanceof Action.Emote e
                                ? "feels " + e.emotion()
                                : a instanceof Action.Raise r
                                        ? "raises " + r.event()
                                        : a instanceof Action.Flee f
                                                ? "flees from " + f.from()
                                                : a instanceof Action.Follow f
                                                        ? "follows " + f.target()
                                                        : a instanceof Action.WalkTo w
                                                                ? "walks to " + w.target()
                                                                : a instanceof Action.Animate an
                                                                        ? "plays " + an.action()
                                                                        : a instanceof Action.Face f
                                                                                ? "faces " + f.target()
                                                                                : a.toString();
        return c.npc() + " " + what + (c.them() == null ? "" : " @" + c.them());
    }

    @Test
    void theSpecsBehavioursHappenInAHeadlessGame() throws Throwable {
        AnimusAppState animus = new AnimusAppState();
        WorldSession[] world = new WorldSession[1];
        List<Step> steps = new ArrayList<>(List.of(
                new Step("wait for the semantic triggers", w -> {}, l -> world[0].semanticTriggersReady()),
                new Step(
                        "the player walks up to Brann",
                        w -> player.setLocalTranslation(15, 0, 0),
                        has("brann says Hm. A stranger. Need something forged? @player", "brann plays nod @player")),
                new Step("walks away and back the same day", w -> player.setLocalTranslation(15, 0, 30), l -> true),
                new Step("back at the forge", w -> player.setLocalTranslation(16, 0, 0), l -> true),
                new Step(
                        "draws a weapon near Vey at the gate",
                        w -> {
                            player.setLocalTranslation(0, 0, -30);
                            w.raiseEvent("weapon_drawn", "player");
                        },
                        has(
                                "vey feels angry @player",
                                "vey says Drawn weapons are forbidden in the market. Put it away. Now. @player")),
                new Step(
                        "dusk falls",
                        w -> w.skipTo(Phase.DUSK),
                        has(
                                "aldine raises chapel_bell",
                                "brann says That's enough hammering for today.",
                                "brann walks to tavern")),
                new Step(
                        "someone raises a fist at Pip",
                        w -> w.reportPercept("pip", "the stranger raises a fist at Pip", "player"),
                        has("pip feels afraid @player", "pip flees from them @player")),
                new Step(
                        "the player asks Hollis about the lake",
                        w -> w.speak("hollis", "Tell me about the lake."),
                        has("hollis improvises tell a short story about the lake in the old days @player")),
                new Step(
                        "green lights over the lake",
                        w -> w.raiseEvent("lake_lights", null),
                        has(
                                "pip feels afraid",
                                "hollis says There... the green lights again. Just like three nights ago.")),
                new Step(
                        "Brann recalls what answers a question about blades",
                        w -> w.relevantFacts("brann", "How expensive are your swords?", 3)
                                .thenAccept(facts ->
                                        log.add("brann recalls " + facts.get(0).fact())),
                        has("brann recalls An iron sword costs 40 silver.")),
                new Step(
                        "the player gives Pip a coin",
                        w -> w.give("pip", "player", "coin"),
                        has("pip says A coin! Alright, mister, lead the way. @player", "pip follows player @player"))));
        int[] current = {0};
        long[] startedAt = {0};
        List<String> timeline = new ArrayList<>();

        HeadlessGame game = new HeadlessGame(
                60,
                app -> {
                    app.getStateManager().attach(animus);
                    world[0] = animus.loadWorld("Worlds/lanternfall.world");
                    world[0].setPlayer(player);
                    player.setLocalTranslation(-60, 0, 60);
                    app.getRootNode().attachChild(player);
                    Map<String, Vec3> homes = new java.util.HashMap<>();
                    for (NpcDefinition npc : world[0].world().npcs()) {
                        Vec3 at =
                                world[0].world().place(npc.home()).orElseThrow().at();
                        homes.put(npc.id(), at);
                        Node body = new Node(npc.name());
                        body.setLocalTranslation(at.x(), at.y(), at.z());
                        app.getRootNode().attachChild(body);
                        animus.addNpc(body, npc.id()).setThinkInterval(1);
                    }
                    world[0].addActionListener(c -> log.add(line(c)));
                },
                (app, frame) -> {
                    Step step = steps.get(current[0]);
                    if (startedAt[0] == 0) {
                        startedAt[0] = frame;
                        log.clear();
                        step.act().accept(world[0]);
                        return true;
                    }
                    if (step.expect().test(log)) {
                        timeline.add(step.name() + " -> " + log);
                        if (step.name().equals("back at the forge")) {
                            assertTrue(
                                    log.stream().noneMatch(s -> s.startsWith("brann says Hm.")),
                                    "Brann greets once a day: " + log);
                        }
                        current[0]++;
                        startedAt[0] = 0;
                        return current[0] < steps.size();
                    }
                    assertTrue(
                            frame - startedAt[0] < 60 * 60,
                            "step '" + step.name() + "' saw only " + log + "\nbefore: " + timeline);
                    return true;
                });
        game.runToEnd(240);
        assertEquals(steps.size(), current[0], String.join("\n", timeline));
        assertEquals("yes", world[0].state("pip").variable("paid").orElseThrow(), "Pip remembers being paid");
    }
}
