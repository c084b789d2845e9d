package io.p2law.law;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.p2law.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** Plans and forecasts against the real database, each exchange checked against openapi.yaml. */
@IntegrationTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionEndpointsTests {

    private static final String BASE = "\"paramsBefore\":8030000000,\"lossBefore\":1.95";
    private static final String IN_FLIGHT = "llama-3.1-8b-depth-25-rerun";

    @Autowired
    MockMvc mvc;
    @LocalServerPort
    int port;

    private LawTestClient client;
    private final String family = LawTestClient.freshSlug("decide");
    private final String other = LawTestClient.freshSlug("decide-other");

    /** The depth family's true law for the 8B model at 25 % pruning (D in tokens). */
    private static double truth(double tokens) {
        double n0 = 8.03;
        double d = tokens / 1e9;
        return 1.95 + 0.25 * Math.pow(1 / n0, 0.3) * (0.3 / Math.pow(n0, 0.2) + 0.15 / Math.pow(d, 0.35) + 0.5);
    }

    /**
     * The depth family, plus a rerun of its 8B, 25 % model still in flight: six checkpoints up to
     * 640M tokens, 0.03 nats above the law. The other family is the depth family alone.
     */
    @BeforeAll
    void uploadFamilies() {
        client = new LawTestClient(mvc, port);
        client.uploadDepthFamily(family);
        client.uploadDepthFamily(other);
        List<String> checkpoints = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            double tokens = 2e7 * Math.pow(2, k);
            checkpoints.add(String.format(Locale.ROOT, "{\"tokens\":%d,\"loss\":%.5f}", (long) tokens,
                    truth(tokens) + 0.03));
        }
        client.upload(family, "application/json", """
                {"runs":[{"runId":"%s","baseModel":"llama-3.1-8b","pruningMethod":"depth","paramsBefore":8030000000,
                  "pruningRate":0.25,"lossBefore":1.95,"checkpoints":[%s]}]}
                """.formatted(IN_FLIGHT, String.join(",", checkpoints)));
    }

    private JsonNode plan(String body) {
        MvcResult result = client.post("/api/v1/families/{family}/plans", "{" + BASE + "," + body + "}", family);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(200);
        return LawTestClient.json(result);
    }

    @Test
    void servingVolumeMovesTheBestRateUpAndEveryPlanMeetsTheTarget() {
        JsonNode alone = plan("\"targetLoss\":2.05,\"maxTokens\":1e11");
        JsonNode serving = plan("\"targetLoss\":2.05,\"maxTokens\":1e11,\"inferenceTokens\":1e13");

        assertThat(alone.get("reachable").asBoolean()).isTrue();
        JsonNode best = alone.get("best");
        JsonNode busy = serving.get("best");
        assertThat(busy.get("pruningRate").asDouble()).isGreaterThan(best.get("pruningRate").asDouble());
        // confidence 0.5: as likely as not; the calibrated median need not be the law's point prediction
        assertThat(best.get("loss").asDouble()).isCloseTo(2.05, org.assertj.core.data.Percentage.withPercentage(0.5));
        assertThat(best.get("probability").asDouble()).isGreaterThanOrEqualTo(0.5 - 1e-6);
        assertThat(best.get("servingFlops").asDouble()).isZero();
        assertThat(busy.get("servingFlops").asDouble()).isPositive();
        assertThat(best.get("tokens").isIntegralNumber()).isTrue();
        assertThat(best.get("totalFlops").asDouble()).isCloseTo(6 * best.get("paramsAfter").asDouble()
                * best.get("tokens").asDouble(), org.assertj.core.data.Percentage.withPercentage(1e-4));
        JsonNode terms = alone.get("terms");
        assertThat(terms.get("minRate").asDouble()).isEqualTo(0.15);
        assertThat(terms.get("maxRate").asDouble()).isEqualTo(0.35);
        assertThat(terms.get("confidence").asDouble()).isEqualTo(0.5);
        assertThat(terms.get("inferenceTokens").asDouble()).isZero();
        assertThat(alone.get("frontier")).hasSize(11);
        assertThat(alone.get("frontier").get(0).get("pruningRate").asDouble()).isEqualTo(0.15);
        assertThat(alone.get("uncertainty").asString()).contains("calibrated");
    }

    @Test
    void aHigherConfidenceCostsMoreTokens() {
        JsonNode even = plan("\"targetLoss\":2.05,\"maxTokens\":1e11").get("best");
        JsonNode sure = plan("\"targetLoss\":2.05,\"maxTokens\":1e11,\"confidence\":0.95").get("best");
        assertThat(sure.get("probability").asDouble()).isGreaterThanOrEqualTo(0.95 - 1e-6);
        assertThat(sure.get("totalFlops").asDouble()).isGreaterThan(even.get("totalFlops").asDouble());
    }

    @Test
    void aTargetNoRateReachesIsAnAnswerWithTheClosestPlan() {
        JsonNode answer = plan("\"targetLoss\":1.9,\"maxTokens\":1e11");
        assertThat(answer.get("reachable").asBoolean()).isFalse();
        assertThat(answer.get("best").isNull()).isTrue();
        assertThat(answer.get("closest").get("pruningRate").asDouble()).isEqualTo(0.15);
        assertThat(answer.get("reason").asString()).contains("asymptote");
    }

    @Test
    void planningBeyondTheFamilysRatesWarns() {
        JsonNode answer = plan("\"targetLoss\":2.2,\"maxTokens\":1e11,\"minRate\":0.4,\"maxRate\":0.6");
        assertThat(answer.get("warnings").toString()).contains("pruningRate").contains("extrapolating");
    }

    @Test
    void badPlanInputIsA400NamingEveryField() {
        MvcResult result = client.postInvalid("/api/v1/families/{family}/plans", "{" + BASE
                + ",\"targetLoss\":2.05,\"maxTokens\":0,\"minRate\":1.2,\"inferenceTokens\":-1,\"confidence\":2}",
                family);
        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        LawTestClient.json(result).get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("maxTokens", "minRate", "inferenceTokens", "confidence");

        MvcResult crossed = client.postInvalid("/api/v1/families/{family}/plans", "{" + BASE
                + ",\"targetLoss\":2.05,\"maxTokens\":1e11,\"minRate\":0.3,\"maxRate\":0.2}", family);
        assertThat(crossed.getResponse().getStatus()).isEqualTo(400);
        assertThat(LawTestClient.json(crossed).get("errors").get(0).get("field").asString()).isEqualTo("minRate");

        MvcResult missing = client.postInvalid("/api/v1/families/{family}/plans", "{\"paramsBefore\":8030000000,"
                + "\"targetLoss\":2.05,\"maxTokens\":1e11}", family);
        assertThat(LawTestClient.json(missing).get("errors").get(0).get("field").asString()).isEqualTo("lossBefore");
    }

    @Test
    void aFamilyWithoutPruningRatesNeedsTheRatesGiven() {
        String dense = LawTestClient.freshSlug("dense");
        StringBuilder runs = new StringBuilder();
        for (double size : new double[] {1e9, 3e9, 8e9}) {
            List<String> checkpoints = new ArrayList<>();
            for (int k = 0; k < 6; k++) {
                double tokens = 2e7 * Math.pow(2, k);
                checkpoints.add(String.format(Locale.ROOT, "{\"tokens\":%d,\"loss\":%.5f}", (long) tokens,
                        1.8 + 400 / Math.pow(size, 0.3) + 50 / Math.pow(tokens, 0.3)));
            }
            runs.append(runs.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, """
                    {"runId":"dense-%d","baseModel":"m","pruningMethod":"none","paramsBefore":%d,"pruningRate":0,
                     "checkpoints":[%s]}""", (long) size, (long) size, String.join(",", checkpoints)));
        }
        client.upload(dense, "application/json", "{\"runs\":[" + runs + "]}");

        MvcResult result = client.postInvalid("/api/v1/families/{family}/plans?form=chinchilla",
                "{\"paramsBefore\":8e9,\"targetLoss\":2.3,\"maxTokens\":1e11}", dense);

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        LawTestClient.json(result).get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactly("minRate", "maxRate");
        assertThat(LawTestClient.json(result).get("detail").asString()).contains("observed pruning rate");
    }

    @Test
    void aPlanForAnUnknownFamilyIsA404() {
        MvcResult result = client.post("/api/v1/families/{family}/plans", "{" + BASE
                + ",\"targetLoss\":2.05,\"maxTokens\":1e11}", "no-such-family");
        assertThat(result.getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void aRunInFlightIsForecastAboveTheLawWithIntervalsAndAdvice() {
        MvcResult plain = client.post("/api/v1/families/{family}/runs/{runId}/forecast", "{\"until\":2e10}", family,
                IN_FLIGHT);
        assertThat(plain.getResponse().getStatus()).isEqualTo(200);
        JsonNode path = LawTestClient.json(plain).get("predictions");
        double target = (path.get(0).get("loss").asDouble() + path.get(19).get("loss").asDouble()) / 2;
        JsonNode forecast = LawTestClient.json(client.post("/api/v1/families/{family}/runs/{runId}/forecast",
                "{\"until\":2e10,\"targetLoss\":" + target + "}", family, IN_FLIGHT));

        assertThat(forecast.get("checkpoints").asInt()).isEqualTo(6);
        assertThat(forecast.get("currentTokens").asDouble()).isEqualTo(6.4e8);
        assertThat(forecast.get("trust").asDouble()).isBetween(0.0, 1.0);
        assertThat(forecast.get("offset").asDouble()).isPositive();
        JsonNode predictions = forecast.get("predictions");
        assertThat(predictions).hasSize(20);
        assertThat(predictions.get(19).get("tokens").asDouble()).isEqualTo(2e10);
        predictions.forEach(p -> {
            assertThat(p.get("tokens").asDouble()).isGreaterThan(6.4e8);
            assertThat(p.get("lower").asDouble()).isLessThan(p.get("loss").asDouble());
            assertThat(p.get("upper").asDouble()).isGreaterThan(p.get("loss").asDouble());
        });
        // the run sits above the law, so its forecast lies above the law's own prediction
        assertThat(predictions.get(19).get("loss").asDouble()).isGreaterThan(truth(2e10));
        assertThat(forecast.get("advice").asString()).isEqualTo("continue");
        assertThat(forecast.get("targetTokens").asDouble()).isBetween(6.4e8, 2e10);
        assertThat(forecast.get("reason").asString()).contains("reaches the target");
    }

    @Test
    void adviceToStopWhenTheTargetIsReachedOrOutOfReach() {
        JsonNode reached = LawTestClient.json(client.post("/api/v1/families/{family}/runs/{runId}/forecast",
                "{\"until\":2e10,\"targetLoss\":2.5}", family, IN_FLIGHT));
        assertThat(reached.get("advice").asString()).isEqualTo("stop-target-reached");
        JsonNode never = LawTestClient.json(client.post("/api/v1/families/{family}/runs/{runId}/forecast",
                "{\"until\":2e10,\"targetLoss\":1.9}", family, IN_FLIGHT));
        assertThat(never.get("advice").asString()).isEqualTo("stop-unreachable");
        assertThat(never.get("targetReachable").asBoolean()).isFalse();
        JsonNode flat = LawTestClient.json(client.post("/api/v1/families/{family}/runs/{runId}/forecast",
                "{\"until\":2e10,\"slopeThreshold\":1.0}", family, IN_FLIGHT));
        assertThat(flat.get("advice").asString()).isEqualTo("stop-diminishing-returns");
    }

    @Test
    void aRunOfAnotherFamilyIsA404NamingTheRun() {
        MvcResult result = client.post("/api/v1/families/{family}/runs/{runId}/forecast", "{\"until\":2e10}", other,
                IN_FLIGHT);
        assertThat(result.getResponse().getStatus()).isEqualTo(404);
        assertThat(LawTestClient.json(result).get("errors").get(0).get("field").asString()).isEqualTo("runId");
    }

    @Test
    void badForecastInputIsA400NamingTheField() {
        MvcResult early = client.postInvalid("/api/v1/families/{family}/runs/{runId}/forecast", "{\"until\":1e8}",
                family, IN_FLIGHT);
        assertThat(early.getResponse().getStatus()).isEqualTo(400);
        assertThat(LawTestClient.json(early).get("errors").get(0).get("field").asString()).isEqualTo("until");
        MvcResult level = client.postInvalid("/api/v1/families/{family}/runs/{runId}/forecast",
                "{\"until\":2e10,\"level\":0.3}", family, IN_FLIGHT);
        assertThat(level.getResponse().getStatus()).isEqualTo(400);
        assertThat(LawTestClient.json(level).get("errors").get(0).get("field").asString()).isEqualTo("level");
        MvcResult none = client.postInvalid("/api/v1/families/{family}/runs/{runId}/forecast", "{}", family,
                IN_FLIGHT);
        assertThat(LawTestClient.json(none).get("errors").get(0).get("field").asString()).isEqualTo("until");
    }

    @Test
    void thePlotDrawsTheForecastDashedInItsBandWithTheTarget() throws Exception {
        MvcResult result = client.get("/api/v1/families/{family}/law/plot.svg?forecast={run}&until=2e10&target=2.1",
                family, IN_FLIGHT);
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        String svg = result.getResponse().getContentAsString();
        assertThat(svg).contains("class=\"forecast-band\"", "class=\"forecast-curve\"", "stroke-dasharray=\"6 4\"",
                "class=\"target\"", "target 2.1", "forecast, 90 % interval");

        MvcResult unknown = client.get("/api/v1/families/{family}/law/plot.svg?forecast=nobody", family);
        assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
    }
}
