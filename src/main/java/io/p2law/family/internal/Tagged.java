package io.p2law.family.internal;

/** An answer about several families, with an entity tag for the whole of it (no single data version). */
public record Tagged<T>(T body, String etag) {
}
