package dev.animus.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.world.Phase;
import dev.animus.world.Vec3;
import dev.animus.world.World;
import dev.animus.world.WorldClock;
import dev.animus.world.WorldParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule engine over a small world: triggers, conditions, cooldowns, once-per-day, chains, reload. */
public class BehaviourEngineTest {
    /** The test world, also used by WorldSessionTest. */
    public static final String WORLD = read("/Worlds/small.world");

    static String read(String resource) {
        try (var in = BehaviourEngineTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private final World world = new WorldParser().parse("t.world", WORLD);
    private final BehaviourEngine engine = new BehaviourEngine(world);
    private final Map<String, Vec3> where = new HashMap<>(
            Map.of("smith", new Vec3(0, 0, 0), "keeper", new Vec3(0, 0, -20), "player", new Vec3(30, 0, 0)));
    private double now;
    private long day;

    private List<String> step(Stimulus... stimuli) {
        now += 0.1;
        List<NpcCommand> out = engine.update(now, day, Phase.DAY, new Surroundings(where, 100), List.of(stimuli));
        List<String> said = new ArrayList<>();
        for (NpcCommand c : out) {
            said.add(c.npc() + ":" + c.source() + ":" + c.action() + (c.them() == null ? "" : "@" + c.them()));
        }
        return said;
    }

    @Test
    void thePlayerComingWithinRangeIsGreetedOncePerDay() {
        assertEquals(List.of(), step());
        where.put("player", new Vec3(3, 0, 0));
        assertEquals(List.of("smith:greet:Animate[action=nod]@player", "smith:greet:Say[line=Hm.]@player"), step());
        assertEquals(List.of(), step(), "standing inside does not greet again");
        where.put("player", new Vec3(20, 0, 0));
        step();
        where.put("player", new Vec3(3, 0, 0));
        assertEquals(List.of(), step(), "once per day");
        day++;
        where.put("player", new Vec3(20, 0, 0));
        step();
        where.put("player", new Vec3(3, 0, 0));
        assertEquals(2, step().size(), "a new day, a new greeting");
    }

    @Test
    void crossingTheEdgeBackAndForthWithinHalfAMetreDoesNotFlicker() {
        day = 5;
        where.put("player", new Vec3(4, 0, 0));
        assertEquals(2, step().size());
        day = 6; // once-per-day would allow it again: only the hysteresis holds it back
        where.put("player", new Vec3(4.3f, 0, 0));
        step();
        where.put("player", new Vec3(3.9f, 0, 0));
        assertEquals(List.of(), step());
    }

    @Test
    void aWeaponDrawnNearbyAlertsWithACooldownButNotWhenTheNpcDrawsItself() {
        Stimulus near = new Stimulus.EventHappened("weapon_drawn", "player", new Vec3(5, 0, 0));
        assertEquals(
                List.of("smith:alert:Emote[emotion=suspicious]@player", "smith:alert:Face[target=them]@player"),
                step(near));
        assertEquals("suspicious", engine.mind("smith").emotion());
        assertEquals(List.of(), step(near), "cooldown of 5 s");
        now += 5;
        assertEquals(2, step(near).size());
        now += 5;
        assertEquals(
                List.of(), step(new Stimulus.EventHappened("weapon_drawn", "player", new Vec3(9, 0, 0))), "beyond 8 m");
        assertEquals(List.of(), step(new Stimulus.EventHappened("weapon_drawn", "smith", new Vec3(0, 0, 0))));
    }

    @Test
    void variablesCountAndConditionsGateBehaviours() {
        Stimulus talk = new Stimulus.SpokenTo("smith", "player", "hello");
        assertEquals(List.of("smith:count:Say[line=Yes?]@player"), step(talk));
        step(talk);
        assertEquals(
                List.of("smith:count:Say[line=Yes?]@player", "smith:again:Say[line=You again.]@player"), step(talk));
        assertEquals(3.0, engine.mind("smith").variable("talks").orElseThrow());
    }

    @Test
    void duskStartsSchedulesAndARaisedEventIsHeardInTheSameUpdate() {
        List<String> out = step(new Stimulus.PhaseStarted(Phase.DUSK));
        assertEquals(
                List.of(
                        "smith:schedule:WalkTo[target=tavern]",
                        "smith:schedule:Animate[action=talk]",
                        "smith:ring:Raise[event=bell]",
                        "keeper:hears_bell:Say[line=The bell!]@smith"),
                out);
        assertEquals("talk", engine.mind("smith").activity());
    }

    @Test
    void enteringAPlaceIsSeenByItsKeeper() {
        where.put("player", new Vec3(0, 0, -17));
        assertEquals(List.of("keeper:welcome:Animate[action=wave]@player"), step());
        assertEquals(List.of(), step());
    }

    @Test
    void behavioursRaisingEachOthersEventsStopAfterABoundedChain() {
        List<String> out = step(new Stimulus.EventHappened("ping", "player", null));
        assertTrue(out.size() <= 2 * BehaviourEngine.MAX_CHAIN + 2, "commands: " + out.size());
        assertTrue(out.size() >= BehaviourEngine.MAX_CHAIN, "the chain ran: " + out.size());
    }

    @Test
    void reloadingKeepsTheStateOfWhatRemains() {
        step(new Stimulus.SpokenTo("smith", "player", "hi"));
        where.put("player", new Vec3(3, 0, 0));
        step();
        World edited = new WorldParser()
                .parse(
                        "t.world",
                        WORLD.replace("say: \"Hm.\"", "say: \"Welcome.\"").replace("- id: alert", "- id: alarm"));
        engine.replaceWorld(edited);
        assertEquals(1.0, engine.mind("smith").variable("talks").orElseThrow(), "variables survive");
        assertEquals(List.of(), step(), "the greeting already ran today, and its state survived");
        assertEquals(
                List.of("smith:alarm:Emote[emotion=suspicious]@player", "smith:alarm:Face[target=them]@player"),
                step(new Stimulus.EventHappened("weapon_drawn", "player", new Vec3(1, 0, 0))));
    }

    @Test
    void theClockRunsThroughTheDay() {
        WorldClock clock = new WorldClock(40, Phase.DAY);
        assertEquals(Phase.DAY, clock.phase());
        assertEquals(null, clock.advance(5));
        assertEquals(Phase.DUSK, clock.advance(5));
        assertEquals(Phase.NIGHT, clock.advance(10));
        assertEquals(Phase.DAWN, clock.advance(10));
        assertEquals(1, clock.day());
        clock.skipTo(Phase.DUSK);
        assertEquals(Phase.DUSK, clock.phase());
        assertEquals(1, clock.day());
        clock.skipTo(Phase.DAWN);
        assertEquals(2, clock.day());
    }
}
