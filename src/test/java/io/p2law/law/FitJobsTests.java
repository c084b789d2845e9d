package io.p2law.law;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.p2law.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** Fits as jobs: asked for, followed, finished, failed, cancelled and recovered. */
@IntegrationTest
@AutoConfigureMockMvc
class FitJobsTests {

    /** Enough bootstrap samples that the fit is still running when the test looks (seconds). */
    private static final String SLOW = "{\"bootstrapSamples\":2000,\"starts\":64,\"seed\":77}";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    private LawTestClient client;
    private final String family = LawTestClient.freshSlug("jobs");

    @BeforeEach
    void uploadFamily() {
        client = new LawTestClient(mvc, port);
        client.uploadDepthFamily(family);
    }

    @Test
    void aFitIsAJobWithALocationStatusAndProgressThenTheStoredFit() throws Exception {
        MvcResult accepted = client.post("/api/v1/families/{family}/fits", "{\"bootstrapSamples\":400,\"seed\":5}",
                family);
        assertThat(accepted.getResponse().getStatus()).isEqualTo(202);
        JsonNode job = LawTestClient.json(accepted);
        long id = job.get("id").asLong();
        assertThat(accepted.getResponse().getHeader("Location")).isEqualTo("/api/v1/families/" + family + "/fits/" + id);
        assertThat(job.get("status").asString()).isIn("queued", "running");

        List<JsonNode> seen = new ArrayList<>();
        JsonNode done = poll(id, j -> {
            seen.add(j);
            return j.get("status").asString().equals("done");
        });
        assertThat(done.get("fit").get("id").asLong()).isEqualTo(id);
        assertThat(done.get("fit").get("options").get("bootstrapSamples").asInt()).isEqualTo(400);
        assertThat(done.get("progress").get("starts").asInt()).isEqualTo(8);
        assertThat(done.get("progress").get("startsFinished").asInt()).isEqualTo(8);
        assertThat(done.get("progress").get("bootstrapFinished").asInt()).isEqualTo(400);
        assertThat(done.get("elapsedMillis").asLong()).isPositive();
        assertThat(done.get("finishedAt").isNull()).isFalse();
        assertThat(seen).extracting(j -> j.get("status").asString()).containsAnyOf("queued", "running", "done");

        MvcResult again = client.post("/api/v1/families/{family}/fits", "{\"bootstrapSamples\":400,\"seed\":5}", family);
        assertThat(again.getResponse().getStatus()).isEqualTo(200);
        assertThat(LawTestClient.json(again).get("id").asLong()).isEqualTo(id);
    }

    @Test
    void aRunningFitShowsItsProgressAndElapsedTime() throws Exception {
        long id = LawTestClient.json(client.post("/api/v1/families/{family}/fits", SLOW, family)).get("id").asLong();
        JsonNode running = poll(id, j -> j.get("status").asString().equals("running")
                && j.get("progress").get("bootstrapFinished").asInt() > 0);
        assertThat(running.get("progress").get("startsFinished").asInt())
                .isEqualTo(running.get("progress").get("starts").asInt());
        assertThat(running.get("progress").get("bootstrapSamples").asInt()).isEqualTo(2000);
        assertThat(running.get("progress").get("bootstrapFinished").asInt()).isLessThanOrEqualTo(2000);
        assertThat(running.get("elapsedMillis").asLong()).isPositive();
        assertThat(running.has("fit")).isFalse();
        poll(id, j -> j.get("status").asString().equals("done"));
    }

    @Test
    void waitGivesTheOldSynchronousAnswerAndItsLimitIsA400() {
        MvcResult created = client.post("/api/v1/families/{family}/fits?wait=120", "{\"bootstrapSamples\":10}", family);
        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        assertThat(LawTestClient.json(created).get("points").asInt()).isEqualTo(450);

        MvcResult tooLong = client.postInvalid("/api/v1/families/{family}/fits?wait=301", "{}", family);
        assertThat(tooLong.getResponse().getStatus()).isEqualTo(400);
        assertThat(LawTestClient.json(tooLong).get("errors").get(0).get("field").asString()).isEqualTo("wait");
    }

