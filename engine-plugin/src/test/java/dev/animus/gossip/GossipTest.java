package dev.animus.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.animus.memory.Memory;
import dev.animus.model.encoder.Embedding;
import dev.animus.world.Social;
import dev.animus.world.Tie;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The rules of NPCs' talk: what is told, to whom, in whose words, and what never is. */
class GossipTest {
    private static final double DAY = 600;
    private static final Embedding E = Embedding.of(new float[] {1, 0, 0});
    private static final Random ALWAYS = new Random(0) {
        @Override
        public double nextDouble() {
            return 0; // every meeting becomes a talk
        }
    };

    private static Gossip.Person person(String id, String name, Social social, Memory... memories) {
        return new Gossip.Person(id, name, social, List.of(memories));
    }

    private static Memory saw(String text, double time, float importance) {
        return new Memory(text, time, importance, E);
    }

    @Test
    void theWitnessesPronounsBecomeItsNameAndQuotedSpeechStaysAsSaid() {
        assertEquals(
                "The stranger drew a weapon near Vey.",
                Retelling.thirdPerson("The stranger drew a weapon near me.", "Vey"));
        assertEquals(
                "The stranger threatened Vey, saying \"I will burn your gate, me and my men.\"",
                Retelling.thirdPerson(
                        "The stranger threatened me, saying \"I will burn your gate, me and my men.\"", "Vey"));
        assertEquals("Vey noticed: the bell rings.", Retelling.thirdPerson("I noticed: the bell rings.", "Vey"));
        assertEquals(
                "Vey's dog ran off; Vey is sure Vey has seen it since.",
                Retelling.thirdPerson("My dog ran off; I'm sure I've seen it since.", "Vey"));
        assertEquals("Captain Vey", Retelling.shortName("Captain Vey of the watch"));
        assertEquals("Old Hollis", Retelling.shortName("Old Hollis the fisherman"));
        assertEquals("Mira", Retelling.shortName("Mira"));
    }

    @Test
    void whatIsPassedOnIsTheWitnesssMemoryUnchangedWithWhoToldIt() {
        Gossip.Person vey = person(
                "vey", "Captain Vey of the watch", Social.DEFAULT, saw("The stranger drew a sword at me.", 0, 0.9f));
        Gossip.Person mira = person("mira", "Mira the innkeeper", Social.DEFAULT);
        Gossip.Person hollis = person("hollis", "Hollis", Social.DEFAULT);
        List<Gossip.Telling> first = Gossip.meet(vey, mira, 10, DAY, ALWAYS);
        assertEquals(1, first.size(), first.toString());
        Memory heard = first.get(0).heard();
        assertEquals("Captain Vey told me: The stranger drew a sword at Captain Vey.", heard.text());
        assertEquals("vey", heard.hearsay().witnessId());
        assertEquals(1, heard.hearsay().hops());
        assertEquals(0.9f * Gossip.FADE, heard.importance(), 1e-6f, "a memory heard matters less than one seen");
        assertEquals(10, heard.time(), 0, "heard when told");

        Gossip.Person miraKnows = person("mira", "Mira the innkeeper", Social.DEFAULT, heard);
        Memory second = Gossip.meet(miraKnows, hollis, 20, DAY, ALWAYS).get(0).heard();
        assertEquals("Mira told me: The stranger drew a sword at Captain Vey.", second.text());
        assertEquals(heard.hearsay().content(), second.hearsay().content(), "the same words, never reworded");
        assertEquals(2, second.hearsay().hops());
        assertEquals("Captain Vey", second.hearsay().witnessName());
        assertEquals(
                List.of(),
                Gossip.meet(miraKnows, vey, 30, DAY, ALWAYS),
                "nobody is told what they told, nor what they saw");
    }

    @Test
    void aSecretIsNeverToldAndTriviaIsNotWorthTelling() {
        Gossip.Person pip = person(
                "pip",
                "Pip",
                new Social(1, Map.of()),
                new Memory("I hid a coin under the stone.", 0, 1f, E, null, true),
                saw("The stranger said to me: \"hello\".", 0, 0.2f));
        Gossip.Person mira = person("mira", "Mira", new Social(1, Map.of()));
        for (int i = 0; i < 20; i++) {
            assertEquals(List.of(), Gossip.meet(pip, mira, i, DAY, ALWAYS));
        }
    }

