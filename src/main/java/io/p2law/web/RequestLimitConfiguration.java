package io.p2law.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestLimits.class)
class RequestLimitConfiguration {

    /** After Spring Security (order -100): a refused key costs no body read and no turn. */
    static final int ORDER = -50;

    @Bean
    FilterRegistrationBean<RequestLimitFilter> requestLimitFilter(RequestLimits limits, JsonMapper json,
            @Value("${p2law.upload.max-bytes:32MB}") DataSize uploadMaxBytes) {
        FilterRegistrationBean<RequestLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestLimitFilter(limits, uploadMaxBytes.toBytes(), json));
        registration.setOrder(ORDER);
        return registration;
    }
}
