package io.p2law.security.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.p2law.security.ApiKeyInfo;
import io.p2law.security.ApiKeyScope;

/** The keys API's bodies. */
final class ApiKeyViews {

    private ApiKeyViews() {
    }

    record NewKey(String name, List<String> scopes) {
        NewKey {
            scopes = scopes == null ? null : Collections.unmodifiableList(new ArrayList<>(scopes));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KeyView(String id, String name, List<String> scopes, Instant createdAt, Instant revokedAt) {
        KeyView {
            scopes = List.copyOf(scopes);
        }

        static KeyView of(ApiKeyInfo key) {
            return new KeyView(key.id(), key.name(), wire(key), key.createdAt(), key.revokedAt());
        }
    }

    /** The one answer that carries the key's text; it is not stored and cannot be shown again. */
    record Created(String id, String name, List<String> scopes, Instant createdAt, String key) {
        Created {
            scopes = List.copyOf(scopes);
        }

        static Created of(ApiKeyInfo.Created created) {
            ApiKeyInfo key = created.key();
            return new Created(key.id(), key.name(), wire(key), key.createdAt(), created.text());
        }

        @Override
        public String toString() {
            return "Created[id=" + id + ", name=" + name + "]";
        }
    }

    record KeyList(List<KeyView> keys) {
        KeyList {
            keys = List.copyOf(keys);
        }
    }

    private static List<String> wire(ApiKeyInfo key) {
        return key.scopes().stream().sorted().map(ApiKeyScope::wireName).toList();
    }
}
