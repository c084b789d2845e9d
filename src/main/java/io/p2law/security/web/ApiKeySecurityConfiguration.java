package io.p2law.security.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import io.p2law.security.ApiKeyAuthenticator;
import io.p2law.security.ApiKeyScope;
import io.p2law.security.ApiKeySettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which request needs which scope. Key administration needs {@code admin}; reads and queries need
 * {@code read} unless {@code p2law.security.anonymous-read} (the default) lets anyone read; every
 * other request to the API changes data and needs {@code write}, so an endpoint added later is
 * protected until it is listed here as a query. Health (details only for a key holder), the
 * contract and Swagger UI are open.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiKeySettings.class)
public class ApiKeySecurityConfiguration {

    /** POSTs that only compute an answer from stored data: queries, not writes. */
    static final String[] QUERY_POSTS = {"/api/v1/families/*/predictions", "/api/v1/families/*/budgets",
            "/api/v1/families/*/budget-checks", "/api/v1/families/*/validations", "/api/v1/families/*/plans",
            "/api/v1/families/*/forecasts", "/api/v1/families/*/runs/*/forecast"};

    @Bean
    SecurityFilterChain apiKeyFilterChain(HttpSecurity http, ApiKeyAuthenticator keys, ApiKeySettings settings,
            JsonMapper json) throws Exception {
        SecurityProblems problems = new SecurityProblems(json);
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // GETs carry ETags for conditional requests; no-store would hide them from caches.
                .headers(headers -> headers.cacheControl(cacheControl -> cacheControl.disable()))
                .addFilterBefore(new BearerKeyFilter(keys, problems), AnonymousAuthenticationFilter.class)
                .exceptionHandling(failures -> failures
                        .authenticationEntryPoint((request, response, denied) -> problems.unauthorized(request, response,
                                "This request needs an API key: send it as 'Authorization: Bearer <key>'."))
                        .accessDeniedHandler((request, response, denied) -> problems.write(request, response,
                                HttpStatus.FORBIDDEN, "The API key's scopes do not allow this request.")))
                .authorizeHttpRequests(rules -> {
                    rules.requestMatchers("/api/v1/keys", "/api/v1/keys/**").hasAuthority(ApiKeyScope.ADMIN.authority());
                    readable(settings, rules.requestMatchers(HttpMethod.GET, "/api/v1/**"));
                    readable(settings, rules.requestMatchers(HttpMethod.HEAD, "/api/v1/**"));
                    readable(settings, rules.requestMatchers(HttpMethod.OPTIONS, "/api/v1/**"));
                    readable(settings, rules.requestMatchers(HttpMethod.POST, QUERY_POSTS));
                    rules.requestMatchers("/api/v1/**").hasAuthority(ApiKeyScope.WRITE.authority());
                    readable(settings, rules.requestMatchers("/actuator/prometheus"));
                    rules.anyRequest().permitAll();
                });
        return http.build();
    }

    private static void readable(ApiKeySettings settings,
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizedUrl requests) {
        if (settings.anonymousRead()) {
            requests.permitAll();
        } else {
            requests.hasAuthority(ApiKeyScope.READ.authority());
        }
    }
}
