package dev.animus.demo.ask;

import dev.animus.dialogue.ConversationState;
import dev.animus.dialogue.DialogueService;
import dev.animus.dialogue.Knowledge;
import dev.animus.dialogue.Recall;
import dev.animus.inference.DecoderModel;
import dev.animus.inference.EncoderBatchModel;
import dev.animus.inference.InferenceQueue;
import dev.animus.inference.InferenceRequest;
import dev.animus.inference.InferenceResult;
import dev.animus.inference.QueueConfig;
import dev.animus.inference.RequestKind;
import dev.animus.inference.Ticket;
import dev.animus.memory.FactIndex;
import dev.animus.memory.Importance;
import dev.animus.memory.Memory;
import dev.animus.memory.MemoryStream;
import dev.animus.model.encoder.Embedding;
import dev.animus.model.encoder.SentenceEncoder;
import dev.animus.model.runtime.DevicePreference;
import dev.animus.world.NpcDefinition;
import dev.animus.world.World;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Talking to one NPC of a world headless, with the same queue, models and dialogue service as
 * the game: the encoder retrieves what the NPC knows most relevant to the words (its facts and
 * what its world shares, {@link Knowledge}), follow-ups carry the conversation
 * ({@link ConversationState}), the encoder judges what kind of words they are
 * ({@link Importance}), what the player said becomes a memory that later words can recall
 * ({@link Recall}), and the decoder answers with an allowed action and emotion. Unlike the game,
 * it perceives nothing, and its clock is the wall clock. Not thread-safe.
 */
public final class Conversation implements AutoCloseable {
    private final NpcDefinition npc;
    private final InferenceQueue queue;
    private final DialogueService dialogue;
    private final FactIndex facts;
    private final ConversationState state = new ConversationState();
    private final Importance importance;
    private final MemoryStream memories;
    private final double dayLength;
    private final long born = System.nanoTime();

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
    public record Answer(String npc, String reply, String action, String emotion, List<String> facts, long latencyMs) {}

    public Conversation(World world, String npcId, Path decoder) throws Exception {
        this(world, npcId, decoder, DialogueService.Style.GROUNDED);
    }

    /** @param style how replies are made: as in the game by default, or written freely by the decoder */
    public Conversation(World world, String npcId, Path decoder, DialogueService.Style style) throws Exception {
        this.npc = world.npc(npcId)
                .orElseThrow(() -> new IllegalArgumentException("Unknown NPC '" + npcId + "' in " + world.source()
                        + "; NPCs: " + world.npcsById().keySet()));
        DecoderModel model = DecoderModel.inFolder(8, () -> decoder, DevicePreference.AUTO);
        this.queue = new InferenceQueue(
                QueueConfig.DEFAULT,
                List.of(EncoderBatchModel.loading(EncoderBatchModel.NAME, 64, SentenceEncoder::loadBundled)),
                List.of(model),
                r -> {},
                true);
        this.dialogue = new DialogueService(queue, model, style);
        dialogue.ready().get(5, TimeUnit.MINUTES); // no frames here: requests must be submitted before each flush
        Knowledge known = Knowledge.of(world, npc);
        List<Embedding> embedded = new ArrayList<>();
        for (String fact : known.facts()) {
            embedded.add(embed(fact));
        }
        this.facts = new FactIndex(known.facts(), embedded, known.bias());
        List<Embedding> situations = new ArrayList<>();
        for (String sentence : Importance.sentences()) {
            situations.add(embed(sentence));
        }
        this.importance = new Importance(situations);
        this.dayLength = world.dayLengthSeconds();
        this.memories = new MemoryStream(MemoryStream.DEFAULT_CAPACITY, dayLength);
    }

    /**
     * Asks the NPC one thing. Words that lean on the question before ("And the axe?") are
     * looked up with it, as in the game ({@link ConversationState}); {@link #forget} makes the
     * next question stand alone.
     */
    public Answer ask(String utterance) throws Exception {
        long start = System.nanoTime();
        ConversationState.Lookup lookup = state.ask(utterance, (System.nanoTime() - born) / 1e9);
        Embedding words = embed(utterance);
        Embedding plain = lookup.query().equals(utterance) ? words : embed(lookup.query());
        // As the game does with the bundled encoder: the mean of the query asked plainly and with BGE's instruction.
        Embedding query = Embedding.mean(plain, embed(SentenceEncoder.BGE_QUERY_INSTRUCTION + lookup.query()));
        double now = (System.nanoTime() - born) / 1e9;
        List<String> used = Recall.relevant(
                facts, query, lookup.notThis(), memories.snapshot(), memories.halfLifeSeconds(), now, dayLength);
        // The words become a memory afterwards, as in the game: "The stranger said to me: ...".
        Importance.Judged judged = importance.judge(Importance.STRANGER, utterance, words);
        memories.add(new Memory(judged.text(), now, judged.importance(), embed(judged.text())));
        Importance.Situation kind = importance.classify(words);
        CompletableFuture<dev.animus.dialogue.Answer> reply =
                dialogue.ask(npc, utterance, kind == null ? null : kind.kind(), used, List.of(), null);
        queue.flush(); // no frames here: each request is its own batch
        dev.animus.dialogue.Answer r = reply.get(5, TimeUnit.MINUTES);
        state.stated(r.stated());
        return new Answer(
                npc.id(), r.text(), r.action(), r.emotion(), r.facts(), (System.nanoTime() - start) / 1_000_000);
    }

    /** Forgets the conversation so far and what was said in it: the next question stands alone. */
    public void forget() {
        state.forget();
        memories.restore(List.of());
    }

    private Embedding embed(String text) throws Exception {
        Ticket ticket = queue.submit(InferenceRequest.of(npc.id(), RequestKind.QUERY, EncoderBatchModel.NAME, text));
        queue.flush();
        InferenceResult r = ticket.result().get(5, TimeUnit.MINUTES);
        if (!r.completed()) {
            throw new IllegalStateException(
                    "The encoder could not run: " + r.status() + (r.error() == null ? "" : " (" + r.error() + ")"));
        }
        return r.output(Embedding.class);
    }

    @Override
    public void close() {
        queue.close(); // with its decoder, and the tokenizer the dialogue shares
    }
}
