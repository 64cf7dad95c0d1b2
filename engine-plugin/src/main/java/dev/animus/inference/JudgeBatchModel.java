package dev.animus.inference;

import dev.animus.model.encoder.AnswerJudge;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The answer judge ({@link AnswerJudge}) as a batched model of the queue: a pair of words and
 * fact in, how likely the fact answers them out. The queue batches the frame's pairs; the judge
 * reads them one by one, so each pair's score is its own. Loaded lazily on a worker; closed with
 * the queue.
 */
public final class JudgeBatchModel implements BatchModel<AnswerJudge.Pair, Float> {
    /** The name the plugin uses for its judge. */
    public static final String NAME = "judge";

    private final int maxBatchSize;
    private final Supplier<AnswerJudge> loader;
    private AnswerJudge judge;

    /**
     * @param maxBatchSize the largest batch (1 to 4096)
     * @param loader loads the judge; called once, on a worker thread (not null)
     */
    public JudgeBatchModel(int maxBatchSize, Supplier<AnswerJudge> loader) {
        QueueConfig.requireIn("maxBatchSize", maxBatchSize, 1, 4096);
        this.maxBatchSize = maxBatchSize;
        this.loader = loader;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<AnswerJudge.Pair> inputType() {
        return AnswerJudge.Pair.class;
    }

    @Override
    public int maxBatchSize() {
        return maxBatchSize;
    }

    @Override
    public BatchSession<AnswerJudge.Pair, Float> openSession() {
        AnswerJudge.Session session = judge().newSession();
        return new BatchSession<>() {
            @Override
            public List<Float> run(List<AnswerJudge.Pair> inputs) {
                // One pair at a time: the int8 model's activation scales are its batch's, so a
                // pair's score would move with what shares its batch (and so would the verdict).
                List<Float> out = new ArrayList<>(inputs.size());
                for (AnswerJudge.Pair pair : inputs) {
                    out.add(session.judge(List.of(pair))[0]);
                }
                return out;
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    private synchronized AnswerJudge judge() {
        if (judge == null) {
            judge = loader.get();
        }
        return judge;
    }

    @Override
    public synchronized void close() {
        if (judge != null) {
            judge.close();
        }
        judge = null;
    }
}
