/**
 * The inference queue: requests from any thread, frame-aligned batches per model run by
 * worker threads that own their DJL predictors, immutable results, priorities,
 * per-NPC coalescing of perception, cancellation, bounded capacity and metrics.
 *
 * <p>Engine-independent: nothing here imports {@code com.jme3}. The jME layer
 * ({@code dev.animus.api}) submits during a frame, calls {@link InferenceQueue#flush()}
 * once at the end of it, and drains results on the render thread.
 *
 * <p>Internal to the plugin: the public API is {@link dev.animus.api}. Types from here that
 * appear in its signatures are stable as values; the rest may change between versions.
 */
package dev.animus.inference;
