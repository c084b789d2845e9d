package io.p2law.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Which web origins may call the API from a browser ({@code p2law.cors.allowed-origins}, a
 * comma-separated list such as {@code https://dash.example.com}; {@code *} allows any). None by
 * default: the dashboard is served by the service itself and needs no CORS.
 */
@ConfigurationProperties("p2law.cors")
record CorsSettings(@DefaultValue List<String> allowedOrigins) {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CorsSettings.class)
    static class Registration implements WebMvcConfigurer {

        private final CorsSettings settings;

        Registration(CorsSettings settings) {
            this.settings = settings;
        }

        @Override
        public void addCorsMappings(CorsRegistry registry) {
            List<String> origins = settings.allowedOrigins().stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
            if (origins.isEmpty()) {
                return;
            }
            registry.addMapping("/**")
                    .allowedOriginPatterns(origins.toArray(String[]::new))
                    .allowedMethods("GET", "HEAD", "POST", "PUT", "DELETE")
                    .allowedHeaders("*")
                    .exposedHeaders("ETag", "Location", "P2law-Data-Version")
                    .maxAge(3600);
        }
    }
}
