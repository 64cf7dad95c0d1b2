package dev.animus.runtime;

import dev.animus.behaviour.NpcCommand;
import dev.animus.dialogue.Answer;
import dev.animus.dialogue.DialogueService;
import dev.animus.dialogue.Recall;
import dev.animus.gossip.Gossip;
import dev.animus.world.Action;
import dev.animus.world.NpcDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two NPCs' talk said aloud, where the player can hear it: they turn to each other, the teller
 * says what it tells in its voice (an opener the decoder chooses, then its memory as it has it)
 * and the listener reacts with a line the decoder chooses. The player comes first: an NPC the
 * player spoke to in the last two minutes of game time is not interrupted by its own gossip
 * (what was told is remembered all the same). Without the decoder, the teller says its memory
 * plainly. Frame thread; the decoder's lines come back through the runtime's inbox.
 */
final class SpokenGossip {
    private static final Logger LOG = LoggerFactory.getLogger(SpokenGossip.class);
    /** How long after the player spoke to an NPC its gossip stays unspoken, in game seconds. */
    static final double PLAYER_FIRST_SECONDS = 120;

    private final WorldRuntime session;
    private final Models models;
    /** When the player last spoke to each NPC, game seconds. */
    private final Map<String, Double> spokenTo = new HashMap<>();

    SpokenGossip(WorldRuntime session, Models models) {
        this.session = session;
        this.models = models;
    }

    /** The player spoke to an NPC: its own talk waits. */
    void playerSpokeTo(String npcId, double now) {
        spokenTo.put(npcId, now);
    }

    /** Says a telling aloud, unless the player is talking with either of them. */
    void say(Gossip.Telling told) {
        if (withPlayer(told.from()) || withPlayer(told.to())) {
            return;
        }
        NpcDefinition teller = session.npc(told.from()).orElse(null);
        NpcDefinition listener = session.npc(told.to()).orElse(null);
        if (teller == null || listener == null) {
            return;
        }
        session.perform(command(told.from(), new Action.Face(told.to()), told.to()));
        session.perform(command(told.to(), new Action.Face(told.from()), told.from()));
        DialogueService service = models.dialogue();
        if (service == null) {
            session.perform(command(told.from(), new Action.Say(told.told().text()), told.to()));
            return;
        }
        double now = session.clock().seconds();
        String line = Recall.promptLine(told.told(), now, session.world().dayLengthSeconds());
        service.tell(teller, "Any news?", line, List.of(), soFar -> {})
                .thenCompose(said -> {
                    session.later(() -> speak(told.from(), told.to(), said));
                    return service.react(listener, said.text());
                })
                .whenComplete((reaction, error) -> {
                    if (error != null) {
                        if (!WorldRuntime.cancelled(error)) {
                            LOG.debug(
                                    "'{}' and '{}' talk without the decoder: {}",
                                    told.from(),
                                    told.to(),
                                    error.getMessage());
                            session.later(() -> session.perform(command(
                                    told.from(), new Action.Say(told.told().text()), told.to())));
                        }
                        return;
                    }
                    session.later(() -> speak(told.to(), told.from(), reaction));
                });
    }

    /** An NPC says its line of the talk, with its emotion, unless the player has spoken to it meanwhile. */
    private void speak(String npcId, String to, Answer said) {
        if (withPlayer(npcId) || session.npc(npcId).isEmpty()) {
            return;
        }
        session.perform(command(npcId, new Action.Emote(said.emotion()), to));
        session.perform(command(npcId, new Action.Say(said.text()), to));
    }

    private boolean withPlayer(String npcId) {
        Double at = spokenTo.get(npcId);
        return at != null && session.clock().seconds() - at < PLAYER_FIRST_SECONDS;
    }

    private static NpcCommand command(String npcId, Action action, String them) {
        return new NpcCommand(npcId, WorldRuntime.GOSSIP, action, them);
    }
}
