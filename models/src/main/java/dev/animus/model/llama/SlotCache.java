package dev.animus.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The keys and values of every sequence a continuous batch decodes, in one preallocated array
 * per layer and kind, (slots, kvHeads, positions, headDim): a decode step writes its new keys
 * and values in place for all sequences in one operation, and attention reads a view of the
 * first {@link #size()} slots, so no step copies, pads or stacks a cache. The sequences occupy
 * slots 0 to size-1; one that leaves gives its slot to the last. The arrays grow (doubling, in
 * slots or positions) when a sequence needs more. Owns its arrays in its own manager; one
 * thread at a time.
 */
public final class SlotCache implements AutoCloseable {
    private final NDManager manager;
    private final int layers;
    private final int kvHeads;
    private final int headDim;
    private final int maxPositions;
    private final DataType dtype;
    private NDArray[] keys;
    private NDArray[] values;
    private int slots;
    private int positions;
    private int size;
    private int[] lengths = new int[0];

    SlotCache(NDManager manager, int layers, int kvHeads, int headDim, int maxPositions, DataType dtype) {
        this.manager = manager;
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.maxPositions = maxPositions;
        this.dtype = dtype;
    }

    /** @return sequences held, in slots 0 to size-1 */
    public int size() {
        return size;
    }

    /** @return how many tokens the sequence in a slot holds */
    public int length(int slot) {
        if (slot < 0 || slot >= size) {
            throw new IndexOutOfBoundsException("slot " + slot + " of " + size);
        }
        return lengths[slot];
    }

    /** @return each held sequence's length, slot by slot (a copy) */
    int[] lengths() {
        return Arrays.copyOf(lengths, size);
    }

    /**
     * Takes a prefilled sequence into the next slot, copying its keys and values.
     *
     * @param prefilled a sequence's cache, not empty (still the caller's to close)
     * @return its slot
     */
    int add(KvCache prefilled) {
        int n = prefilled.length();
        if (n == 0) {
            throw new IllegalArgumentException("only a prefilled sequence joins the slots");
        }
        reserve(size + 1, n);
        for (int l = 0; l < layers; l++) {
            NDIndex at = new NDIndex("{}, :, :{}, :", size, n);
            keys[l].set(at, prefilled.keys(l));
            values[l].set(at, prefilled.values(l));
        }
        lengths[size] = n;
        return size++;
    }

    /**
     * Frees a slot: the last sequence moves into it (unless it was the last).
     *
     * @param slot the slot to free
     * @return the slot that moved into it, or -1 if none did
     */
    int remove(int slot) {
        if (slot < 0 || slot >= size) {
            throw new IndexOutOfBoundsException("slot " + slot + " of " + size);
        }
        int last = size - 1;
        size--;
        if (slot == last) {
            return -1;
        }
        for (int l = 0; l < layers; l++) {
            copy(keys[l], keys[l], new NDIndex("{}", last), new NDIndex("{}", slot));
            copy(values[l], values[l], new NDIndex("{}", last), new NDIndex("{}", slot));
        }
        lengths[slot] = lengths[last];
        return last;
    }

    /** Makes room for a step: every sequence one position further. */
    void reserveStep() {
        int longest = 0;
        for (int i = 0; i < size; i++) {
            longest = Math.max(longest, lengths[i] + 1);
        }
        reserve(size, longest);
    }

    /**
     * Writes one step's keys and values at each sequence's next position and returns views of
     * the held sequences' keys and values, (size, kvHeads, width, headDim).
     *
     * @param slotIds 0 to size-1, as an array on the model's device
     * @param at each sequence's position (its length before this step), as an array
     * @param k the step's keys, (size, kvHeads, headDim)
     * @param v the step's values, (size, kvHeads, headDim)
     * @param width the positions the views span (the longest sequence after this step)
     */
    NDArray[] write(int layer, NDArray slotIds, NDArray at, NDArray k, NDArray v, int width) {
        NDIndex where = new NDIndex("{}, :, {}", slotIds, at);
        keys[layer].set(where, k);
        values[layer].set(where, v);
        NDIndex view = new NDIndex(":{}, :, :{}, :", size, width);
        return new NDArray[] {keys[layer].get(view), values[layer].get(view)};
    }

    /** Records that a step added one token to every sequence. */
    void commit() {
        for (int i = 0; i < size; i++) {
            lengths[i]++;
        }
    }

    /** Grows the arrays, doubling, to hold this many slots of this many positions. */
    private void reserve(int needSlots, int needPositions) {
        if (needPositions > maxPositions) {
            throw new IllegalArgumentException(
                    "a sequence of " + needPositions + " tokens exceeds the model's " + maxPositions + " positions");
        }
        if (keys != null && needSlots <= slots && needPositions <= positions) {
            return;
        }
        int newSlots = Math.max(slots, 1);
        while (newSlots < needSlots) {
            newSlots *= 2;
        }
        int newPositions = Math.max(positions, 64);
        while (newPositions < needPositions) {
            newPositions *= 2;
        }
        newPositions = Math.min(newPositions, maxPositions);
        NDArray[] newKeys = new NDArray[layers];
        NDArray[] newValues = new NDArray[layers];
        Shape shape = new Shape(newSlots, kvHeads, newPositions, headDim);
        for (int l = 0; l < layers; l++) {
            newKeys[l] = manager.zeros(shape, dtype);
            newValues[l] = manager.zeros(shape, dtype);
            NDScope.unregister(newKeys[l], newValues[l]); // kept beyond any forward pass that grows them
            if (keys != null && size > 0) {
                NDIndex held = new NDIndex(":{}, :, :{}, :", size, positions);
                copy(keys[l], newKeys[l], held, held);
                copy(values[l], newValues[l], held, held);
            }
            if (keys != null) {
                keys[l].close();
                values[l].close();
            }
        }
        keys = newKeys;
        values = newValues;
        slots = newSlots;
        positions = newPositions;
        lengths = Arrays.copyOf(lengths, newSlots);
    }

    /** Copies {@code from[source]} into {@code to[target]}, the temporary view closed at once. */
    private static void copy(NDArray from, NDArray to, NDIndex source, NDIndex target) {
        try (NDArray part = from.get(source)) {
            to.set(target, part);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
