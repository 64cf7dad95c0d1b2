/**
 * The inference queue: requests from any thread, frame-aligned batches per model run by
 * worker threads that own their DJL predictors, immutable results, priorities,
 * per-NPC coalescing of perception, cancellation, bounded capacity and metrics.
 *
 * <p>Engine-independent: nothing here imports {@code com.jme3}. The jME layer
 * ({@code dev.animus.jme}) submits during a frame, calls {@link InferenceQueue#flush()}
 * once at the end of it, and drains results on the render thread.
 */
package dev.animus.inference;