    @Test
    void aRumourFadesWithEachTellingAndWithTime() {
        double now = 0;
        Memory m = saw("The stranger drew a sword at me.", now, 0.9f);
        Gossip.Person teller = person("a0", "A0", Social.DEFAULT, m);
        int hops = 0;
        for (int i = 1; i < 10; i++) {
            Gossip.Person listener = person("a" + i, "A" + i, Social.DEFAULT);
            List<Gossip.Telling> told = Gossip.meet(teller, listener, now, DAY, ALWAYS);
            if (told.isEmpty()) {
                break;
            }
            hops++;
            teller = person("a" + i, "A" + i, Social.DEFAULT, told.get(0).heard());
        }
        assertTrue(
                hops >= 2 && hops <= 4,
                "a rumour worth 0.9 goes a few tellings, then is no longer worth telling: " + hops);
        assertEquals(
                List.of(),
                Gossip.worthTelling(
                        person("a", "A", Social.DEFAULT, m), person("b", "B", Social.DEFAULT), 3 * DAY, DAY),
                "three days on, old news");
    }

    @Test
    void friendsRivalsAndDistrustShapeWhatPasses() {
        List<Memory> three = List.of(
                saw("The stranger drew a sword at me.", 0, 0.9f),
                saw("The stranger gave me a coin.", 0, 0.6f),
                saw("I noticed: the stranger is limping.", 0, 0.65f));
        Gossip.Person friendly = new Gossip.Person("a", "A", new Social(0.5f, Map.of("b", Tie.FRIEND)), three);
        Gossip.Person rivalry = new Gossip.Person("a", "A", new Social(0.5f, Map.of("b", Tie.RIVAL)), three);
        Gossip.Person b = person("b", "B", Social.DEFAULT);
        assertEquals(3, Gossip.worthTelling(friendly, b, 0, DAY).size(), "a friend hears one more");
        assertEquals(
                List.of("The stranger drew a sword at me."),
                Gossip.worthTelling(rivalry, b, 0, DAY).stream()
                        .map(Memory::text)
                        .toList(),
                "a rival hears only what matters most");
        Gossip.Person doubter = person("b", "B", new Social(0.5f, Map.of("a", Tie.DISTRUSTS)));
        Memory heard = Gossip.meet(person("a", "A", Social.DEFAULT, three.get(0)), doubter, 0, DAY, ALWAYS)
                .get(0)
                .heard();
        assertEquals(0.9f * Gossip.FADE * 0.5f, heard.importance(), 1e-6f, "what a distrusted NPC says counts half");
        assertEquals(
                0, Gossip.chanceToTalk(person("a", "A", new Social(0, Map.of())), b), 0, "the unsociable never talk");
        assertEquals(
                1,
                Gossip.chanceToTalk(
                        friendly, new Gossip.Person("b", "B", new Social(0.5f, Map.of("a", Tie.FRIEND)), List.of())),
                1e-9,
                "friends talk more");
    }

    @Test
    void inAWellMixedVillageNewsReachesMostWithinTwoDaysAndSecretsNobody() {
        // Ten NPCs who meet a random other once an eighth of a day, sociability 0.5.
        Random random = new Random(42);
        Map<String, List<Memory>> minds = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            minds.put("n" + i, new ArrayList<>());
        }
        minds.get("n0").add(saw("The stranger burned the mill down before my eyes.", 0, 1f));
        minds.get("n0").add(new Memory("I started the fire myself.", 0, 1f, E, null, true));
        for (double t = 0; t < 2 * DAY; t += DAY / 8) {
            for (int i = 0; i < 10; i++) {
                int j = random.nextInt(10);
                if (j == i) {
                    continue;
                }
                Gossip.Person a = person(
                        "n" + i, "N" + i, Social.DEFAULT, minds.get("n" + i).toArray(Memory[]::new));
                Gossip.Person b = person(
                        "n" + j, "N" + j, Social.DEFAULT, minds.get("n" + j).toArray(Memory[]::new));
                for (Gossip.Telling told : Gossip.meet(a, b, t, DAY, random)) {
                    minds.get(told.to()).add(told.heard());
                }
            }
        }
        long knowing = minds.values().stream()
                .filter(ms -> ms.stream().anyMatch(m -> m.text().contains("burned the mill")))
                .count();
        long secret = minds.values().stream()
                .filter(ms -> ms.stream()
                        .anyMatch(m ->
                                m.text().contains("fire myself") || m.text().contains("started the fire")))
                .count();
        assertTrue(knowing >= 6, "the news reached " + knowing + " of 10");
        assertEquals(1, secret, "the secret stays with its keeper");
    }
}
