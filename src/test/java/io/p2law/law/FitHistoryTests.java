package io.p2law.law;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import io.p2law.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** Stored fits are kept to {@code p2law.law.fit-history} per family and form, the newest ones. */
@IntegrationTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "p2law.law.fit-history=2")
class FitHistoryTests {

    @Autowired
    MockMvc mvc;
    @LocalServerPort
    int port;

    @Test
    void onlyTheNewestFitsOfAFormAreKept() {
        LawTestClient client = new LawTestClient(mvc, port);
        String family = LawTestClient.freshSlug("history");
        client.uploadDepthFamily(family);

        List<Long> fitted = new ArrayList<>();
        for (int seed = 1; seed <= 4; seed++) {
            JsonNode fit = LawTestClient.json(client.post("/api/v1/families/{family}/fits",
                    "{\"bootstrapSamples\": 10, \"seed\": " + seed + "}", family));
            fitted.add(fit.path("id").asLong());
        }
        JsonNode history = LawTestClient.json(client.get("/api/v1/families/{family}/fits?limit=100", family));

        List<Long> kept = new ArrayList<>();
        history.path("fits").forEach(fit -> kept.add(fit.path("id").asLong()));
        assertThat(kept).containsExactlyInAnyOrder(fitted.get(2), fitted.get(3));
    }
}
