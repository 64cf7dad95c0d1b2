package dev.animus.demo.eval;

import dev.animus.dialogue.DialogueService;
import dev.animus.runtime.HeadlessWorld;
import dev.animus.world.NpcDefinition;
import dev.animus.world.World;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code ask} command's path to NPCs: the game's runtime over the world file alone
 * ({@link HeadlessWorld}), so the evaluation measures what a player meets. One world runs at a
 * time, shared by its NPCs; each question stands alone: the world forgets its conversations and
 * memories before it.
 */
final class AskPath implements EvalCommand.Askers, AutoCloseable {
    private final Path decoder;
    private final DialogueService.Style style;
    private World running;
    private HeadlessWorld world;

    private final boolean judge;

    AskPath(Path decoder, DialogueService.Style style, boolean judge) {
        this.decoder = decoder;
        this.style = style;
        this.judge = judge;
    }

    @Override
    public EvalCommand.Asker open(World world, NpcDefinition npc) throws Exception {
        if (running != world) {
            close();
            this.world = HeadlessWorld.of(world, Optional.ofNullable(decoder), style, judge);
            this.running = world;
        }
        HeadlessWorld asked = this.world;
        return new EvalCommand.Asker() {
            @Override
            public EvalCommand.Reply ask(String question) throws Exception {
                asked.runtime().forget();
                HeadlessWorld.Answer a = asked.ask(npc.id(), question, Duration.ofMinutes(5));
                return new EvalCommand.Reply(a.text(), a.facts(), a.latencyMs());
            }

            @Override
            public void close() {} // the world stays for its other NPCs
        };
    }

    @Override
    public void close() {
        if (world != null) {
            world.close();
            world = null;
            running = null;
        }
    }
}
