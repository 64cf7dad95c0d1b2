package dev.animus.model.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Facts about an NPC, as the NPC says them; facts about anything else, as written. */
class FirstPersonTest {

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            He repairs armour by noon the next day.          | Brann the blacksmith | I repair armour by noon the next day.
            His apprentice Tilda ran off to the capital.     | Brann the blacksmith | My apprentice Tilda ran off to the capital.
            He thinks the mayor's new tax is robbery.        | Brann                | I think the mayor's new tax is robbery.
            He lost his boat, the Gull, in a storm.          | Hollis               | I lost my boat, the Gull, in a storm.
            She gathers herbs in the marsh.                  | Sera the healer      | I gather herbs in the marsh.
            She treats the poor for free.                    | Sera                 | I treat the poor for free.
            She carries her father's sword.                  | Ada                  | I carry my father's sword.
            She is afraid of deep water.                     | Ada                  | I am afraid of deep water.
            He has a scar on his left hand.                  | Tam                  | I have a scar on my left hand.
            He only comes in on Fridays.                     | Tam                  | I only come in on Fridays.
            She never goes past the old mill.                | Ada                  | I never go past the old mill.
            He doesn't trust the new priest.                 | Tam                  | I don't trust the new priest.
            He trained in Vienna.                            | Dr. Imre Farkas      | I trained in Vienna.
            He can climb faster than anyone aboard.          | Tam                  | I can climb faster than anyone aboard.
            He's been asking for a new server for years.     | Sanjay               | I've been asking for a new server for years.
            She's the best cook on the ship.                 | Ada                  | I'm the best cook on the ship.
            Her husband left her last spring.                | Ada                  | My husband left me last spring.
            She told her brother about the map.              | Ada                  | I told my brother about the map.
            The captain pays her in gold.                    | Ada                  | The captain pays her in gold.
            Visiting hours on her ward end at 8.             | Florence             | Visiting hours on my ward end at 8.
            The roof of his shop leaks when it rains.        | Tam                  | The roof of my shop leaks when it rains.
            Mr. Okafor left his keys at the desk.            | Dolores              | Mr. Okafor left his keys at the desk.
            Every patient on her ward knows her name.        | Florence             | Every patient on her ward knows her name.
            He taught himself to read.                       | Tam                  | I taught myself to read.
            Pip knows a secret path behind the old mill.     | Pip                  | I know a secret path behind the old mill.
            Pip is scared of the lake lights.                | Pip                  | I am scared of the lake lights.
            Pip gave her a coin.                             | Pip                  | I gave her a coin.
            The fisherman Hollis saw the lights first.       | Mara the innkeeper   | The fisherman Hollis saw the lights first.
            Mr. Okafor from accounts is on leave until May.  | Dolores              | Mr. Okafor from accounts is on leave until May.
            They travel by night and rest by day.            | Yusuf                | They travel by night and rest by day.
            An iron sword costs 40 silver.                   | Brann                | An iron sword costs 40 silver.
            Hester fixes the nets.                           | Hollis               | Hester fixes the nets.
            He uses a silver hook.                           | Tam                  | I use a silver hook.
            She misses her sister.                           | Ada                  | I miss my sister.
            He tries every door twice.                       | Tam                  | I try every door twice.
            """)
    void aFactIsSaidByTheNpcItIsAbout(String fact, String npc, String said) {
        assertEquals(said, FirstPerson.say(fact, npc));
    }
}
