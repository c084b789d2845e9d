package io.p2law.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

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

/** Every law endpoint against the real database, each exchange checked against openapi.yaml. */
@IntegrationTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LawEndpointsTests {

    private static final String PLAN = "\"paramsBefore\":3210000000,\"pruningRate\":0.25,\"lossBefore\":2.12";

    @Autowired
    MockMvc mvc;
    @LocalServerPort
    int port;

    private LawTestClient client;
    private final String family = LawTestClient.freshSlug("depth");

    /** The law the depth family was drawn from, for a 3.21B model at 25 % pruning (D in billions). */
    private static double truth(double tokens) {
        double n0 = 3.21, d = tokens / 1e9, rate = 0.25;
        return 2.12 + Math.pow(1 / rate, -1.0) * Math.pow(1 / n0, 0.3)
                * (0.3 / Math.pow(n0, 0.2) + 0.15 / Math.pow(d, 0.35) + 0.5);
    }

    @BeforeAll
    void uploadFamily() {
        client = new LawTestClient(mvc, port);
        client.uploadDepthFamily(family);
    }

    @Test
    void theCatalogListsEveryFormWithWhatItNeeds() {
        JsonNode forms = LawTestClient.json(client.get("/api/v1/laws")).get("forms");

        List<String> names = new ArrayList<>();
        forms.forEach(form -> names.add(form.get("name").asString()));
        assertThat(names).contains("p2", "p2-no-size", "p2-no-rate", "chinchilla", "sparse");
        JsonNode p2 = forms.get(names.indexOf("p2"));
        assertThat(p2.get("parameters")).hasSize(7);
        assertThat(p2.get("requiredFields").toString()).contains("lossBefore");
        assertThat(p2.get("formula").asString()).isNotBlank();
    }

    @Test
    void theLawIsFittedOnceAndReusedWhileTheDataStays() {
        MvcResult first = client.get("/api/v1/families/{family}/law", family);
        MvcResult again = client.get("/api/v1/families/{family}/law?form=p2", family);

        assertThat(first.getResponse().getStatus()).isEqualTo(200);
        JsonNode law = LawTestClient.json(first);
        assertThat(law.get("form").asString()).isEqualTo("p2");
        assertThat(law.get("parameters").propertyNames()).containsExactly("gamma", "delta", "alpha", "beta", "NC", "DC", "E");
        assertThat(law.get("parameters").get("beta").get("value").asDouble()).isBetween(0.1, 0.8);
        assertThat(law.get("r2").asDouble()).isGreaterThan(0.9);
        assertThat(law.get("points").asInt()).isEqualTo(450);
        assertThat(law.get("runs").asInt()).isEqualTo(9);
        assertThat(law.get("stale").asBoolean()).isFalse();
        assertThat(law.get("dataVersion").asLong()).isEqualTo(law.get("currentDataVersion").asLong());
        assertThat(law.get("observedRanges").get("tokens").get("min").asDouble()).isEqualTo(2e7);
        // counts are JSON integers, also where the arithmetic behind them is floating point
        assertThat(law.get("observedRanges").get("tokens").get("min").isIntegralNumber()).isTrue();
        assertThat(law.get("observedRanges").get("paramsBefore").get("max").isIntegralNumber()).isTrue();
        assertThat(law.get("options").get("minTokens").isIntegralNumber()).isTrue();
        assertThat(LawTestClient.json(again).get("id").asLong()).isEqualTo(law.get("id").asLong());
    }

    @Test
    void predictionsFollowTheLawTheDataWasDrawnFrom() {
        MvcResult result = client.post("/api/v1/families/{family}/predictions",
                "{" + PLAN + ",\"tokens\":[100000000,500000000,1000000000]}", family);

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        JsonNode body = LawTestClient.json(result);
        JsonNode predictions = body.get("predictions");
        assertThat(predictions).hasSize(3);
        for (JsonNode p : predictions) {
            double tokens = p.get("tokens").asDouble();
            assertThat(p.get("loss").asDouble()).isCloseTo(truth(tokens), within(0.02));
            assertThat(p.get("lower").asDouble()).isLessThanOrEqualTo(p.get("loss").asDouble());
            assertThat(p.get("upper").asDouble()).isGreaterThanOrEqualTo(p.get("loss").asDouble());
        }
        assertThat(body.get("warnings")).noneMatch(w -> w.asString().contains("extrapolating"));
        assertThat(body.get("model").get("paramsAfter").asDouble()).isEqualTo(3210000000.0 * 0.75);
    }

    @Test
    void aRangeIsLogSpacedAndExtrapolationIsNamedWithTheObservedRange() {
        JsonNode body = LawTestClient.json(client.post("/api/v1/families/{family}/predictions",
                "{\"paramsBefore\":70000000000,\"paramsAfter\":35000000000,\"lossBefore\":1.6,"
                        + "\"range\":{\"from\":100000000,\"to\":10000000000,\"count\":3}}", family));

        assertThat(body.get("predictions").get(1).get("tokens").asDouble()).isCloseTo(1e9, within(1.0));
        List<String> warnings = new ArrayList<>();
        body.get("warnings").forEach(w -> warnings.add(w.asString()));
        assertThat(warnings).anyMatch(w -> w.startsWith("paramsBefore") && w.contains("1.240e+09 to 8.030e+09"));
        assertThat(warnings).anyMatch(w -> w.startsWith("pruningRate") && w.contains("0.1500 to 0.3500"));
        assertThat(warnings).anyMatch(w -> w.startsWith("tokens") && w.contains("2.000e+07 to 1.000e+09"));
    }

    @Test
    void aPlannedModelMissingAFieldItsFormNeedsIsA400NamingIt() {
        MvcResult result = client.post("/api/v1/families/{family}/predictions",
                "{\"paramsBefore\":3210000000,\"pruningRate\":0.25,\"tokens\":[1000000000]}", family);

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        JsonNode error = LawTestClient.json(result).get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("lossBefore");
        assertThat(error.get("reason").asString()).contains("p2");
    }

    @Test
    void tokensAndARangeTogetherAreRefused() {
        MvcResult result = client.post("/api/v1/families/{family}/predictions", "{" + PLAN
                + ",\"tokens\":[1000000000],\"range\":{\"from\":1,\"to\":2,\"count\":2}}", family);

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(LawTestClient.json(result).get("errors").get(0).get("field").asString()).isEqualTo("tokens");
    }

    @Test
    void anUnknownFormIsA400ListingTheForms() {
        MvcResult result = client.get("/api/v1/families/{family}/law?form=p3", family);

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        JsonNode problem = LawTestClient.json(result);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("form");
        assertThat(problem.get("errors").get(0).get("reason").asString()).contains("p2", "chinchilla", "sparse");
    }

    @Test
    void anUnknownFamilyIsA404() {
        MvcResult result = client.post("/api/v1/families/{family}/predictions",
                "{" + PLAN + ",\"tokens\":[1000000000]}", "no-such-family");

        assertThat(result.getResponse().getStatus()).isEqualTo(404);
        assertThat(LawTestClient.json(result).get("detail").asString()).contains("no-such-family");
    }

    @Test
    void budgetsByTargetSlopeAndDoubling() {
        JsonNode target = LawTestClient.json(client.post("/api/v1/families/{family}/budgets",
                "{" + PLAN + ",\"criterion\":\"target\",\"targetLoss\":2.3}", family));
        assertThat(target.get("reachable").asBoolean()).isTrue();
        // The truth reaches 2.3 at about 0.16B tokens.
        assertThat(target.get("tokens").asDouble()).isBetween(0.1e9, 0.3e9);
        assertThat(target.get("tokens").isIntegralNumber()).as("a budget in whole tokens").isTrue();
        assertThat(target.get("model").get("paramsAfter").isIntegralNumber()).isTrue();
        assertThat(target.get("loss").asDouble()).isCloseTo(2.3, within(1e-3));

        JsonNode slope = LawTestClient.json(client.post("/api/v1/families/{family}/budgets",
                "{" + PLAN + ",\"criterion\":\"slope\",\"slopeThreshold\":0.01}", family));
        assertThat(slope.get("reachable").asBoolean()).isTrue();
        assertThat(slope.get("tokens").asDouble()).isPositive();

        JsonNode doubling = LawTestClient.json(client.post("/api/v1/families/{family}/budgets",
                "{" + PLAN + ",\"criterion\":\"doubling\",\"epsilon\":0.005}", family));
        assertThat(doubling.get("reachable").asBoolean()).isTrue();
        assertThat(doubling.get("criterion").asString()).isEqualTo("doubling");
    }

    @Test
    void aTargetBelowTheAsymptoteIsAnAnswerNotAnError() {
        MvcResult result = client.post("/api/v1/families/{family}/budgets",
                "{" + PLAN + ",\"criterion\":\"target\",\"targetLoss\":2.2}", family);

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        JsonNode budget = LawTestClient.json(result);
        assertThat(budget.get("reachable").asBoolean()).isFalse();
        assertThat(budget.get("tokens").isNull()).isTrue();
        assertThat(budget.get("asymptote").asDouble()).isCloseTo(truth(Double.POSITIVE_INFINITY), within(0.02));
        assertThat(budget.get("reason").asString()).isNotBlank();
    }

    @Test
    void aBudgetWithoutItsCriterionValueIsA400NamingIt() {
        MvcResult result = client.post("/api/v1/families/{family}/budgets",
                "{" + PLAN + ",\"criterion\":\"slope\"}", family);

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(LawTestClient.json(result).get("errors").get(0).get("field").asString()).isEqualTo("slopeThreshold");
    }

    @Test
    void budgetChecksPassFailAndEnforce() {
        String passing = "{" + PLAN + ",\"plannedTokens\":1000000000,\"targetLoss\":2.3}";
        String failing = "{" + PLAN + ",\"plannedTokens\":100000000,\"targetLoss\":2.3}";

        MvcResult pass = client.post("/api/v1/families/{family}/budget-checks?enforce=true", passing, family);
        assertThat(pass.getResponse().getStatus()).isEqualTo(200);
        JsonNode passed = LawTestClient.json(pass);
        assertThat(passed.get("verdict").asString()).isEqualTo("pass");
        assertThat(passed.get("margin").asDouble()).isPositive();
        assertThat(passed.get("tokensForTarget").asDouble()).isLessThan(1e9);
        assertThat(passed.get("diminishingReturns").get("epsilon").asDouble()).isEqualTo(0.005);

        MvcResult fail = client.post("/api/v1/families/{family}/budget-checks", failing, family);
        assertThat(fail.getResponse().getStatus()).isEqualTo(200);
        assertThat(LawTestClient.json(fail).get("verdict").asString()).isEqualTo("fail");
        assertThat(LawTestClient.json(fail).get("margin").asDouble()).isNegative();

        MvcResult enforced = client.post("/api/v1/families/{family}/budget-checks?enforce=true", failing, family);
        assertThat(enforced.getResponse().getStatus()).isEqualTo(422);
        assertThat(LawTestClient.json(enforced).get("verdict").asString()).isEqualTo("fail");
    }

    @Test
    void aPlanPastDiminishingReturnsIsFlagged() {
        JsonNode check = LawTestClient.json(client.post("/api/v1/families/{family}/budget-checks",
                "{" + PLAN + ",\"plannedTokens\":1000000000000,\"targetLoss\":2.3,\"epsilon\":0.01}", family));

        assertThat(check.get("diminishingReturns").get("pastDiminishingReturns").asBoolean()).isTrue();
        assertThat(check.get("diminishingReturns").get("tokens").asDouble()).isLessThan(1e12);
    }

    @Test
    void fitsWithOptionsAreStoredReusedAndListed() {
        String options = "{\"form\":\"p2\",\"minTokens\":50000000,\"bootstrapSamples\":20,\"seed\":7}";
        MvcResult created = client.post("/api/v1/families/{family}/fits?wait=120", options, family);
        MvcResult reused = client.post("/api/v1/families/{family}/fits", options, family);

        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        assertThat(reused.getResponse().getStatus()).isEqualTo(200);
        JsonNode fit = LawTestClient.json(created);
        assertThat(LawTestClient.json(reused).get("id").asLong()).isEqualTo(fit.get("id").asLong());
        assertThat(fit.get("options").get("seed").asLong()).isEqualTo(7);
        assertThat(fit.get("options").get("bootstrapSamples").asInt()).isEqualTo(20);
        assertThat(fit.get("points").asInt()).isLessThan(450);
        assertThat(fit.get("observedRanges").get("tokens").get("min").asDouble()).isEqualTo(6e7);

        JsonNode history = LawTestClient.json(client.get("/api/v1/families/{family}/fits?form=p2&limit=50", family));
        List<Long> ids = new ArrayList<>();
        history.get("fits").forEach(f -> ids.add(f.get("id").asLong()));
        assertThat(ids).contains(fit.get("id").asLong());
    }

    @Test
    void badFitOptionsAreA400NamingThem() {
        MvcResult result = client.postInvalid("/api/v1/families/{family}/fits", "{\"huberDelta\":-1,\"starts\":0}", family);

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        LawTestClient.json(result).get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("huberDelta", "starts");
    }

    @Test
    void validationsReportTheThreeHeldOutSplits() {
        JsonNode report = LawTestClient.json(client.post("/api/v1/families/{family}/validations?form=p2", "{}", family));

        List<String> splits = new ArrayList<>();
        report.get("splits").forEach(s -> splits.add(s.get("split").asString()));
        assertThat(splits).containsExactly("last-20-percent", "largest-model", "highest-rate");
        assertThat(report.get("splits").get(0).get("heldOutPoints").asInt()).isPositive();
        assertThat(report.get("splits").get(0).get("r2").isNumber()).isTrue();
        assertThat(report.get("level").asDouble()).isEqualTo(0.9);
        for (JsonNode split : report.get("splits")) {
            assertThat(split.get("level").asDouble()).isEqualTo(0.9);
            assertThat(split.get("coverage").asDouble()).isBetween(0.5, 1.0);
            assertThat(split.get("meanIntervalWidth").asDouble()).isPositive();
        }
        MvcResult bad = client.postInvalid("/api/v1/families/{family}/validations?form=p2", "{\"level\":0.3}", family);
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(LawTestClient.json(bad).get("errors").get(0).get("field").asString()).isEqualTo("level");
    }

    @Test
    void theComparisonRanksEveryApplicableFormByHeldOutErrorWithCoverageBesideIt() {
        JsonNode comparison = LawTestClient.json(client.get("/api/v1/families/{family}/law/comparison", family));

        JsonNode ranking = comparison.get("ranking");
        List<String> forms = new ArrayList<>();
        ranking.forEach(r -> forms.add(r.get("form").asString()));
        comparison.get("inapplicable").forEach(r -> forms.add(r.get("form").asString()));
        assertThat(forms).containsExactlyInAnyOrder("p2", "p2-no-size", "p2-no-rate", "chinchilla", "sparse");
        assertThat(comparison.get("rankedBy").asString()).startsWith("heldOutMape");
        for (int i = 1; i < ranking.size(); i++) {
            assertThat(ranking.get(i).get("heldOutMape").asDouble())
                    .isGreaterThanOrEqualTo(ranking.get(i - 1).get("heldOutMape").asDouble());
            assertThat(ranking.get(i).get("rank").asInt()).isEqualTo(i + 1);
        }
        for (JsonNode entry : ranking) {
            assertThat(entry.get("heldOutCoverage").asDouble()).isBetween(0.0, 1.0);
            assertThat(entry.get("adequacy").asString()).isIn("good", "questionable", "inadequate");
        }
        // the full law, whose held-out predictions are best on the family it generated, ranks first
        assertThat(forms.get(0)).isEqualTo("p2");
    }

    @Test
    void predictionsCarryBothIntervalsAtTheRequestedLevel() {
        JsonNode at90 = LawTestClient.json(client.post("/api/v1/families/{family}/predictions",
                "{" + PLAN + ",\"tokens\":[1000000000]}", family));
        JsonNode at50 = LawTestClient.json(client.post("/api/v1/families/{family}/predictions",
                "{" + PLAN + ",\"tokens\":[1000000000],\"level\":0.5}", family));

        assertThat(at90.get("level").asDouble()).isEqualTo(0.9);
        assertThat(at50.get("level").asDouble()).isEqualTo(0.5);
        JsonNode p = at90.get("predictions").get(0);
        assertThat(p.get("lower").asDouble()).isLessThanOrEqualTo(p.get("curveLower").asDouble());
        assertThat(p.get("curveLower").asDouble()).isLessThanOrEqualTo(p.get("loss").asDouble());
        assertThat(p.get("curveUpper").asDouble()).isGreaterThanOrEqualTo(p.get("loss").asDouble());
        assertThat(p.get("upper").asDouble()).isGreaterThanOrEqualTo(p.get("curveUpper").asDouble());
        // the measured loss of a run: the law the data was drawn from, within the noise of the family
        assertThat(truth(1e9)).isBetween(p.get("lower").asDouble(), p.get("upper").asDouble());
        JsonNode q = at50.get("predictions").get(0);
        assertThat(q.get("upper").asDouble() - q.get("lower").asDouble())
                .isLessThan(p.get("upper").asDouble() - p.get("lower").asDouble());
        assertThat(at90.get("adequacy").asString()).isEqualTo("good");
        assertThat(at90.get("adequacyReasons")).isEmpty();
    }

    @Test
    void aLevelOutsideHalfTo99PercentIsA400NamingIt() {
        for (String level : List.of("0.4", "0.995", "1")) {
            MvcResult result = client.postInvalid("/api/v1/families/{family}/predictions",
                    "{" + PLAN + ",\"tokens\":[1000000000],\"level\":" + level + "}", family);

            assertThat(result.getResponse().getStatus()).as(level).isEqualTo(400);
            assertThat(LawTestClient.json(result).get("errors").get(0).get("field").asString()).isEqualTo("level");
        }
    }

    @Test
    void budgetChecksWeighTheProbabilityAgainstTheConfidence() {
        String plan = "{" + PLAN + ",\"plannedTokens\":1000000000,\"targetLoss\":2.2785";
        JsonNode lenient = LawTestClient.json(client.post("/api/v1/families/{family}/budget-checks", plan + "}",
                family));
        JsonNode strict = LawTestClient.json(client.post("/api/v1/families/{family}/budget-checks",
                plan + ",\"confidence\":0.9}", family));

        double probability = lenient.get("probability").asDouble();
        assertThat(probability).isBetween(0.5, 0.9);
        assertThat(lenient.get("confidence").asDouble()).isEqualTo(0.5);
        assertThat(lenient.get("verdict").asString()).isEqualTo("pass");
        assertThat(strict.get("probability").asDouble()).isEqualTo(probability);
        assertThat(strict.get("verdict").asString()).isEqualTo("fail");
        assertThat(strict.get("verdictReason").asString()).contains("below the required confidence 0.9");
        JsonNode p = lenient.get("predictions").get(0);
        assertThat(p.get("tokens").asDouble()).isEqualTo(1e9);
        assertThat(p.get("upper").asDouble()).isEqualTo(lenient.get("upper").asDouble());
        assertThat(lenient.get("adequacy").asString()).isEqualTo("good");

        MvcResult bad = client.postInvalid("/api/v1/families/{family}/budget-checks",
                plan + ",\"confidence\":1.5}", family);
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(LawTestClient.json(bad).get("errors").get(0).get("field").asString()).isEqualTo("confidence");
    }

    @Test
    void anInadequateLawFailsBudgetChecksClosedUnlessAllowed() {
        String below = LawTestClient.freshSlug("below");
        StringBuilder csv = new StringBuilder(
                "family,run_id,base_model,pruning_method,params_before,params_after,pruning_rate,loss_before,tokens,loss\n");
        double[][] models = {{1.24e9, 2.35}, {3.21e9, 2.12}, {8.03e9, 1.95}};
        double[] rates = {0.15, 0.25, 0.35};
        for (double[] m : models) {
            for (double rate : rates) {
                for (int j = 0; j < 30; j++) {
                    double tokens = Math.rint(2e7 * Math.pow(500, j / 29.0));
                    // post-training that ends well below the loss before pruning
                    double loss = m[1] - 0.1 + 0.3 * Math.pow(rate, 1.0) * Math.pow(tokens / 1e9, -0.3);
                    csv.append(String.format(java.util.Locale.ROOT, "%s,r-%s-%s,b,depth,%.0f,%.0f,%.2f,%.2f,%.0f,%.5f%n",
                            below, m[0], rate, m[0], m[0] * (1 - rate), rate, m[1], tokens, loss));
                }
            }
        }
        client.upload(below, "text/csv", csv.toString());
        String plan = "{" + PLAN + ",\"plannedTokens\":1000000000,\"targetLoss\":3";

        JsonNode closed = LawTestClient.json(client.post("/api/v1/families/{family}/budget-checks", plan + "}", below));
        JsonNode allowed = LawTestClient.json(client.post("/api/v1/families/{family}/budget-checks",
                plan + ",\"allowInadequate\":true}", below));

        assertThat(closed.get("adequacy").asString()).isEqualTo("inadequate");
        assertThat(closed.get("adequacyReasons").get(0).asString()).contains("below the loss before pruning");
        assertThat(closed.get("verdict").asString()).isEqualTo("fail");
        assertThat(closed.get("verdictReason").asString()).contains("inadequate");
        assertThat(allowed.get("verdict").asString()).isEqualTo("pass");
    }

    @Test
    void thePlotDrawsTheRunsAskedFor() throws Exception {
        MvcResult result = client.get("/api/v1/families/{family}/law/plot.svg?runs=llama-3.2-1b-depth-15,llama-3.1-8b-depth-35",
                family);

        String svg = result.getResponse().getContentAsString();
        assertThat(svg).contains("llama-3.2-1b-depth-15", "llama-3.1-8b-depth-35").doesNotContain("llama-3.2-3b-depth-25");
        MvcResult unknown = client.get("/api/v1/families/{family}/law/plot.svg?runs=llama-3.2-1b-depth-15,nope", family);
        assertThat(unknown.getResponse().getStatus()).isEqualTo(400);
        assertThat(unknown.getResponse().getContentAsString()).contains("runs", "nope");
    }

    @Test
    void thePlotTheLawAndTheFitsAnswer304WhileNothingChanged() throws Exception {
        for (String path : List.of("/api/v1/families/{family}/law/plot.svg", "/api/v1/families/{family}/law",
                "/api/v1/families/{family}/fits", "/api/v1/families/{family}/law/plot.svg?runs=llama-3.2-1b-depth-15")) {
            MvcResult first = client.get(path, family);
            String etag = first.getResponse().getHeader("ETag");
            assertThat(etag).as(path).isNotBlank();

            MvcResult again = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path, family)
                            .header("If-None-Match", etag))
                    .andExpect(io.p2law.web.ContractValidation.conformsToContract()).andReturn();
            assertThat(again.getResponse().getStatus()).as(path).isEqualTo(304);
            assertThat(again.getResponse().getContentAsString()).isEmpty();
        }
    }

    @Test
    void thePlotIsAnSvgOfEveryRun() throws Exception {
        MvcResult result = client.get("/api/v1/families/{family}/law/plot.svg", family);

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).startsWith("image/svg+xml");
        String svg = result.getResponse().getContentAsString();
        assertThat(svg).contains("<svg", "llama-3.2-1b-depth-15", "llama-3.1-8b-depth-35");
    }

    @Test
    void dataNoFormCanUseIsA409SayingWhy() {
        String slug = LawTestClient.freshSlug("no-loss-before");
        client.upload(slug, "application/json", """
                {"runs":[{"runId":"r1","baseModel":"m","pruningMethod":"depth","paramsBefore":1000000000,
                  "pruningRate":0.25,"checkpoints":[{"tokens":10000000,"loss":2.9},{"tokens":20000000,"loss":2.8},
                  {"tokens":40000000,"loss":2.75}]}]}
                """);

        MvcResult result = client.get("/api/v1/families/{family}/law?form=p2", slug);

        assertThat(result.getResponse().getStatus()).isEqualTo(409);
        assertThat(LawTestClient.json(result).get("detail").asString()).contains("lossBefore");
    }

    @Test
    void aFamilyWithoutRunsIsA409SayingSo() {
        String slug = LawTestClient.freshSlug("emptied");
        client.upload(slug, "application/json", """
                {"runs":[{"runId":"r1","baseModel":"m","pruningMethod":"depth","paramsBefore":1000000000,
                  "pruningRate":0.25,"lossBefore":2.5,"checkpoints":[{"tokens":10000000,"loss":2.9}]}]}
                """);
        client.delete("/api/v1/families/" + slug + "/runs/r1");

        MvcResult result = client.get("/api/v1/families/{family}/law?form=p2", slug);

        assertThat(result.getResponse().getStatus()).isEqualTo(409);
        assertThat(LawTestClient.json(result).get("detail").asString()).isEqualTo("there are no runs to fit p2 to");
    }
}
