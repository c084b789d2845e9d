package io.p2law.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

import io.p2law.security.ApiKeyRepository.StoredKey;
import io.p2law.error.FieldProblem;
import io.p2law.error.InvalidInputException;
import io.p2law.error.NotFoundException;

/**
 * Creating, listing, revoking and checking keys. A checked key is remembered for
 * {@code p2law.security.cache-ttl} so that a request costs no query, and looked up again after that,
 * which is how a key revoked through another instance stops working here. While the database cannot
 * be reached a key seen before keeps its last known state: nobody can revoke one meanwhile.
 */
@Service
public class ApiKeys implements ApiKeyAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    static final int MAX_NAME_LENGTH = 100;
    /** Lookups of unknown ids are remembered too; past this many entries the memory starts over. */
    private static final int MAX_CACHED = 10_000;

    private record Cached(Optional<StoredKey> key, long fetchedAt) {
    }

    private final ApiKeyRepository repository;
    private final long ttlNanos;
    private final LongSupplier clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Autowired
    ApiKeys(ApiKeyRepository repository, ApiKeySettings settings) {
        this(repository, settings.cacheTtl(), System::nanoTime);
    }

    ApiKeys(ApiKeyRepository repository, Duration ttl, LongSupplier clock) {
        this.repository = repository;
        this.ttlNanos = ttl.toNanos();
        this.clock = clock;
    }

    /**
     * The caller a key names, empty for an unknown or revoked key.
     *
     * @throws DataAccessException if the key must be looked up and the database cannot answer
     */
    @Override
    public Optional<ApiKeyCaller> authenticate(String text) {
        String id = ApiKeyToken.idOf(text);
        Optional<StoredKey> stored = lookUp(id);
        return stored.filter(key -> !key.revoked() && ApiKeyToken.matches(text, key.secretHash()))
                .map(key -> new ApiKeyCaller(key.id(), key.name(), key.scopes()));
    }

    private Optional<StoredKey> lookUp(String id) {
        long now = clock.getAsLong();
        Cached cached = cache.get(id);
        if (cached != null && now - cached.fetchedAt() < ttlNanos) {
            return cached.key();
        }
        try {
            Optional<StoredKey> fresh = repository.find(id);
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(id, new Cached(fresh, now));
            return fresh;
        } catch (DataAccessException unreachable) {
            if (cached != null) {
                return cached.key();
            }
            throw unreachable;
        }
    }

    /** A new key with the given name and scopes (wire names); refused naming each bad field. */
    public ApiKeyInfo.Created create(String requestedName, List<String> requestedScopes) {
        String name = requestedName == null ? null : requestedName.strip();
        List<FieldProblem> problems = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            problems.add(FieldProblem.of("name", "is required"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            problems.add(FieldProblem.of("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            problems.add(FieldProblem.of("name", "must not contain control characters"));
        }
        Set<ApiKeyScope> scopes = EnumSet.noneOf(ApiKeyScope.class);
        if (requestedScopes == null || requestedScopes.isEmpty()) {
            problems.add(FieldProblem.of("scopes", "must name at least one of read, write, admin"));
        } else if (requestedScopes.size() > ApiKeyScope.values().length) {
            problems.add(FieldProblem.of("scopes", "must name each of read, write, admin at most once"));
        } else {
            for (int i = 0; i < requestedScopes.size(); i++) {
                String scope = requestedScopes.get(i);
                Optional<ApiKeyScope> known = scope == null ? Optional.empty() : ApiKeyScope.fromWire(scope);
                if (known.isEmpty()) {
                    problems.add(FieldProblem.of("scopes[" + i + "]", "must be one of read, write, admin"));
                } else {
                    scopes.add(known.get());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The key request is invalid.", problems);
        }
        ApiKeyToken.Generated key = ApiKeyToken.generate();
        StoredKey stored = repository.insert(key.id(), name, scopes, ApiKeyToken.hash(key.text()));
        log.info("API key {} ('{}', scopes {}) created", stored.id(), stored.name(), scopes);
        return new ApiKeyInfo.Created(ApiKeyInfo.of(stored), key.text());
    }

    /** Every key, revoked ones included, oldest first. */
    public List<ApiKeyInfo> list() {
        return repository.findAll().stream().map(ApiKeyInfo::of).toList();
    }

    /** Revokes a key; revoking one already revoked changes nothing. */
    public void revoke(String id) {
        if (!repository.revoke(id) && !repository.exists(id)) {
            throw new NotFoundException("There is no API key '" + id + "'.", List.of());
        }
        cache.remove(id);
        log.info("API key {} revoked", id);
    }
}
