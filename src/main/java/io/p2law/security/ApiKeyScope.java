package io.p2law.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a key may do. Scopes nest: {@code admin} may also write, {@code write} may also read, so an
 * administrator's key works for every request.
 */
public enum ApiKeyScope {
    READ, WRITE, ADMIN;

    /** The authority Spring Security checks, e.g. {@code SCOPE_write}. */
    public String authority() {
        return "SCOPE_" + wireName();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ApiKeyScope> fromWire(String name) {
        for (ApiKeyScope scope : values()) {
            if (scope.wireName().equals(name)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }

    /** This scope and every scope it includes. */
    Set<ApiKeyScope> implied() {
        return EnumSet.range(READ, this);
    }
}
