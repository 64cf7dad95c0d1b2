package dev.animus.dialogue;

import dev.animus.model.encoder.Embedding;
import dev.animus.world.Place;
import dev.animus.world.Vec3;
import dev.animus.world.World;
import java.util.List;

/**
 * Recognises "what is this place?" in any wording, by meaning, and answers it from the world
 * file: what the world is, and the place the NPC stands in. Such words name nothing a fact is
 * about, so retrieval found no fact for them, not even the world's own description.
 */
public final class PlaceQuestions {
    /** Example questions; the player's words are compared with each. */
    // spotless:off
    public static final List<String> EXAMPLES = List.of("What is this place?", "Tell me about this place.",
            "Where am I?", "What can you tell me about this place?", "What kind of place is this?", "Where are we?",
            "What town is this?");
    // spotless:on
    /**
     * Words at least this similar to an example ask what the place is. Measured with the bundled
     * encoder: of 15 such questions written after the examples were chosen, 7 score 0.86 or more
     * ("so where am i?", "is this a town or what"; "whats the story with this place" 0.845, and
     * those naming a kind, "what is this camp?", 0.69-0.80, are left to retrieval); of the answer
     * judge's 1,242 training questions none reaches 0.83, and "where do i find you?" (which asks
     * for the NPC) scores 0.84.
     */
    public static final float MIN_SIMILARITY = 0.86f;

    private PlaceQuestions() {}

    /**
     * @param words the embedding of the player's words
     * @param examples the embeddings of {@link #EXAMPLES}
     * @return whether the words ask what this place is
     */
    public static boolean asks(Embedding words, List<Embedding> examples) {
        return similarity(words, examples) >= MIN_SIMILARITY;
    }

    /** @return how close the words come to the nearest example (also for other kinds' examples) */
    public static float similarity(Embedding words, List<Embedding> examples) {
        float best = -1;
        for (Embedding e : examples) {
            best = Math.max(best, words.cosine(e));
        }
        return best;
    }

    /**
     * @param world the NPC's world
     * @param at where the NPC stands, or null if it is not on the stage
     * @return what the world is, then the place the NPC stands in ("Lanternfall is a small
     *     lakeside village. The tavern is ..."), or null if the world file describes neither
     */
    public static String answer(World world, Vec3 at) {
        String line = Knowledge.describe(world.name(), world.description());
        Place here = at == null
                ? null
                : world.places().stream()
                        .filter(p -> p.contains(at))
                        .findFirst()
                        .orElse(null);
        String place = here == null ? "" : Knowledge.describe(here.name(), here.description());
        String both = (line + " " + place).strip();
        return both.isEmpty() ? null : both;
    }
}
