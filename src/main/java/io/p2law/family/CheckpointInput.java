package io.p2law.family;

/** A checkpoint as sent; boxed so that a missing value can be named rather than defaulted. */
record CheckpointInput(Long tokens, Double loss) {
}
