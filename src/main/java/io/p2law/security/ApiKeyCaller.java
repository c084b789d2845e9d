package io.p2law.security;

import java.util.EnumSet;
import java.util.Set;

/** Who sent a request: the key's id and name (never its text) and everything its scopes allow. */
public record ApiKeyCaller(String keyId, String name, Set<ApiKeyScope> scopes) {

    public ApiKeyCaller {
        Set<ApiKeyScope> all = EnumSet.noneOf(ApiKeyScope.class);
        scopes.forEach(scope -> all.addAll(scope.implied()));
        scopes = Set.copyOf(all);
    }
}
