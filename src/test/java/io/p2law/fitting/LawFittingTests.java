package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LawFittingTests {

    private final LawFitting fitting = TestData.FITTING;

    @Test
    void catalogListsEveryFormWithItsConstants() {
        assertThat(fitting.forms()).extracting(LawForm::name)
                .containsExactly("p2", "p2-no-size", "p2-no-rate", "chinchilla", "sparse");
        assertThat(fitting.form("p2").parameters()).extracting(ParameterInfo::name)
                .containsExactly("gamma", "delta", "alpha", "beta", "NC", "DC", "E");
        assertThat(fitting.form("p2-no-size").parameters()).extracting(ParameterInfo::name).doesNotContain("delta");
        assertThat(fitting.form("p2-no-rate").parameters()).extracting(ParameterInfo::name).doesNotContain("gamma");
        assertThat(fitting.form("p2").requiredFields()).contains("lossBefore", "pruningRate");
        assertThatThrownBy(() -> fitting.form("kaplan")).isInstanceOf(UnknownLawFormException.class)
                .hasMessageContaining("chinchilla");
    }

    @Test
    void refusedRunsAreLeftOutWithTheirIdsAndReason() {
        List<RunCurve> runs = new ArrayList<>(TestData.synthetic(TestData.DEPTH));
        RunCurve first = runs.get(0);
        runs.add(new RunCurve("no-loss-before", new PrunedModel(first.model().paramsBefore(), first.model().paramsAfter(), first.model().pruningRate(), null),
                first.tokens(), first.losses()));
        runs.add(new RunCurve("unpruned", new PrunedModel(first.model().paramsBefore(), first.model().paramsBefore(), 0, 2.35), first.tokens(),
                first.losses()));
        FitReport report = fitting.fit("p2", runs, new FitOptions(1e-3, 2, 0, 0, 1L));
        assertThat(report.runs()).isEqualTo(9);
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("no-loss-before").contains("lossBefore"));
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("unpruned").contains("pruning rate"));
    }

    @Test
    void nothingFittableIsAnUnfittableDataExceptionSayingWhy() {
        RunCurve run = TestData.synthetic(TestData.DEPTH).get(0);
        RunCurve noLossBefore = new RunCurve("r", new PrunedModel(run.model().paramsBefore(), run.model().paramsAfter(), run.model().pruningRate(), null),
                run.tokens(), run.losses());
        assertThatThrownBy(() -> fitting.fit("p2", List.of(noLossBefore), FitOptions.DEFAULT))
                .isInstanceOf(UnfittableDataException.class).hasMessageContaining("lossBefore");
        RunCurve threePoints = new RunCurve("r", new PrunedModel(run.model().paramsBefore(), run.model().paramsAfter(), run.model().pruningRate(), 2.35),
                new double[] {0, 1e8, 2e8, 3e8}, new double[] {3, 2.6, 2.55, 2.5});
        assertThatThrownBy(() -> fitting.fit("p2", List.of(threePoints), FitOptions.DEFAULT))
                .isInstanceOf(UnfittableDataException.class).hasMessageContaining("got 3");
        assertThatThrownBy(() -> fitting.fit("p2", List.of(), FitOptions.DEFAULT))
                .isInstanceOf(UnfittableDataException.class).hasMessage("there are no runs to fit p2 to");
    }

    @Test
    void lossesBelowTheLossBeforePruningAreCalledOut() {
        List<RunCurve> runs = new ArrayList<>(TestData.synthetic(TestData.DEPTH));
        RunCurve first = runs.remove(0);
        double[] losses = first.losses().clone();
        losses[losses.length - 1] = first.model().lossBefore() - 0.01;
        runs.add(new RunCurve(first.runId(), first.model(), first.tokens(), losses));
        FitReport report = fitting.fit("p2", runs, new FitOptions(1e-3, 2, 0, 0, 1L));
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).startsWith("1 checkpoint(s) have a loss below"));
        assertThat(fitting.fit("p2", TestData.synthetic(TestData.DEPTH), new FitOptions(1e-3, 2, 0, 0, 1L))
                .warnings()).noneSatisfy(w -> assertThat(w).contains("below lossBefore"));
    }

    @Test
    void checkpointsBelowMinTokensAreNotFitted() {
        FitReport report = fitting.fit("p2", TestData.synthetic(TestData.DEPTH), new FitOptions(1e-3, 2, 1e8, 0, 1L));
        assertThat(report.points()).isEqualTo(9 * 46);
    }

    @Test
    void bootstrapIsSeededAndItsIntervalsHoldTheEstimates() {
        List<RunCurve> runs = TestData.synthetic(TestData.DEPTH);
        FitReport a = fitting.fit("p2", runs, new FitOptions(1e-3, 4, 0, 40, 7L));
        FitReport b = fitting.fit("p2", runs, new FitOptions(1e-3, 4, 0, 40, 7L));
        FitReport c = fitting.fit("p2", runs, new FitOptions(1e-3, 4, 0, 40, 8L));
        assertThat(a.law().bootstrapValues()).hasNumberOfRows(40);
        assertThat(a.law().bootstrapValues()).isDeepEqualTo(b.law().bootstrapValues());
        assertThat(java.util.Arrays.deepEquals(a.law().bootstrapValues(), c.law().bootstrapValues())).isFalse();
        ParameterEstimate gamma = a.parameters().get(0);
        assertThat(gamma.lower()).isLessThan(gamma.upper());
        PrunedModel model = P2FitTests.model(runs.get(4));
        Interval interval = a.law().interval(model, 5e8);
        assertThat(interval.lower()).isLessThan(interval.upper());
        assertThat(a.law().predict(model, 5e8)).isBetween(interval.lower(), interval.upper());
    }

    @Test
    void restoredLawPredictsLikeTheFittedOne() {
        FitReport report = fitting.fit("p2", TestData.synthetic(TestData.DEPTH), new FitOptions(1e-3, 2, 0, 10, 3L));
        FittedLaw restored = fitting.restore("p2", report.law().values(), report.law().bootstrapValues());
        PrunedModel model = new PrunedModel(8.03e9, 6.0225e9, 0.25, 1.95);
        assertThat(restored.predict(model, 3e8)).isEqualTo(report.law().predict(model, 3e8));
        assertThat(restored.interval(model, 3e8)).isEqualTo(report.law().interval(model, 3e8));
        assertThat(restored.tokensToTarget(model, 2.0)).isEqualTo(report.law().tokensToTarget(model, 2.0));
        assertThatThrownBy(() -> fitting.restore("p2", new double[3], null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyFormFitsTheDepthFamily() {
        for (LawForm form : fitting.forms()) {
            FitReport report = fitting.fit(form.name(), TestData.synthetic(TestData.DEPTH),
                    new FitOptions(1e-3, 4, 0, 0, 42L));
            assertThat(report.r2()).as(form.name()).isGreaterThan(0.9);
            assertThat(report.parameters()).hasSize(form.parameters().size());
        }
    }

    @Test
    void theResultDoesNotDependOnThePoolSize() {
        List<RunCurve> runs = TestData.synthetic(TestData.DEPTH);
        FitOptions options = new FitOptions(1e-3, 4, 0, 20, 5L);
        try (LawFitting single = new LawFitting(1)) {
            FitReport one = single.fit("p2", runs, options);
            FitReport two = fitting.fit("p2", runs, options);
            assertThat(one.law().values()).containsExactly(two.law().values());
            assertThat(one.law().bootstrapValues()).isDeepEqualTo(two.law().bootstrapValues());
        }
    }

    @Test
    void aLargeFamilyIsSearchedOnASubsetAndPolishedOnAllPoints() {
        List<RunCurve> runs = FittingBenchmark.generated(30_000, 3);
        FitReport report = fitting.fit("p2", runs, new FitOptions(1e-3, 4, 0, 5, 1L));
        assertThat(report.points()).isEqualTo(30_000);
        assertThat(report.converged()).isTrue();
        // every 2nd point of each of the 9 runs (3,333 points, the last 3,336), counted from the run's first
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("subset of 15004 of the 30000"));
        SyntheticTruth truth = SyntheticTruth.of("llama3-depth");
        PrunedModel model = new PrunedModel(3.21e9, 2.4075e9, 0.25, 2.12);
        for (double tokens : new double[] {3e7, 3e8, 3e9}) {
            assertThat(report.law().predict(model, tokens))
                    .isCloseTo(truth.loss(model, tokens), org.assertj.core.data.Offset.offset(0.002));
        }
    }

    @Test
    void concurrentFitsShareTheBoundedPool() throws Exception {
        List<RunCurve> runs = TestData.synthetic(TestData.DEPTH);
        FitOptions options = new FitOptions(1e-3, 4, 0, 10, 9L);
        FitReport alone = fitting.fit("p2", runs, options);
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<FitReport>> futures = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                futures.add(callers.submit(() -> fitting.fit("p2", runs, options)));
            }
            for (java.util.concurrent.Future<FitReport> f : futures) {
                assertThat(fitting.threads()).isLessThanOrEqualTo(2);
                assertThat(f.get().law().values()).containsExactly(alone.law().values());
            }
        } finally {
            callers.shutdown();
        }
        assertThat(fitting.threads()).isBetween(1, 2);
    }
}
