package io.p2law.web;

import org.springdoc.core.configuration.SpringDocConfiguration;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.web.server.MimeMappings;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The contract is the hand-written {@code openapi.yaml}, packaged as the static resource
 * {@code /openapi.yaml}, and Swagger UI shows that file. springdoc's generated description is
 * off ({@code springdoc.api-docs.enabled=false}), which also switches off the beans its Swagger
 * UI needs; the ones defined here bring the UI back without the generator.
 */
@Configuration(proxyBeanMethods = false)
class ContractConfiguration {

    /** Servlet containers do not know YAML; without this the contract is served as octet-stream. */
    @Bean
    WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> yamlMimeType() {
        return factory -> {
            MimeMappings yaml = new MimeMappings();
            yaml.add("yaml", "application/yaml");
            factory.addMimeMappings(yaml);
        };
    }

    @Bean
    SpringDocConfiguration springDocConfiguration() {
        return new SpringDocConfiguration();
    }

    @Bean
    @ConfigurationProperties("springdoc")
    SpringDocConfigProperties springDocConfigProperties() {
        return new SpringDocConfigProperties();
    }

    @Bean
    ObjectMapperProvider objectMapperProvider(SpringDocConfigProperties properties) {
        return new ObjectMapperProvider(properties);
    }
}
