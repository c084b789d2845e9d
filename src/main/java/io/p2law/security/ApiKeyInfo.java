package io.p2law.security;

import java.time.Instant;
import java.util.Set;

/** A stored key as it may be shown: never its text or hash. {@code revokedAt} is null while it works. */
public record ApiKeyInfo(String id, String name, Set<ApiKeyScope> scopes, Instant createdAt, Instant revokedAt) {

    public ApiKeyInfo {
        scopes = Set.copyOf(scopes);
    }

    /** A key just created, with its text: the one time the text exists outside the client. */
    public record Created(ApiKeyInfo key, String text) {
        @Override
        public String toString() {
            return "Created[" + key + "]";
        }
    }

    static ApiKeyInfo of(ApiKeyRepository.StoredKey stored) {
        return new ApiKeyInfo(stored.id(), stored.name(), stored.scopes(), stored.createdAt(), stored.revokedAt());
    }
}
