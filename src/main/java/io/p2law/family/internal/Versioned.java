package io.p2law.family.internal;

/**
 * An answer with the family state it was read or written at: the data version for the
 * {@code P2law-Data-Version} header and an entity tag, and whether the request created the resource.
 */
public record Versioned<T>(T body, long dataVersion, String etag, boolean created) {
}
