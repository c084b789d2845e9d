package io.p2law.law;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.p2law.fitting.FitOptions;
import io.p2law.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** One fit per family, form and options at a time, and a new fit as soon as the data changes. */
@IntegrationTest
@AutoConfigureMockMvc
class FitLockingTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    private LawTestClient client;
    private final String family = LawTestClient.freshSlug("locking");

    @BeforeEach
    void uploadFamily() {
        client = new LawTestClient(mvc, port);
        client.uploadDepthFamily(family);
    }

    private long storedFits() {
        return jdbc.sql("select count(*) from law_fit f join family fam on fam.id = f.family_id where fam.slug = ?")
                .param(family).query(Long.class).single();
    }

    private CompletableFuture<HttpResponse<String>> fitAsync(String options, CountDownLatch start) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return client.postHttp("/api/v1/families/" + family + "/fits", options);
        });
    }

    @Test
    void twoConcurrentRequestsForOneFitRunOneFit() throws Exception {
        String options = "{\"bootstrapSamples\":10,\"seed\":1001}";
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> first = fitAsync(options, start);
        CompletableFuture<HttpResponse<String>> second = fitAsync(options, start);
        start.countDown();

        List<HttpResponse<String>> answers = List.of(first.get(120, TimeUnit.SECONDS), second.get(120, TimeUnit.SECONDS));

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(201, 200);
        JsonNode a = LawTestClient.JSON.readTree(answers.get(0).body());
        JsonNode b = LawTestClient.JSON.readTree(answers.get(1).body());
        assertThat(a.get("id").asLong()).isEqualTo(b.get("id").asLong());
        assertThat(storedFits()).isEqualTo(1);
    }

    /** Another service instance holding the lock is simulated by a second database session. */
    @Test
    void aFitWaitsWhileAnotherInstanceFitsTheSameLaw() throws Exception {
        long familyId = jdbc.sql("select id from family where slug = ?").param(family).query(Long.class).single();
        FitSpec spec = new FitSpec("p2", new FitOptions(1e-3, 8, 0, 10, 2002L));
        String lockKey = "law_fit:" + familyId + ":p2:" + spec.optionsKey();
        try (Connection otherInstance = dataSource.getConnection()) {
            lock(otherInstance, "select pg_advisory_lock(hashtextextended(?, 0))", lockKey);
            CompletableFuture<HttpResponse<String>> fit = fitAsync("{\"bootstrapSamples\":10,\"seed\":2002}",
                    new CountDownLatch(0));

            Thread.sleep(1500);
            assertThat(fit).isNotDone();
            assertThat(storedFits()).isZero();

            lock(otherInstance, "select pg_advisory_unlock(hashtextextended(?, 0))", lockKey);
            assertThat(fit.get(120, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        }
        assertThat(storedFits()).isEqualTo(1);
    }

    @Test
    void anUploadMakesTheNextRequestRefit() throws Exception {
        String plan = "{\"paramsBefore\":3210000000,\"pruningRate\":0.25,\"lossBefore\":2.12,\"tokens\":[1000000000]}";
        JsonNode before = LawTestClient.json(client.get("/api/v1/families/{family}/law", family));
        JsonNode predictedBefore = LawTestClient.json(client.post("/api/v1/families/{family}/predictions", plan, family));
        assertThat(predictedBefore.get("law").get("fitId").asLong()).isEqualTo(before.get("id").asLong());

        client.upload(family, "application/json", """
                {"runs":[{"runId":"extra","baseModel":"llama-3.2-3b","pruningMethod":"depth",
                  "paramsBefore":3210000000,"pruningRate":0.3,"lossBefore":2.12,
                  "checkpoints":[{"tokens":100000000,"loss":2.33},{"tokens":200000000,"loss":2.31},
                                 {"tokens":400000000,"loss":2.29}]}]}
                """);
        JsonNode predictedAfter = LawTestClient.json(client.post("/api/v1/families/{family}/predictions", plan, family));
        JsonNode after = LawTestClient.json(client.get("/api/v1/families/{family}/law", family));

        assertThat(after.get("id").asLong()).isNotEqualTo(before.get("id").asLong());
        assertThat(after.get("dataVersion").asLong()).isGreaterThan(before.get("dataVersion").asLong());
        assertThat(after.get("stale").asBoolean()).isFalse();
        assertThat(after.get("points").asInt()).isEqualTo(453);
        assertThat(predictedAfter.get("law").get("fitId").asLong()).isEqualTo(after.get("id").asLong());
        assertThat(predictedAfter.get("law").get("stale").asBoolean()).isFalse();
        assertThat(storedFits()).isEqualTo(2);
    }

    private static void lock(Connection connection, String sql, String key) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key);
            statement.executeQuery().close();
        }
    }
}
