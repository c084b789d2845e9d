package io.p2law.security.web;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import io.p2law.security.ApiKeyAuthenticator;
import io.p2law.security.ApiKeyCaller;

/**
 * Reads {@code Authorization: Bearer <key>}. A request without the header goes on anonymously (the
 * rules then decide); one with a header that names no valid key is refused here, so a mistyped or
 * revoked key never silently falls back to anonymous access. The key's text is never logged.
 */
final class BearerKeyFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BearerKeyFilter.class);
    private static final String BEARER = "Bearer ";
    /** Keys are ~60 characters; a longer header is not a key and is not worth hashing. */
    private static final int MAX_KEY_LENGTH = 512;

    private final ApiKeyAuthenticator keys;
    private final SecurityProblems problems;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    BearerKeyFilter(ApiKeyAuthenticator keys, SecurityProblems problems) {
        this.keys = keys;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            problems.unauthorized(request, response, "The Authorization header must read 'Bearer <API key>'.");
            return;
        }
        String text = header.substring(BEARER.length()).strip();
        Optional<ApiKeyCaller> caller;
        try {
            caller = text.isEmpty() || text.length() > MAX_KEY_LENGTH ? Optional.empty() : keys.authenticate(text);
        } catch (DataAccessException unreachable) {
            log.warn("Could not check an API key: the database did not answer ({})", unreachable.getClass().getSimpleName());
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE,
                    "The API key cannot be checked while the database is unreachable; retry shortly.");
            return;
        }
        if (caller.isEmpty()) {
            problems.unauthorized(request, response, "The API key is unknown or revoked.");
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new KeyAuthentication(caller.get()));
        contexts.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }

    /** An authenticated key: its id is the principal's name, its scopes the authorities. */
    static final class KeyAuthentication extends AbstractAuthenticationToken {

        private final transient ApiKeyCaller caller;

        KeyAuthentication(ApiKeyCaller caller) {
            super(caller.scopes().stream().map(scope -> new SimpleGrantedAuthority(scope.authority())).toList());
            this.caller = caller;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return caller;
        }

        @Override
        public String getName() {
            return caller.keyId();
        }
    }
}
