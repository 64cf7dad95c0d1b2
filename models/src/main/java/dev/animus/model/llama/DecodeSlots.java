package dev.animus.model.llama;

import java.util.List;

/**
 * The sequences one session decodes together, in slots 0 to {@link #size()}-1, each with its
 * keys and values: prompts are prefilled into new slots at the end, and each {@link #step} runs
 * one token for every slot in one batched pass. A sequence that leaves gives its slot to the
 * last one, so the slots stay dense. One thread at a time.
 */
public interface DecodeSlots extends AutoCloseable {
    /** @return the sequences held */
    int size();

    /** @return how many tokens the sequence in a slot holds */
    int length(int slot);

    /**
     * Prefills prompts into new slots, {@code size()} onwards, in the order given.
     *
     * @param prompts each a non-empty prompt within the model's positions, its ids in the vocabulary
     * @return the logits of each prompt's last token, [prompt][vocabSize]
     */
    float[][] prefill(List<long[]> prompts);

    /**
     * One decode step for every slot.
     *
     * @param tokens one new token per slot, in slot order
     * @return logits [slot][vocabSize]
     */
    float[][] step(long[] tokens);

    /**
     * Frees a slot: the last sequence moves into it (unless it was the last).
     *
     * @return the slot that moved into it, or -1 if none did
     */
    int remove(int slot);

    @Override
    void close();
}
