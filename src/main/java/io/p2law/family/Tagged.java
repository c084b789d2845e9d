package io.p2law.family;

/** An answer about several families, with an entity tag for the whole of it (no single data version). */
record Tagged<T>(T body, String etag) {
}
