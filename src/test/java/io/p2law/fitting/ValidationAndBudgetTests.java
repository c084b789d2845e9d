package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Held-out checks and token budgets, scored against the law the synthetic family was drawn from. */
class ValidationAndBudgetTests {

    private static final SyntheticTruth TRUTH = SyntheticTruth.of("llama3-depth");
    /** The 3B model pruned by 25 %, one of the family's runs. */
    private static final PrunedModel MODEL = new PrunedModel(3.21e9, 2.4075e9, 0.25, 2.12);
    private static final LawFitting fitting = TestData.FITTING;
    private static FitReport fit;

    @BeforeAll
    static void fit() {
        fit = fitting.fit("p2", TestData.synthetic(TestData.DEPTH), new FitOptions(1e-3, 8, 0, 100, 42L));
    }

    @Test
    void heldOutPredictionsAreAsGoodAsTheTrueLawsOwn() {
        List<RunCurve> runs = TestData.synthetic(TestData.DEPTH);
        ValidationReport report = fitting.validate("p2", runs, new FitOptions(1e-3, 8, 0, 0, 42L));
        assertThat(report.splits()).extracting(HeldOutResult::split)
                .containsExactly("last-20-percent", "largest-model", "highest-rate");
        for (HeldOutResult split : report.splits()) {
            assertThat(split.skippedReason()).as(split.split()).isNull();
            double truthRmse = truthRmse(runs, split.split());
            // extrapolating costs something, but the held-out error stays at the noise level
            assertThat(split.rmse()).as(split.split()).isLessThan(truthRmse + 0.006);
            assertThat(split.mape()).as(split.split()).isLessThan(1.0);
            assertThat(split.heldOutPoints()).isPositive();
            assertThat(split.trainPoints() + split.heldOutPoints()).isLessThanOrEqualTo(450);
        }
        assertThat(report.splits().get(0).heldOutPoints()).isEqualTo(90);
        assertThat(report.splits().get(1).heldOutPoints()).isEqualTo(150);
        assertThat(report.splits().get(2).heldOutPoints()).isEqualTo(150);
    }

    /** RMSE of the true law on the split's held-out points: the noise floor no fit can beat. */
    private static double truthRmse(List<RunCurve> runs, String split) {
        double sum = 0;
        int n = 0;
        for (RunCurve run : runs) {
            boolean heldRun = switch (split) {
                case "largest-model" -> run.model().paramsBefore() == 8.03e9;
                case "highest-rate" -> run.model().pruningRate() == 0.35;
                default -> true;
            };
            if (!heldRun) {
                continue;
            }
            int from = split.equals("last-20-percent") ? run.tokens().length - 10 : 0;
            for (int j = from; j < run.tokens().length; j++) {
                double e = run.losses()[j] - TRUTH.loss(P2FitTests.model(run), run.tokens()[j]);
                sum += e * e;
                n++;
            }
        }
        return Math.sqrt(sum / n);
    }

    @Test
    void aSplitThatCannotBeMadeIsSkippedWithAReason() {
        List<RunCurve> oneSize = TestData.synthetic(TestData.DEPTH).stream()
                .filter(r -> r.model().paramsBefore() == 3.21e9).toList();
        ValidationReport report = fitting.validate("p2", oneSize, new FitOptions(1e-3, 4, 0, 0, 42L));
        HeldOutResult largest = report.splits().get(1);
        assertThat(largest.skippedReason()).contains("single model size");
        assertThat(largest.rmse()).isNaN();
    }

