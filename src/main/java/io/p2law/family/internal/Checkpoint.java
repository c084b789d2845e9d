package io.p2law.family.internal;

/** A stored checkpoint as shown. */
public record Checkpoint(long tokens, double loss) {
}
