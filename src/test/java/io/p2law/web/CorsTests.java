package io.p2law.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import io.p2law.support.IntegrationTest;

/** Browsers on other origins may call the API only where {@code p2law.cors.allowed-origins} lets them. */
class CorsTests {

    @Nested
    @IntegrationTest
    @AutoConfigureMockMvc
    @TestPropertySource(properties = "p2law.cors.allowed-origins=https://dash.example.com, https://*.lab.example")
    class Configured {

        @Autowired
        MockMvc mvc;

        @Test
        void anAllowedOriginGetsThePreflightAndTheAnswer() throws Exception {
            mvc.perform(options("/api/v1/laws").header("Origin", "https://dash.example.com")
                            .header("Access-Control-Request-Method", "POST"))
                    .andExpect(status().isOk())
                    .andExpect(header().string("Access-Control-Allow-Origin", "https://dash.example.com"));
            mvc.perform(get("/api/v1/laws").header("Origin", "https://team.lab.example"))
                    .andExpect(status().isOk())
                    .andExpect(header().string("Access-Control-Allow-Origin", "https://team.lab.example"))
                    .andExpect(header().string("Access-Control-Expose-Headers", org.hamcrest.Matchers.containsString("ETag")));
        }

        @Test
        void anotherOriginIsRefused() throws Exception {
            mvc.perform(options("/api/v1/laws").header("Origin", "https://evil.example")
                            .header("Access-Control-Request-Method", "POST"))
                    .andExpect(status().isForbidden());
        }
    }

    @Nested
    @IntegrationTest
    @AutoConfigureMockMvc
    class ByDefault {

        @Autowired
        MockMvc mvc;

        @Test
        void noOriginIsAllowed() throws Exception {
            mvc.perform(get("/api/v1/laws").header("Origin", "https://dash.example.com"))
                    .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
        }
    }
}