    @Test
    void anUnknownFitIdIsA404AndSoIsAnotherFamilysFit() {
        MvcResult unknown = client.get("/api/v1/families/{family}/fits/{id}", family, 999_999_999L);
        assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
        assertThat(LawTestClient.json(unknown).get("errors").get(0).get("field").asString()).isEqualTo("fitId");

        long id = LawTestClient.json(client.post("/api/v1/families/{family}/fits?wait=120", "{\"bootstrapSamples\":10}",
                family)).get("id").asLong();
        String other = LawTestClient.freshSlug("jobs-other");
        client.uploadDepthFamily(other);
        assertThat(client.get("/api/v1/families/{family}/fits/{id}", other, id).getResponse().getStatus())
                .isEqualTo(404);
        assertThat(client.get("/api/v1/families/{family}/fits/{id}", family, id).getResponse().getStatus())
                .isEqualTo(200);
    }

    @Test
    void aFamilyDeletedWhileItsFitRunsEndsThatJobAsFailedStoringNothing() throws Exception {
        long id = LawTestClient.json(client.post("/api/v1/families/{family}/fits", SLOW, family)).get("id").asLong();
        poll(id, j -> j.get("status").asString().equals("running"));

        client.delete("/api/v1/families/" + family);

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String status = "running";
        while (!status.equals("failed") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = jdbc.sql("select status from fit_job where id = ?").param(id).query(String.class).single();
        }
        assertThat(status).isEqualTo("failed");
        assertThat(jdbc.sql("select reason from fit_job where id = ?").param(id).query(String.class).single())
                .isEqualTo(FitRunner.DELETED);
        assertThat(jdbc.sql("select count(*) from law_fit where id = ?").param(id).query(Long.class).single()).isZero();
    }

    @Test
    void aFailedRefitKeepsThePreviousFitServingStaleAndSaysWhy() throws Exception {
        String plan = "{\"paramsBefore\":3210000000,\"pruningRate\":0.25,\"lossBefore\":2.12,\"tokens\":[1000000000]}";
        long fitted = LawTestClient.json(client.get("/api/v1/families/{family}/law", family)).get("id").asLong();
        // every run replaced by one p2 cannot use (no loss before pruning): the refit is refused
        JsonNode runs = LawTestClient.json(client.get("/api/v1/families/{family}/runs?size=100", family));
        client.upload(family, "application/json", """
                {"runs":[{"runId":"no-loss-before","baseModel":"m","pruningMethod":"depth","paramsBefore":1000000000,
                  "pruningRate":0.25,"checkpoints":[{"tokens":10000000,"loss":2.9},{"tokens":20000000,"loss":2.8},
                  {"tokens":40000000,"loss":2.75}]}]}
                """);
        runs.get("runs").forEach(r -> client.delete("/api/v1/families/" + family + "/runs/" + r.get("runId").asString()));

        long before = jdbc.sql("select max(id) from fit_job where family = ?").param(family).query(Long.class).single();
        JsonNode stale = LawTestClient.json(client.post("/api/v1/families/{family}/predictions", plan, family));
        assertThat(stale.get("law").get("fitId").asLong()).isEqualTo(fitted);
        assertThat(stale.get("law").get("stale").asBoolean()).isTrue();
        long refit = refitAskedAfter(before);
        JsonNode failed = poll(refit, j -> j.get("status").asString().equals("failed"));
        assertThat(failed.get("reason").asString()).contains("lossBefore");
        assertThat(failed.has("fit")).isFalse();

        JsonNode still = LawTestClient.json(client.post("/api/v1/families/{family}/predictions", plan, family));
        assertThat(still.get("law").get("fitId").asLong()).isEqualTo(fitted);
        assertThat(still.get("law").get("stale").asBoolean()).isTrue();
        assertThat(still.get("warnings").get(0).asString()).contains("(fit " + refit + ") failed").contains("lossBefore");
        JsonNode law = LawTestClient.json(client.get("/api/v1/families/{family}/law", family));
        assertThat(law.get("id").asLong()).isEqualTo(fitted);
        assertThat(law.get("warnings").get(0).asString()).contains("failed");
    }

