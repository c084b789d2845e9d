package io.p2law.support;

import java.util.Optional;
import java.util.Set;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import io.p2law.security.ApiKeyAuthenticator;
import io.p2law.security.ApiKeyCaller;
import io.p2law.security.ApiKeyScope;
import io.p2law.security.web.ApiKeySecurityConfiguration;

/**
 * The administrator key the tests authenticate with: {@link IntegrationTest} configures it as
 * {@code p2law.security.admin-key}, and the test clients send it.
 */
public final class TestApiKey {

    public static final String ADMIN = "test-admin-key-4f0c2a9e81b7d356a0";
    public static final String BEARER = "Bearer " + ADMIN;

    private TestApiKey() {
    }

    /** MockMvc sends the test key with every request unless a request names another. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class SentByMockMvc {

        @Bean
        MockMvcBuilderCustomizer sendTheTestAdminKey() {
            return builder -> builder.defaultRequest(
                    MockMvcRequestBuilders.get("/").header(HttpHeaders.AUTHORIZATION, BEARER));
        }
    }

    /**
     * For web slice tests, which have no database: the real filter chain, with a key check that
     * knows only the test key.
     */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableWebSecurity
    @Import({ApiKeySecurityConfiguration.class, SentByMockMvc.class})
    public static class InWebSlice {

        @Bean
        ApiKeyAuthenticator testKeyOnly() {
            return text -> ADMIN.equals(text)
                    ? Optional.of(new ApiKeyCaller("test", "test administrator", Set.of(ApiKeyScope.ADMIN)))
                    : Optional.empty();
        }
    }
}
