package dev.animus.inference;

import java.util.Objects;

/**
 * What to run: an immutable value handed to {@link InferenceQueue#submit}.
 *
 * @param owner who asked, usually an NPC id; cancellation and coalescing go by it (not null)
 * @param kind what the request is for (not null)
 * @param priority how urgent it is (not null)
 * @param model the name of the model to run (not null)
 * @param input the model's input, of the model's input type (not null, immutable)
 */
public record InferenceRequest(String owner, RequestKind kind, Priority priority, String model, Object input) {

    public InferenceRequest {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(input, "input");
    }

    /**
     * A request with its kind's default priority.
     *
     * @param owner who asks (not null)
     * @param kind what for (not null)
     * @param model which model (not null)
     * @param input the input (not null)
     * @return the request
     */
    public static InferenceRequest of(String owner, RequestKind kind, String model, Object input) {
        return new InferenceRequest(owner, kind, kind.defaultPriority(), model, input);
    }
}
