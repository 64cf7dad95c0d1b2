package dev.animus.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * The keys and values one sequence has produced so far, per layer: what lets each decode
 * step cost one token instead of the whole sequence. Owns its arrays in its own manager;
 * close it when the conversation ends. One thread at a time.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;

    KvCache(NDManager manager, int layers) {
        this.manager = manager;
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** @return how many tokens the cache holds */
    public int length() {
        return length;
    }

    /**
     * Adds a step's keys and values for one layer and returns the whole sequence's. The new
     * arrays move into the cache's manager; the previous ones are closed.
     *
     * @return {keys, values}, each (kvHeads, length + new, headDim)
     */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        NDArray newK = keys[layer] == null ? k.duplicate() : NDArrays.concat(new NDList(keys[layer], k), 1);
        NDArray newV = values[layer] == null ? v.duplicate() : NDArrays.concat(new NDList(values[layer], v), 1);
        NDScope.unregister(newK, newV); // kept beyond the forward pass that made them
        newK.attach(manager);
        newV.attach(manager);
        if (keys[layer] != null) {
            keys[layer].close();
            values[layer].close();
        }
        keys[layer] = newK;
        values[layer] = newV;
        return new NDArray[] {newK, newV};
    }

    /** @return a layer's keys, (kvHeads, length, headDim), owned by this cache; null before the first token */
    NDArray keys(int layer) {
        return keys[layer];
    }

    /** @return a layer's values, as {@link #keys} */
    NDArray values(int layer) {
        return values[layer];
    }

    /**
     * A layer's keys and values copied out as fp32, for a runtime that holds them in arrays of
     * its own (the Java decoder, prefilled here).
     *
     * @return {keys, values}, each (kvHeads, length, headDim) in row-major order
     */
    public float[][] copyLayer(int layer) {
        return new float[][] {
            keys[layer].toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray(),
            values[layer].toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray()
        };
    }

    /** Records that a forward pass added this many tokens to every layer. */
    void commit(int tokens) {
        length += tokens;
    }

    @Override
    public void close() {
        manager.close();
    }
}
