package io.p2law.family;

/**
 * An answer with the family state it was read or written at: the data version for the
 * {@code P2law-Data-Version} header and an entity tag, and whether the request created the resource.
 */
record Versioned<T>(T body, long dataVersion, String etag, boolean created) {
}
