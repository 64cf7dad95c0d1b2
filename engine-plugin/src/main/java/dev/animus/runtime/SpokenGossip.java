package dev.animus.runtime;

import dev.animus.behaviour.NpcCommand;
import dev.animus.dialogue.Answer;
import dev.animus.dialogue.DialogueService;
import dev.animus.dialogue.Recall;
import dev.animus.gossip.Gossip;
import dev.animus.world.Action;
import dev.animus.world.NpcDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two NPCs' talk said aloud, where the player can hear it: they turn to each other and take
 * turns; in each, the teller says what it tells in its voice (an opener the decoder chooses,
 * then its memory as it has it) and the listener reacts with a line the decoder chooses. The player comes first: an NPC the
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

    /**
     * Says a talk aloud, unless the player is talking with either of them: its tellings in turn,
     * one from each side at a time, each line after the one before, so no bubble covers another.
     *
     * @param talk what passed between two NPCs in one meeting, in the order told
     */
    void say(List<Gossip.Telling> talk) {
        Gossip.Telling first = talk.get(0);
        if (withPlayer(first.from()) || withPlayer(first.to())) {
            return;
        }
        if (session.npc(first.from()).isEmpty() || session.npc(first.to()).isEmpty()) {
            return;
        }
        session.perform(command(first.from(), new Action.Face(first.to()), first.to()));
        session.perform(command(first.to(), new Action.Face(first.from()), first.from()));
        CompletableFuture<Void> lines = CompletableFuture.completedFuture(null);
        for (Gossip.Telling told : inTurn(talk)) {
            lines = lines.thenCompose(done -> tellAndReact(told));
        }
    }

    /** The tellings alternating between the two, each side's in its own order. */
    static List<Gossip.Telling> inTurn(List<Gossip.Telling> talk) {
        String a = talk.get(0).from();
        List<Gossip.Telling> fromA =
                talk.stream().filter(t -> t.from().equals(a)).toList();
        List<Gossip.Telling> fromB =
                talk.stream().filter(t -> !t.from().equals(a)).toList();
        List<Gossip.Telling> turns = new ArrayList<>();
        for (int i = 0; i < Math.max(fromA.size(), fromB.size()); i++) {
            if (i < fromA.size()) {
                turns.add(fromA.get(i));
            }
            if (i < fromB.size()) {
                turns.add(fromB.get(i));
            }
        }
        return turns;
    }

    /** One turn: the teller says what it tells, the listener reacts; completes once both are said (or failed). */
    private CompletableFuture<Void> tellAndReact(Gossip.Telling told) {
        NpcDefinition teller = session.npc(told.from()).orElse(null);
        NpcDefinition listener = session.npc(told.to()).orElse(null);
        DialogueService service = models.dialogue();
        if (teller == null || listener == null || service == null) {
            session.later(() -> say(told.from(), told.to(), told.told().text()));
            return CompletableFuture.completedFuture(null);
        }
        double now = session.clock().seconds();
        String line = Recall.promptLine(told.told(), now, session.world().dayLengthSeconds());
        return service.tell(teller, "Any news?", line, List.of(), soFar -> {})
                .thenCompose(said -> {
                    session.later(() -> speak(told.from(), told.to(), said));
                    return service.react(listener, said.text());
                })
                .handle((reaction, error) -> {
                    if (error != null) {
                        if (!WorldRuntime.cancelled(error)) {
                            LOG.debug(
                                    "'{}' and '{}' talk without the decoder: {}",
                                    told.from(),
                                    told.to(),
                                    error.getMessage());
                            session.later(() ->
                                    say(told.from(), told.to(), told.told().text()));
                        }
                    } else {
                        session.later(() -> speak(told.to(), told.from(), reaction));
                    }
                    return null;
                });
    }

    /** An NPC says a line of the talk plainly, unless the player has spoken to it meanwhile. */
    private void say(String npcId, String to, String text) {
        if (!withPlayer(npcId) && session.npc(npcId).isPresent()) {
            session.perform(command(npcId, new Action.Say(text), to));
        }
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
