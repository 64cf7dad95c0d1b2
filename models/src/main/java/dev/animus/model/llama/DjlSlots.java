package dev.animus.model.llama;

import java.util.ArrayList;
import java.util.List;

/** {@link DecodeSlots} on DJL: prompts prefilled into per-sequence caches, then held in one {@link SlotCache}. */
final class DjlSlots implements DecodeSlots {
    private final LlamaModel model;
    private final SlotCache cache;

    DjlSlots(LlamaModel model) {
        this.model = model;
        this.cache = model.newSlotCache();
    }

    @Override
    public int size() {
        return cache.size();
    }

    @Override
    public int length(int slot) {
        return cache.length(slot);
    }

    @Override
    public float[][] prefill(List<long[]> prompts) {
        List<KvCache> caches = new ArrayList<>(prompts.size());
        try {
            prompts.forEach(p -> caches.add(model.newCache()));
            float[][] logits = model.prefill(prompts, caches);
            caches.forEach(cache::add);
            return logits;
        } finally {
            caches.forEach(KvCache::close); // their keys and values are in the slots now
        }
    }

    @Override
    public float[][] step(long[] tokens) {
        return model.decodeSlots(tokens, cache);
    }

    @Override
    public int remove(int slot) {
        return cache.remove(slot);
    }

    @Override
    public void close() {
        cache.close();
    }
}
