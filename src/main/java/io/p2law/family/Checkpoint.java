package io.p2law.family;

/** A stored checkpoint as shown. */
record Checkpoint(long tokens, double loss) {
}
