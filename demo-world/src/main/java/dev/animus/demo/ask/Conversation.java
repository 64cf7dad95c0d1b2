package dev.animus.demo.ask;

import dev.animus.inference.DecodeRequest;
import dev.animus.inference.DecodeResult;
import dev.animus.inference.DecoderModel;
import dev.animus.inference.EncoderBatchModel;
import dev.animus.inference.InferenceQueue;
import dev.animus.inference.InferenceRequest;
import dev.animus.inference.InferenceResult;
import dev.animus.inference.QueueConfig;
import dev.animus.inference.RequestKind;
import dev.animus.inference.Ticket;
import dev.animus.memory.FactIndex;
import dev.animus.model.encoder.Embedding;
import dev.animus.model.encoder.SentenceEncoder;
import dev.animus.model.llama.GenerationConfig;
import dev.animus.model.llama.LlamaModel;
import dev.animus.model.llama.LlamaTokenizer;
import dev.animus.model.prompt.PromptFormat;
import dev.animus.model.prompt.ReplyPlan;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.world.NpcDefinition;
import dev.animus.world.World;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Talking to one NPC of a world headless, with the same queue and models as the game: the
 * encoder retrieves the NPC's facts most relevant to the words, the prompt format renders them
 * with its persona, and the decoder answers with an allowed action and emotion.
 */
final class Conversation implements AutoCloseable {
    /** How many facts go into a prompt. */
    static final int FACTS = 3;

    private final NpcDefinition npc;
    private final InferenceQueue queue;
    private final LlamaTokenizer tokenizer;
    private final List<String> actions;
    private final List<String> emotions;
    private final int vocabSize;
    private final FactIndex facts;

    /**
     * An answer.
     *
     * @param npc the NPC's id
     * @param reply what it says
     * @param action the action it performs
     * @param emotion the emotion it shows
     * @param facts the facts that went into its prompt
     * @param latencyMs from the question to the whole answer
     */
    record Answer(String npc, String reply, String action, String emotion, List<String> facts, long latencyMs) {
    }

    Conversation(World world, String npcId, Path decoder) throws Exception {
        this.npc = world.npc(npcId).orElseThrow(() -> new IllegalArgumentException("Unknown NPC '" + npcId + "' in "
                + world.source() + "; NPCs: " + world.npcsById().keySet()));
        this.tokenizer = LlamaTokenizer.load(decoder);
        this.actions = npc.actions().stream().sorted().toList();
        this.emotions = npc.emotions().stream().sorted().toList();
        this.queue = new InferenceQueue(QueueConfig.DEFAULT,
                List.of(EncoderBatchModel.loading(EncoderBatchModel.NAME, 64, SentenceEncoder::loadBundled)),
                List.of(new DecoderModel(DecoderModel.NAME, 8, () -> LlamaModel.load(decoder, DevicePreference.AUTO),
                        () -> LlamaTokenizer.load(decoder))), r -> { }, true);
        this.vocabSize = configVocab(decoder);
        List<Embedding> embedded = new ArrayList<>();
        for (String fact : npc.facts()) {
            embedded.add(embed(fact));
        }
        this.facts = new FactIndex(npc.facts(), embedded);
    }

    private static int configVocab(Path decoder) throws Exception {
        return dev.animus.model.llama.LlamaConfig.read(decoder.resolve("config.json")).vocabSize();
    }

    /** Asks the NPC one thing. */
    Answer ask(String utterance) throws Exception {
        long start = System.nanoTime();
        List<String> used = facts.top(embed(utterance), FACTS, 0).stream().map(FactIndex.Scored::fact).toList();
        String prompt = new PromptFormat.Dialogue(npc.name(), npc.persona(), used, List.of(), actions, emotions,
                utterance).render();
        DecodeRequest request = new DecodeRequest(tokenizer.encodePlain(prompt),
                GenerationConfig.GREEDY.withMaxNewTokens(60).withStopTokens(Set.of(ReplyPlan.endToken(tokenizer))),
                ReplyPlan.dialogue(tokenizer, actions, emotions, vocabSize), null);
        DecodeResult result = await(queue.submit(InferenceRequest.of(npc.id(), RequestKind.DIALOGUE, DecoderModel.NAME,
                request))).output(DecodeResult.class);
        String reply = ReplyPlan.text(tokenizer.decode(result.tokens(), false));
        List<String> tags = result.choices();
        return new Answer(npc.id(), reply, tags.get(0), tags.size() > 1 ? tags.get(1) : "", used,
                (System.nanoTime() - start) / 1_000_000);
    }

    private Embedding embed(String text) throws Exception {
        return await(queue.submit(InferenceRequest.of(npc.id(), RequestKind.QUERY, EncoderBatchModel.NAME, text)))
                .output(Embedding.class);
    }

    private InferenceResult await(Ticket ticket) throws Exception {
        queue.flush(); // no frames here: each request is its own batch
        InferenceResult r = ticket.result().get(5, TimeUnit.MINUTES);
        if (!r.completed()) {
            throw new IllegalStateException("The model could not answer: " + r.status() + (r.error() == null ? "" : " (" + r.error() + ")"));
        }
        return r;
    }

    @Override
    public void close() {
        queue.close();
        tokenizer.close();
    }
}
