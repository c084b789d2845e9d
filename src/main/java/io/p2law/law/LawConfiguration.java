package io.p2law.law;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.p2law.fitting.LawFitting;

@Configuration(proxyBeanMethods = false)
public class LawConfiguration {

    /** One engine for the service, its pool sized to the machine; closed with the context. */
    @Bean(destroyMethod = "close")
    LawFitting lawFitting() {
        return new LawFitting(Runtime.getRuntime().availableProcessors());
    }

    @Bean
    LawCache lawCache(@Value("${p2law.law.cache-size:256}") int capacity) {
        return new LawCache(capacity);
    }
}
