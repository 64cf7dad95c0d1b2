package dev.animus.model.training;

import java.util.List;

/**
 * A fact an NPC knows, with ways to ask for it and to answer.
 *
 * @param text the fact as a world file would state it
 * @param key the value a right answer must contain ("40 silver", "Tilda")
 * @param questions paraphrases of a question it answers
 * @param answers answers in the first person, each containing the key
 */
record Fact(String text, String key, List<String> questions, List<String> answers) {}