    /**
     * A refit after one appended checkpoint (1 of 451 points) takes over the calibration of the fit
     * before and says so; a new run calibrates afresh.
     */
    @Test
    void aRefitAfterASmallChangeRecordsTheDataVersionItsCalibrationWasMeasuredOn() throws Exception {
        String options = "{\"bootstrapSamples\":20,\"seed\":9}";
        JsonNode first = LawTestClient.json(client.post("/api/v1/families/{family}/fits?wait=120", options, family));
        long firstVersion = first.get("dataVersion").asLong();
        assertThat(first.get("calibrationDataVersion").asLong()).isEqualTo(firstVersion);

        String runId = LawTestClient.json(client.get("/api/v1/families/{family}/runs?size=1", family))
                .get("runs").get(0).get("runId").asString();
        JsonNode checkpoints = LawTestClient.json(client.get("/api/v1/families/{family}/runs/{run}", family, runId))
                .get("checkpoints");
        JsonNode last = checkpoints.get(checkpoints.size() - 1);
        String appended = "{\"checkpoints\":[{\"tokens\":" + (last.get("tokens").asLong() + 10_000_000)
                + ",\"loss\":" + (last.get("loss").asDouble() - 0.001) + "}]}";
        assertThat(client.postHttp("/api/v1/families/" + family + "/runs/" + runId + "/checkpoints", appended)
                .statusCode()).isEqualTo(200);
        JsonNode refit = LawTestClient.json(client.post("/api/v1/families/{family}/fits?wait=120", options, family));
        assertThat(refit.get("dataVersion").asLong()).isGreaterThan(firstVersion);
        assertThat(refit.get("points").asInt()).isEqualTo(first.get("points").asInt() + 1);
        assertThat(refit.get("calibrationDataVersion").asLong()).isEqualTo(firstVersion);
        assertThat(refit.get("heldOutMape").asDouble()).isEqualTo(first.get("heldOutMape").asDouble());
        assertThat(refit.get("adequacy").asString()).isEqualTo(first.get("adequacy").asString());
        assertThat(refit.get("warnings")).isEqualTo(first.get("warnings"));

        client.upload(family, "application/json", """
                {"runs":[{"runId":"one-more","baseModel":"llama-3.2-3b","pruningMethod":"depth",
                  "paramsBefore":3210000000,"pruningRate":0.25,"lossBefore":2.12,
                  "checkpoints":[{"tokens":100000000,"loss":2.33},{"tokens":200000000,"loss":2.31},
                  {"tokens":400000000,"loss":2.29}]}]}
                """);
        JsonNode fresh = LawTestClient.json(client.post("/api/v1/families/{family}/fits?wait=120", options, family));
        assertThat(fresh.get("calibrationDataVersion").asLong()).isEqualTo(fresh.get("dataVersion").asLong());
    }

    /** A job left running by an instance that stopped (its heartbeat an hour old) is resumed. */
    @Test
    void aJobAbandonedByAStoppedInstanceIsResumed() throws Exception {
        FitSpec spec = new FitSpec("p2", new io.p2law.fitting.FitOptions(1e-3, 8, 0, 10, 3003L));
        long abandoned = OtherInstance.running(jdbc, family, spec, "-1 hour");

        JsonNode done = poll(abandoned, j -> j.get("status").asString().equals("done"));
        assertThat(done.get("fit").get("options").get("seed").asLong()).isEqualTo(3003);
    }

    /** The refit a stale answer asked for, which its request leaves to a background thread to queue. */
    private long refitAskedAfter(long before) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            long newest = jdbc.sql("select max(id) from fit_job where family = ?").param(family).query(Long.class).single();
            if (newest > before) {
                return newest;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no refit was queued after the stale answer");
    }

    private JsonNode poll(long id, Predicate<JsonNode> until) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            job = LawTestClient.json(client.get("/api/v1/families/{family}/fits/{id}", family, id));
            if (until.test(job)) {
                return job;
            }
            if (job.get("status").asString().equals("failed")) {
                throw new AssertionError("fit " + id + " failed: " + job);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fit " + id + " never got there: " + job);
    }
}
