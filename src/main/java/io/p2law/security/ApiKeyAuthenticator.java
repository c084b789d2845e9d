package io.p2law.security;

import java.util.Optional;

/** Who a key belongs to; the filter chain asks this for every request that names a key. */
public interface ApiKeyAuthenticator {

    /**
     * @return the key's caller, empty for a key that is unknown, revoked or wrong
     * @throws org.springframework.dao.DataAccessException if the key cannot be checked right now
     */
    Optional<ApiKeyCaller> authenticate(String keyText);
}
