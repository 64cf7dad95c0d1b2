package dev.animus.demo.eval;

import dev.animus.demo.ask.Conversation;
import dev.animus.dialogue.DialogueService;
import dev.animus.world.World;
import java.nio.file.Path;

/**
 * The {@code ask} command's own path to an NPC ({@link Conversation}): the same queue, encoder
 * retrieval, relevance floor, prompt budget and decoder as {@code ask}, so the evaluation
 * measures what {@code ask} answers.
 */
final class AskPath implements EvalCommand.Asker {
    private final Conversation conversation;

    AskPath(World world, String npcId, Path decoder, DialogueService.Style style) throws Exception {
        this.conversation = new Conversation(world, npcId, decoder, style);
    }

    @Override
    public EvalCommand.Reply ask(String question) throws Exception {
        conversation.forget(); // each question of the set stands alone, whatever was asked before
        Conversation.Answer a = conversation.ask(question);
        return new EvalCommand.Reply(a.reply(), a.facts(), a.latencyMs());
    }

    @Override
    public void close() {
        conversation.close();
    }
}