    @Test
    void holdingOutTheHigherOfTwoRatesIsSkippedBecauseOneRateCannotTellAnother() {
        List<RunCurve> twoRates = TestData.synthetic(TestData.DEPTH).stream()
                .filter(r -> r.model().pruningRate() <= 0.25).toList();
        FitOptions options = new FitOptions(1e-3, 4, 0, 0, 42L);
        HeldOutResult rate = fitting.validate("p2", twoRates, options).splits().get(2);
        assertThat(rate.skippedReason()).contains("two values of pruning rate").contains("not identified");
        assertThat(rate.coverage()).isNaN();
        // the sizes still vary, so the size split is scored
        assertThat(fitting.validate("p2", twoRates, options).splits().get(1).skippedReason()).isNull();
        // what the skipped split would have scored: the training fit's admitted guess, wide enough to cover
        HeldOutResult scored = fitting.validateIncludingUnidentified("p2", twoRates, options, 0.9).splits().get(2);
        assertThat(scored.skippedReason()).isNull();
        assertThat(scored.warnings()).anyMatch(w -> w.contains("single model size or pruning rate"));
        // a form without the rate factor needs no second rate to predict one, so its rate split stays
        assertThat(fitting.validate("p2-no-rate", twoRates, options).splits().get(2).skippedReason()).isNull();
    }

    @Test
    void tokensToTargetMeetTheTargetUnderTheTrueLaw() {
        double target = TRUTH.loss(MODEL, 0.5e9);
        BudgetAnswer answer = fit.law().tokensToTarget(MODEL, target);
        assertThat(answer.reachable()).isTrue();
        assertThat(answer.loss()).isCloseTo(target, withPercentage(1e-6));
        assertThat(answer.tokens()).isCloseTo(0.5e9, withPercentage(15));
        // what the true law says at the answer is within the noise of the target
        assertThat(Math.abs(TRUTH.loss(MODEL, answer.tokens()) - target)).isLessThan(TestData.noiseSigma("llama3-depth"));
        assertThat(answer.lossInterval().lower()).isLessThanOrEqualTo(answer.loss());
        assertThat(answer.lossInterval().upper()).isGreaterThanOrEqualTo(answer.loss());
    }

    @Test
    void aTargetBelowTheAsymptoteIsUnreachableAndSaysSo() {
        double asymptote = fit.law().asymptote(MODEL);
        assertThat(asymptote).isCloseTo(TRUTH.loss(MODEL, 1e30), withPercentage(0.5));
        BudgetAnswer answer = fit.law().tokensToTarget(MODEL, asymptote - 0.01);
        assertThat(answer.reachable()).isFalse();
        assertThat(answer.tokens()).isNaN();
        assertThat(answer.asymptote()).isEqualTo(asymptote);
        assertThat(answer.loss()).isEqualTo(asymptote);
        assertThat(answer.reason()).contains("asymptote");
    }

    @Test
    void slopeAndDoublingBudgetsAgreeWithTheTrueLaw() {
        double threshold = 0.01;
        BudgetAnswer slope = fit.law().tokensAtSlope(MODEL, threshold);
        assertThat(slope.reachable()).isTrue();
        // the fitted answer is where the true law's slope is close to the threshold too
        assertThat(TRUTH.slopePerBillion(MODEL, slope.tokens())).isCloseTo(threshold, withPercentage(25));

        double epsilon = 0.002;
        BudgetAnswer doubling = fit.law().tokensAtDoubling(MODEL, epsilon);
        assertThat(doubling.reachable()).isTrue();
        double fitted = fit.law().predict(MODEL, doubling.tokens()) - fit.law().predict(MODEL, 2 * doubling.tokens());
        assertThat(fitted).isCloseTo(epsilon, withPercentage(1e-6));
        double trueGain = TRUTH.loss(MODEL, doubling.tokens()) - TRUTH.loss(MODEL, 2 * doubling.tokens());
        assertThat(trueGain).isCloseTo(epsilon, withPercentage(25));
    }

    @Test
    void impossibleThresholdsAreUnreachableNotThrown() {
        assertThat(fit.law().tokensAtSlope(MODEL, 0).reachable()).isFalse();
        assertThat(fit.law().tokensAtDoubling(MODEL, -1).reachable()).isFalse();
    }
}
