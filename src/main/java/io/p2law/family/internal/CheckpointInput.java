package io.p2law.family.internal;

/** A checkpoint as sent; boxed so that a missing value can be named rather than defaulted. */
public record CheckpointInput(Long tokens, Double loss) {
}
