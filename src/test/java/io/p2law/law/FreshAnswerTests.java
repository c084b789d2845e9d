package io.p2law.law;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.p2law.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** {@code fresh=true} waits for the fit of the current data up to its limit, then answers 503 with Retry-After. */
@IntegrationTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "p2law.fits.fresh-wait=300ms")
class FreshAnswerTests {

    private static final String PLAN =
            "{\"paramsBefore\":3210000000,\"pruningRate\":0.25,\"lossBefore\":2.12,\"tokens\":[1000000000]}";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    @Test
    void aFreshAnswerPastItsWaitIs503WithRetryAfterAndTheStaleOneStillAnswers() throws Exception {
        LawTestClient client = new LawTestClient(mvc, port);
        String family = LawTestClient.freshSlug("fresh");
        client.uploadDepthFamily(family);
        long fitted = LawTestClient.json(client.get("/api/v1/families/{family}/law", family)).get("id").asLong();
        // another instance's refit of this law, alive: the queued one cannot start before it ends
        long blocking = OtherInstance.running(jdbc, family, FitSpec.defaults("p2"), "1 hour");
        client.upload(family, "application/json", """
                {"runs":[{"runId":"extra","baseModel":"llama-3.2-3b","pruningMethod":"depth",
                  "paramsBefore":3210000000,"pruningRate":0.3,"lossBefore":2.12,
                  "checkpoints":[{"tokens":100000000,"loss":2.33},{"tokens":200000000,"loss":2.31}]}]}
                """);

        MvcResult pending = client.post("/api/v1/families/{family}/predictions?fresh=true", PLAN, family);
        assertThat(pending.getResponse().getStatus()).isEqualTo(503);
        assertThat(Integer.parseInt(pending.getResponse().getHeader("Retry-After"))).isBetween(1, 30);
        JsonNode problem = LawTestClient.json(pending);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("fresh");
        long queued = problem.get("fitId").asLong();
        assertThat(LawTestClient.json(client.get("/api/v1/families/{family}/fits/{id}", family, queued))
                .get("status").asString()).isEqualTo("queued");

        JsonNode stale = LawTestClient.json(client.post("/api/v1/families/{family}/predictions", PLAN, family));
        assertThat(stale.get("law").get("fitId").asLong()).isEqualTo(fitted);
        assertThat(stale.get("law").get("stale").asBoolean()).isTrue();

        OtherInstance.ends(jdbc, blocking);
        JsonNode fresh = null;
        for (int attempt = 0; attempt < 200; attempt++) {
            MvcResult answer = client.post("/api/v1/families/{family}/predictions?fresh=true", PLAN, family);
            if (answer.getResponse().getStatus() == 200) {
                fresh = LawTestClient.json(answer);
                break;
            }
            Thread.sleep(100);
        }
        assertThat(fresh).isNotNull();
        assertThat(fresh.get("law").get("stale").asBoolean()).isFalse();
        assertThat(fresh.get("law").get("fitId").asLong()).isEqualTo(queued);
    }
}
