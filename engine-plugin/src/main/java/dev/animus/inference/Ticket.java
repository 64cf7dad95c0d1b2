package dev.animus.inference;

import java.util.concurrent.CompletableFuture;

/**
 * The receipt for a submitted request.
 *
 * @param id the request's id, unique in its queue (&ge;1)
 * @param frame the frame it was submitted in
 * @param result completes once the request has ended, whichever way (never exceptionally),
 *     after the queue's metrics and result listener have seen the result
 */
public record Ticket(long id, long frame, CompletableFuture<InferenceResult> result) {}
