package io.p2law.family.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import io.p2law.support.IntegrationTest;
import io.p2law.web.ContractValidation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports of the training tools' exports (small files in each tool's shape, under
 * {@code src/test/resources/imports/}) against the real database, answers checked against the contract.
 */
@IntegrationTest
@AutoConfigureMockMvc
class ImportIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RUN_1B = "\"baseModel\":\"llama-3.2-1b\",\"pruningMethod\":\"depth\","
            + "\"paramsBefore\":1240000000,\"pruningRate\":0.25,\"lossBefore\":2.35";
    private static final String RUN_3B = "\"baseModel\":\"llama-3.2-3b\",\"pruningMethod\":\"depth\","
            + "\"paramsBefore\":3210000000,\"pruningRate\":0.25,\"lossBefore\":2.12";

    @Autowired
    MockMvc mvc;

    private final String family = "import-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aTrainerStateIsImportedWithTheTokensTheTrainerCounted() throws Exception {
        MvcResult result = importFile("hf-trainer", "", "trainer_state.json",
                "{\"*\":{\"runId\":\"llama-1b-depth-25\"," + RUN_1B + "}}");

        assertThat(result.getResponse().getStatus()).as(body(result)).isEqualTo(200);
        JsonNode answer = json(result);
        assertThat(answer.get("runsCreated").asInt()).isEqualTo(1);
        assertThat(answer.get("metric").asString()).isEqualTo("eval_loss");
        // ten evaluations after step 0; the evaluation at step 0 is counted as skipped
        assertThat(answer.get("checkpointsStored").asLong()).isEqualTo(10);
        assertThat(answer.get("skippedSteps").asInt()).isEqualTo(1);
        assertThat(answer.get("skippedValues").asInt()).isZero();

        JsonNode run = get("/api/v1/families/" + family + "/runs/llama-1b-depth-25");
        JsonNode first = run.get("checkpoints").get(0);
        assertThat(first.get("tokens").asLong()).isEqualTo(200L * 4096 * 50);
        assertThat(first.get("loss").asDouble()).isEqualTo(eval(0));
    }

    @Test
    void aTrainerStateOfStepsTakesTokensPerStepAndCountsNaN() throws Exception {
        MvcResult result = importFile("hf-trainer", "&metric=loss", "trainer_state_steps.json",
                "{\"*\":{\"runId\":\"llama-3b-depth-15\",\"baseModel\":\"llama-3.2-3b\",\"pruningMethod\":\"depth\","
                        + "\"paramsBefore\":3210000000,\"paramsAfter\":2728500000,\"tokensPerStep\":10485760}}");

        assertThat(result.getResponse().getStatus()).as(body(result)).isEqualTo(200);
        JsonNode answer = json(result);
        assertThat(answer.get("metric").asString()).isEqualTo("loss");
        assertThat(answer.get("checkpointsStored").asLong()).isEqualTo(7);
        assertThat(answer.get("skippedValues").asInt()).isEqualTo(1);
        JsonNode run = get("/api/v1/families/" + family + "/runs/llama-3b-depth-15");
        assertThat(run.get("pruningRate").asDouble()).isCloseTo(0.15, within(1e-9));
        assertThat(run.get("checkpoints").get(0).get("tokens").asLong()).isEqualTo(100L * 10485760);
    }

    @Test
    void aTrainerStateWithoutTokenCountsNeedsTokensPerStep() throws Exception {
        MvcResult result = importFile("hf-trainer", "&metric=loss", "trainer_state_steps.json",
                "{\"*\":{\"runId\":\"r\"," + RUN_3B + "}}");

        assertProblem(result, "runs[\"*\"].tokensPerStep", "is required");
        assertNothingStored();
    }

    @Test
    void aWandbPanelExportImportsEachRunAndIgnoresTheBand() throws Exception {
        MvcResult result = importFile("wandb-csv", "", "wandb_export.csv",
                "{\"llama-1b-depth-25\":{\"runId\":\"w-1b\",\"tokensPerStep\":1000000," + RUN_1B + "},"
                        + "\"llama-3b-depth-25\":{\"runId\":\"w-3b\",\"tokensPerStep\":1000000," + RUN_3B + "}}");

        assertThat(result.getResponse().getStatus()).as(body(result)).isEqualTo(200);
        JsonNode answer = json(result);
        assertThat(answer.get("runsCreated").asInt()).isEqualTo(2);
        // 1b: steps 500..3000 but NaN at 2500 → 5; 3b: no value at 1500 → 5; step 0 of both skipped
        assertThat(answer.get("checkpointsStored").asLong()).isEqualTo(10);
        assertThat(answer.get("skippedSteps").asInt()).isEqualTo(2);
        assertThat(answer.get("skippedValues").asInt()).isEqualTo(1);
        assertThat(answer.get("metric").asString()).isEqualTo("eval/loss");

        JsonNode run = get("/api/v1/families/" + family + "/runs/w-3b");
        assertThat(run.get("checkpoints")).hasSize(5);
        assertThat(run.get("checkpoints").get(0).get("tokens").asLong()).isEqualTo(500_000_000L);
        assertThat(run.get("checkpoints").get(0).get("loss").asDouble()).isEqualTo(2.28364);
    }

    @Test
    void anMlflowExportImportsTheChosenMetricByRunNameOrRunId() throws Exception {
        MvcResult result = importFile("mlflow-csv", "&metric=eval_loss", "mlflow_metric_history.csv",
                "{\"bright-owl-42\":{\"runId\":\"m-1b\",\"tokensPerStep\":2000000,\"baseModel\":\"llama-3.2-1b\","
                        + "\"pruningMethod\":\"depth\",\"paramsBefore\":1240000000,\"pruningRate\":0.35,\"lossBefore\":2.35},"
                        + "\"0a1b2c3d4e5f60718293a4b5c6d7e8f9\":{\"runId\":\"m-3b\",\"tokensPerStep\":2000000,"
                        + "\"baseModel\":\"llama-3.2-3b\",\"pruningMethod\":\"depth\",\"paramsBefore\":3210000000,"
                        + "\"pruningRate\":0.35,\"lossBefore\":2.12}}");

        assertThat(result.getResponse().getStatus()).as(body(result)).isEqualTo(200);
        JsonNode answer = json(result);
        assertThat(answer.get("runsCreated").asInt()).isEqualTo(2);
        assertThat(answer.get("checkpointsStored").asLong()).isEqualTo(8);
        assertThat(answer.get("skippedSteps").asInt()).isEqualTo(2);
        JsonNode run = get("/api/v1/families/" + family + "/runs/m-1b");
        assertThat(run.get("checkpoints").get(0).get("tokens").asLong()).isEqualTo(500_000_000L);
        // the eval_loss row, not the train_loss row of the same step
        assertThat(run.get("checkpoints").get(0).get("loss").asDouble()).isLessThan(2.7);
    }

    @Test
    void anMlflowExportWithSeveralMetricsAsksWhichOne() throws Exception {
        MvcResult result = importFile("mlflow-csv", "", "mlflow_metric_history.csv", "{\"*\":{}}");

        assertProblem(result, "metric", "train_loss, eval_loss");
        assertNothingStored();
    }

    @Test
    void aRunTheDescriptionLeavesOutIsNamedUnlessSkipped() throws Exception {
        String onlyOne = "{\"llama-1b-depth-25\":{\"runId\":\"w-1b\",\"tokensPerStep\":1000000," + RUN_1B + "}}";

        assertProblem(importFile("wandb-csv", "", "wandb_export.csv", onlyOne), "llama-3b-depth-25 - eval/loss",
                "run 'llama-3b-depth-25' is not described");
        assertNothingStored();

        MvcResult skipped = importFile("wandb-csv", "&skipUnmapped=true", "wandb_export.csv", onlyOne);
        assertThat(skipped.getResponse().getStatus()).as(body(skipped)).isEqualTo(200);
        assertThat(json(skipped).get("skippedRuns").get(0).asString()).isEqualTo("llama-3b-depth-25");
        assertThat(json(skipped).get("runsCreated").asInt()).isEqualTo(1);
    }

    @Test
    void aFileThatIsNotTheNamedFormatIsRefused() throws Exception {
        assertProblem(importFile("hf-trainer", "", "wandb_export.csv", "{\"*\":{}}"), "file", "is not JSON");
        assertProblem(importFile("wandb-csv", "", "trainer_state.json", "{\"*\":{}}"), "header", "<run> - <metric>");
        assertProblem(importFile("mlflow-csv", "", "wandb_export.csv", "{\"*\":{}}"), "header", "has no column");
        assertProblem(importFile("tensorboard", "", "wandb_export.csv", "{\"*\":{}}"), "format",
                "hf-trainer, mlflow-csv, wandb-csv");
        assertNothingStored();
    }

    @Test
    void aMissingOrBrokenRunsPartIsRefused() throws Exception {
        assertProblem(perform(request("hf-trainer", "").file(file("trainer_state.json"))), "runs", "is required");
        assertProblem(importFile("hf-trainer", "", "trainer_state.json", "not json"), "runs", "malformed JSON");
        assertProblem(importFile("hf-trainer", "", "trainer_state.json", "[1,2]"), "runs", "JSON object");
        assertProblem(importFile("hf-trainer", "", "trainer_state.json",
                "{\"*\":{\"runId\":\"a\"},\"*\":{\"runId\":\"b\"}}"), "runs", "names the same run or field twice");
        assertProblem(importFile("hf-trainer", "", "trainer_state.json", "{\"*\":{\"paramsBefore\":\"many\"}}"),
                "runs[\"*\"].paramsBefore", "must be a whole number");
        assertProblem(perform(request("hf-trainer", "").param("runs", "{\"*\":{}}")), "file", "is required");
        assertProblem(importFile("hf-trainer", "", "trainer_state.json", "{\"*\":{\"checkpoints\":[]}}"),
                "runs[\"*\"].checkpoints", "comes from the export");
        assertProblem(importFile("hf-trainer", "", "trainer_state.json", "{\"*\":{\"tokensPerStep\":1.5}}"),
                "runs[\"*\"].tokensPerStep", "whole number");
        assertNothingStored();
    }

    @Test
    void aStepThatIsNotANumberIsNamedByLineAndColumn() throws Exception {
        String csv = "\"Step\",\"r - loss\",\"r - loss__MIN\",\"r - loss__MAX\"\n\"100\",\"2.5\",\"2.4\",\"2.6\"\n"
                + "\"two hundred\",\"2.4\",\"2.3\",\"2.5\"\n";
        MvcResult result = perform(request("wandb-csv", "").file(new MockMultipartFile("file", "export.csv", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8))).param("runs", "{\"r\":{\"runId\":\"r\",\"tokensPerStep\":1000," + RUN_1B + "}}"));

        assertProblem(result, "Step", "must be a whole number of steps");
        assertThat(json(result).get("errors").get(0).get("line").asInt()).isEqualTo(3);
        assertNothingStored();
    }

    @Test
    void aRunNameThatAppearsTwiceIsNamed() throws Exception {
        String csv = "\"Step\",\"r - loss\",\"r - loss\"\n\"100\",\"2.5\",\"2.4\"\n";
        MvcResult result = perform(request("wandb-csv", "").file(new MockMultipartFile("file", "export.csv", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8))).param("runs", "{\"r\":{\"runId\":\"r\",\"tokensPerStep\":1000," + RUN_1B + "}}"));

        assertProblem(result, "r - loss", "appears twice");
        assertNothingStored();
    }

    @Test
    void aBadValueIsNamedAtItsPlaceInTheExport() throws Exception {
        // the run description is fine; a loss of 0 at an evaluation is refused like in an upload
        String state = Files.readString(Path.of("src/test/resources/imports/trainer_state.json"))
                .replaceFirst("\"eval_loss\": 2\\.[0-9]+,\\s*\"eval_runtime\": 40\\.8", "\"eval_loss\": 0, \"eval_runtime\": 40.8");
        MvcResult result = perform(request("hf-trainer", "").file(new MockMultipartFile("file", "trainer_state.json",
                "application/json", state.getBytes(StandardCharsets.UTF_8)))
                .param("runs", "{\"*\":{\"runId\":\"x\",\"baseModel\":\"b\",\"pruningMethod\":\"depth\","
                        + "\"paramsBefore\":1240000000,\"pruningRate\":1.5}}"));

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        String errors = json(result).get("errors").toString();
        assertThat(errors).contains("log_history[2].eval_loss", "runs[\\\"*\\\"].pruningRate");
        assertNothingStored();
    }

    private double eval(int index) throws IOException {
        JsonNode history = JSON.readTree(Files.readString(Path.of("src/test/resources/imports/trainer_state.json")))
                .get("log_history");
        int seen = -1;
        for (JsonNode entry : history) {
            if (entry.has("eval_loss") && entry.get("step").asLong() > 0 && ++seen == index) {
                return entry.get("eval_loss").asDouble();
            }
        }
        throw new AssertionError("no evaluation " + index);
    }

    private MvcResult importFile(String format, String query, String name, String runs) throws Exception {
        return perform(request(format, query).file(file(name)).file(new MockMultipartFile("runs", "runs.json",
                "application/json", runs.getBytes(StandardCharsets.UTF_8))));
    }

    private MockMultipartHttpServletRequestBuilder request(String format, String query) {
        return MockMvcRequestBuilders.multipart("/api/v1/families/" + family + "/imports?format=" + format + query);
    }

    private static MockMultipartFile file(String name) throws IOException {
        return new MockMultipartFile("file", name, name.endsWith(".json") ? "application/json" : "text/csv",
                Files.readAllBytes(Path.of("src/test/resources/imports", name)));
    }

    private MvcResult perform(MockMultipartHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(ContractValidation.responseConformsToContract()).andReturn();
    }

    private JsonNode get(String path) throws Exception {
        MvcResult result = mvc.perform(MockMvcRequestBuilders.get(path)).andReturn();
        assertThat(result.getResponse().getStatus()).as(body(result)).isEqualTo(200);
        return json(result);
    }

    private void assertProblem(MvcResult result, String field, String reason) throws Exception {
        assertThat(result.getResponse().getStatus()).as(body(result)).isEqualTo(400);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(json(result).get("errors").toString()).as(body(result)).contains(field.replace("\"", "\\\""), reason);
    }

    private void assertNothingStored() throws Exception {
        assertThat(mvc.perform(MockMvcRequestBuilders.get("/api/v1/families/" + family)).andReturn().getResponse()
                .getStatus()).isEqualTo(404);
    }

    private static String body(MvcResult result) throws IOException {
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private static JsonNode json(MvcResult result) throws IOException {
        return JSON.readTree(body(result));
    }
}
