package dev.animus.gossip;

import dev.animus.memory.Memory;
import dev.animus.model.encoder.Embedding;
import java.util.List;

/**
 * What an NPC cares to tell others, from its world file's {@code tells_about}: any memory
 * worth telling when it names nothing, else only memories (and facts) whose meaning is near one
 * of its topics. Immutable.
 *
 * @param any whether it tells whatever is worth telling (no topics named)
 * @param topics the topics' embeddings (empty while they are being encoded: it then tells nothing)
 */
public record Interests(boolean any, List<Embedding> topics) {
    /**
     * How near a memory must be to a topic (cosine, bundled BGE-small): a topic is a phrase and
     * a memory a sentence about it, which sit lower than two sentences do; {@code
     * GossipInTheWorldTest} holds examples on both sides.
     */
    public static final float ABOUT = 0.6f;

    /** Tells whatever is worth telling. */
    public static final Interests ANY = new Interests(true, List.of());

    /** Tells nothing (its topics are not encoded yet). */
    public static final Interests NOTHING = new Interests(false, List.of());

    public Interests {
        topics = List.copyOf(topics);
    }

    /** @return interests in these topics only */
    public static Interests about(List<Embedding> topics) {
        return new Interests(false, topics);
    }

    /** @return whether it would tell this memory */
    public boolean covers(Memory m) {
        if (any) {
            return true;
        }
        for (Embedding topic : topics) {
            if (topic.cosine(m.embedding()) >= ABOUT) {
                return true;
            }
        }
        return false;
    }
}
