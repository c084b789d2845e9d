package io.p2law.law;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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

/** One fit per family, form and options at a time (also across instances), and stale answers while one runs. */
@IntegrationTest
@AutoConfigureMockMvc
class FitLockingTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    CurrentLaws laws;
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
            return client.postHttp("/api/v1/families/" + family + "/fits?wait=120", options);
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

        // both waited for the one job (201), or the second came after it was stored (200)
        assertThat(answers).extracting(HttpResponse::statusCode).contains(201).allMatch(s -> s == 201 || s == 200);
        JsonNode a = LawTestClient.JSON.readTree(answers.get(0).body());
        JsonNode b = LawTestClient.JSON.readTree(answers.get(1).body());
        assertThat(a.get("id").asLong()).isEqualTo(b.get("id").asLong());
        assertThat(storedFits()).isEqualTo(1);
    }

    /** Another service instance running the same fit is simulated by its job row, alive by its heartbeat. */
    @Test
    void aFitWaitsWhileAnotherInstanceRunsTheSameFit() throws Exception {
        long familyId = jdbc.sql("select id from family where slug = ?").param(family).query(Long.class).single();
        FitSpec spec = new FitSpec("p2", new FitOptions(1e-3, 8, 0, 10, 2002L));
        long otherInstance = OtherInstance.running(jdbc, family, spec, "1 hour");
        CompletableFuture<HttpResponse<String>> fit = fitAsync("{\"bootstrapSamples\":10,\"seed\":2002}",
                new CountDownLatch(0));

        Thread.sleep(1500);
        assertThat(fit).isNotDone();
        assertThat(storedFits()).isZero();
        assertThat(jdbc.sql("select status from fit_job where family_id = ? and id <> ?").params(familyId, otherInstance)
                .query(String.class).list()).containsExactly("queued");

        OtherInstance.ends(jdbc, otherInstance);
        assertThat(fit.get(120, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        assertThat(storedFits()).isEqualTo(1);
    }

    @Test
    void anUploadMakesAnswersStaleUntilTheBackgroundRefitLands() throws Exception {
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
        long started = System.nanoTime();
        JsonNode stale = LawTestClient.json(client.post("/api/v1/families/{family}/predictions", plan, family));
        long staleMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(stale.get("law").get("stale").asBoolean()).isTrue();
        assertThat(stale.get("law").get("fitId").asLong()).isEqualTo(before.get("id").asLong());
        assertThat(stale.get("law").get("currentDataVersion").asLong())
                .isEqualTo(stale.get("law").get("dataVersion").asLong() + 1);
        assertThat(stale.get("warnings").toString()).contains("stale: fitted on data version");
        assertThat(staleMillis).as("a stale answer does not wait for the refit").isLessThan(2000);

        JsonNode after = LawTestClient.json(client.get("/api/v1/families/{family}/law?fresh=true", family));
        assertThat(after.get("id").asLong()).isNotEqualTo(before.get("id").asLong());
        assertThat(after.get("dataVersion").asLong()).isGreaterThan(before.get("dataVersion").asLong());
        assertThat(after.get("stale").asBoolean()).isFalse();
        assertThat(after.get("points").asInt()).isEqualTo(453);
        JsonNode predictedAfter = LawTestClient.json(client.post("/api/v1/families/{family}/predictions", plan, family));
        assertThat(predictedAfter.get("law").get("fitId").asLong()).isEqualTo(after.get("id").asLong());
        assertThat(predictedAfter.get("law").get("stale").asBoolean()).isFalse();
        assertThat(storedFits()).isEqualTo(2);
    }

    @Test
    void manyChangesInARowKeepAtMostOneRunningAndOneQueuedRefit() throws Exception {
        String plan = "{\"paramsBefore\":3210000000,\"pruningRate\":0.25,\"lossBefore\":2.12,\"tokens\":[1000000000]}";
        client.get("/api/v1/families/{family}/law", family);
        long familyId = jdbc.sql("select id from family where slug = ?").param(family).query(Long.class).single();
        for (int k = 0; k < 12; k++) {
            client.upload(family, "application/json", """
                    {"runs":[{"runId":"extra-%d","baseModel":"llama-3.2-3b","pruningMethod":"depth",
                      "paramsBefore":3210000000,"pruningRate":0.3,"lossBefore":2.12,
                      "checkpoints":[{"tokens":100000000,"loss":2.33},{"tokens":200000000,"loss":2.31}]}]}
                    """.formatted(k));
            JsonNode answer = LawTestClient.json(client.post("/api/v1/families/{family}/predictions", plan, family));
            assertThat(answer.get("law").get("currentDataVersion").asLong()).isEqualTo(k + 2);
            List<String> open = jdbc.sql("select status from fit_job where family_id = ? and status in "
                    + "('queued', 'running')").param(familyId).query(String.class).list();
            assertThat(open.stream().filter("queued"::equals).count()).isLessThanOrEqualTo(1);
            assertThat(open.stream().filter("running"::equals).count()).isLessThanOrEqualTo(1);
        }
        JsonNode fresh = LawTestClient.json(client.get("/api/v1/families/{family}/law?fresh=true", family));
        assertThat(fresh.get("dataVersion").asLong()).isEqualTo(13);
        assertThat(storedFits()).isLessThan(13);
    }

    @Test
    void aRefitAskedSoonAfterTheLastIsDelayedNotLost() throws Exception {
        FitSpec spec = new FitSpec("p2", new FitOptions(1e-3, 8, 0, 400, 3003L));
        laws.current(family, spec);
        long familyId = jdbc.sql("select id from family where slug = ?").param(family).query(Long.class).single();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // A change read stale asks for a refit at once; once that refit has started on its data, a second
        // change read stale within 250 ms is asked for when the 250 ms are up, without any further request.
        jdbc.sql("update family set data_version = data_version + 1 where id = ?").param(familyId).update();
        readStale(spec, 2, deadline);
        while (!jdbc.sql("select exists (select 1 from fit_job where family_id = ? and status <> 'queued' "
                + "and data_version = 2)").param(familyId).query(Boolean.class).single()) {
            assertThat(System.nanoTime()).as("waiting for the first refit").isLessThan(deadline);
            Thread.sleep(5);
        }
        Thread.sleep(20);
        jdbc.sql("update family set data_version = data_version + 1 where id = ?").param(familyId).update();
        readStale(spec, 3, deadline);
        long newest = 0;
        while (newest < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            newest = jdbc.sql("select coalesce(max(data_version), 0) from law_fit where family_id = ?")
                    .param(familyId).query(Long.class).single();
        }
        assertThat(newest).as("the newest stored fit's data version").isEqualTo(3);
    }

    /** Reads until the answer knows the data version (its announcement has arrived). */
    private void readStale(FitSpec spec, long dataVersion, long deadline) throws InterruptedException {
        while (laws.current(family, spec).currentDataVersion() < dataVersion) {
            assertThat(System.nanoTime()).as("waiting for data version " + dataVersion).isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
