package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Prediction intervals for an observed loss, their probabilities, and whether the law is adequate. */
class PredictionIntervalTests {

    /** The 3B model pruned by 25 %, one of the depth family's runs. */
    private static final PrunedModel MODEL = new PrunedModel(3.21e9, 2.4075e9, 0.25, 2.12);
    private static final FitOptions OPTIONS = new FitOptions(1e-3, 8, 0, 100, 42L);
    private static final LawFitting fitting = TestData.FITTING;
    private static FitReport fit;

    @BeforeAll
    static void fit() {
        fit = fitting.fit("p2", TestData.synthetic(TestData.DEPTH), OPTIONS);
    }

    @Test
    void theIntervalForAnObservedLossContainsTheCurveBandAndWidensWithTheLevel() {
        double[] tokens = {1e8, 1e9, 5e9};
        List<ObservedLossPrediction> at90 = fit.law().observedLossPredictions(MODEL, 0.9, tokens);
        List<ObservedLossPrediction> at50 = fit.law().observedLossPredictions(MODEL, 0.5, tokens);
        List<PredictedLoss> curve = fit.law().predictions(MODEL, tokens);
        for (int i = 0; i < tokens.length; i++) {
            ObservedLossPrediction p = at90.get(i);
            assertThat(p.loss()).isEqualTo(curve.get(i).loss());
            assertThat(p.curveLower()).isEqualTo(curve.get(i).interval().lower());
            assertThat(p.curveUpper()).isEqualTo(curve.get(i).interval().upper());
            assertThat(p.lower()).isLessThanOrEqualTo(p.curveLower());
            assertThat(p.upper()).isGreaterThanOrEqualTo(p.curveUpper());
            // a run scatters around the law by more than the law's own uncertainty
            assertThat(p.upper() - p.lower()).isGreaterThan(p.curveUpper() - p.curveLower());
            assertThat(at50.get(i).upper() - at50.get(i).lower()).isLessThan(p.upper() - p.lower());
            assertThat(p.level()).isEqualTo(0.9);
        }
    }

    @Test
    void levelsOutsideHalfTo99PercentAreRefused() {
        assertThatThrownBy(() -> fit.law().observedLossPredictions(MODEL, 0.49, 1e9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level");
        assertThatThrownBy(() -> fit.law().observedLossPredictions(MODEL, 0.995, 1e9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level");
        assertThat(fit.law().observedLossPredictions(MODEL, 0.99, 1e9)).hasSize(1);
    }

    @Test
    void intervalsWidenWithDistanceOutsideTheObservedSizesAndTokens() {
        double observedMaxTokens = 1e10;
        double[] widths = new double[3];
        double[] sizes = {8.03e9, 30e9, 70e9};
        for (int k = 0; k < sizes.length; k++) {
            PrunedModel model = new PrunedModel(sizes[k], sizes[k] * 0.75, 0.25, 1.9);
            ObservedLossPrediction p = fit.law().observedLossPredictions(model, 0.9, 1e9).get(0);
            widths[k] = Math.log(p.upper() / p.lower());
        }
        assertThat(widths[1]).isGreaterThan(widths[0]);
        assertThat(widths[2]).isGreaterThan(widths[1]);
        List<ObservedLossPrediction> byTokens = fit.law().observedLossPredictions(MODEL, 0.9, observedMaxTokens,
                10 * observedMaxTokens, 100 * observedMaxTokens);
        for (int k = 1; k < byTokens.size(); k++) {
            assertThat(relativeWidth(byTokens.get(k))).isGreaterThan(relativeWidth(byTokens.get(k - 1)));
        }
    }

    @Test
    void theProbabilityOfReachingATargetAgreesWithTheIntervals() {
        ObservedLossPrediction p = fit.law().observedLossPredictions(MODEL, 0.9, 2e9).get(0);
        assertThat(fit.law().probabilityAtMost(MODEL, 2e9, p.loss())).isCloseTo(0.5, within(1e-6));
        assertThat(fit.law().probabilityAtMost(MODEL, 2e9, p.upper())).isCloseTo(0.95, within(1e-3));
        assertThat(fit.law().probabilityAtMost(MODEL, 2e9, p.lower())).isCloseTo(0.05, within(1e-3));
        assertThat(fit.law().probabilityAtMost(MODEL, 2e9, p.loss() * 1.5)).isGreaterThan(0.999);
        assertThat(fit.law().probabilityAtMost(MODEL, 2e9, p.loss() * 0.5)).isLessThan(0.001);
    }

    @Test
    void heldOutSplitsReportTheCoverageOfTheirIntervals() {
        ValidationReport report = fitting.validate("p2", TestData.synthetic(TestData.DEPTH), OPTIONS, 0.9);
        for (HeldOutResult split : report.splits()) {
            assertThat(split.level()).isEqualTo(0.9);
            assertThat(split.coverage()).as(split.split()).isBetween(0.7, 1.0);
            assertThat(split.meanIntervalWidth()).as(split.split()).isPositive().isLessThan(0.5);
        }
    }

    @Test
    void theSyntheticFamilyIsAGoodFit() {
        assertThat(fit.adequacy().verdict()).isEqualTo(Adequacy.Verdict.GOOD);
        assertThat(fit.adequacy().reasons()).isEmpty();
        assertThat(fit.law().calibration().refits()).isEqualTo(7);
    }

    @Test
    void lossesBelowTheLossBeforePruningMakeTheLawInadequate() {
        List<RunCurve> below = new ArrayList<>();
        for (RunCurve run : TestData.synthetic(TestData.DEPTH)) {
            // post-training that keeps improving on the unpruned model: the excess turns negative late
            double[] losses = run.losses().clone();
            for (int j = 0; j < losses.length; j++) {
                losses[j] -= 0.25 * Math.log(run.tokens()[j] / run.tokens()[0]) / Math.log(500);
            }
            below.add(new RunCurve(run.runId(), run.model(), run.tokens(), losses));
        }
        FitReport report = fitting.fit("p2", below, OPTIONS);
        assertThat(report.adequacy().verdict()).isEqualTo(Adequacy.Verdict.INADEQUATE);
        assertThat(report.adequacy().reasons().get(0)).contains("below the loss before pruning");
    }

    @Test
    void aFamilyTooSmallToCalibrateSaysSoAndGetsNoNarrowerIntervals() {
        List<RunCurve> all = TestData.synthetic(TestData.DEPTH);
        List<RunCurve> two = List.of(all.get(0), all.get(4));
        FitReport small = fitting.fit("p2", two, OPTIONS);
        assertThat(small.warnings()).anyMatch(w -> w.contains("too few to calibrate"));
        assertThat(small.law().calibration().inflation()).isGreaterThan(1);
        RunCurve run = all.get(4);
        PrunedModel model = run.model();
        ObservedLossPrediction fromTwo = small.law().observedLossPredictions(model, 0.9, 1e9).get(0);
        ObservedLossPrediction fromAll = fit.law().observedLossPredictions(model, 0.9, 1e9).get(0);
        assertThat(relativeWidth(fromTwo)).isGreaterThanOrEqualTo(relativeWidth(fromAll));
    }

    @Test
    void aFitThatDidNotConvergeIsNeverMoreCertainThanASoundOne() {
        List<RunCurve> runs = TestData.synthetic(TestData.DEPTH);
        // the case: alpha run off to 13 with NC at 2e-62, where the size term has vanished
        double[] start = {-1.0, 0.3, 13, 0.35, 2e-62, 0.15, 0.5};
        FitReport stuck = fitting.fitFrom("p2", runs, new FitOptions(1e-3, 1, 0, 100, 42L), start);
        assertThat(stuck.adequacy().verdict()).isNotEqualTo(Adequacy.Verdict.GOOD);
        double[] tokens = {1e8, 1e9, 1e10};
        List<ObservedLossPrediction> fromStuck = stuck.law().observedLossPredictions(MODEL, 0.9, tokens);
        List<ObservedLossPrediction> fromSound = fit.law().observedLossPredictions(MODEL, 0.9, tokens);
        for (int i = 0; i < tokens.length; i++) {
            assertThat(relativeWidth(fromStuck.get(i))).as("at %s tokens", tokens[i])
                    .isGreaterThanOrEqualTo(relativeWidth(fromSound.get(i)));
        }
    }

    @Test
    void theMultiplierIsTheConformalQuantileOfTheHeldOutScores() {
        double[] scores = new double[100];
        Arrays.setAll(scores, i -> (i + 1) / 50.0);
        double[] weights = new double[100];
        Arrays.fill(weights, 1);
        double[] ranges = {0, 1, -2, -1, 18, 22};
        PredictiveCalibration c = new PredictiveCalibration(0.01, 0, 0, 0, 0, 0, 0, ranges[0], ranges[1], ranges[2],
                ranges[3], ranges[4], ranges[5], scores, weights, 1, 5, Double.NaN, Double.NaN, List.of());
        // the ceil(0.9 * 101)-th of 100 scores
        assertThat(c.multiplier(0.9)).isCloseTo(1.82, within(1e-9));
        assertThat(c.multiplier(0.5)).isCloseTo(1.02, within(1e-9));
        // the largest score at the highest level 100 scores resolve
        assertThat(c.multiplier(0.99)).isGreaterThanOrEqualTo(2.0);
        assertThat(c.widened(1.5, "why").multiplier(0.9)).isCloseTo(1.5 * 1.82, within(1e-9));
    }

    @Test
    void aNoiseFreeFlatFamilyGetsItsCurveBandAsTheIntervalNotNaN() {
        double[][] sizesAndRates = {{1e9, 0.2}, {3e9, 0.3}, {8e9, 0.4}, {1e9, 0.4}};
        List<RunCurve> runs = new ArrayList<>();
        for (double[] run : sizesAndRates) {
            double[] tokens = new double[29];
            double[] losses = new double[29];
            for (int j = 0; j < tokens.length; j++) {
                tokens[j] = 2e7 * (j + 1);
                losses[j] = 2.5;
            }
            runs.add(new RunCurve("r" + run[0] + "-" + run[1],
                    new PrunedModel(run[0], run[0] * (1 - run[1]), run[1], 2.3), tokens, losses));
        }
        FitReport flat = fitting.fit("p2", runs, OPTIONS);
        // every held-out error is 0 and so is every scale: the scores are 0, not 0/0
        assertThat(flat.law().calibration().multiplier(0.9)).isFinite();
        for (ObservedLossPrediction p : flat.law().observedLossPredictions(new PrunedModel(2e9, 1.4e9, 0.3, 2.3),
                0.9, 1e9, 1e11)) {
            assertThat(p.loss()).isCloseTo(2.5, within(1e-9));
            assertThat(p.lower()).isEqualTo(p.curveLower());
            assertThat(p.upper()).isEqualTo(p.curveUpper());
        }
    }

    @Test
    void heldOutErrorsThatNoScaleExplainsLeaveTheIntervalUnbounded() {
        double[] ranges = {0, 1, -2, -1, 18, 22};
        // a held-out error where the model gave no scale at all scores infinity
        PredictiveCalibration c = new PredictiveCalibration(0, 0, 0, 0, 0, 0, 0, ranges[0], ranges[1], ranges[2],
                ranges[3], ranges[4], ranges[5], new double[] {0, 0, Double.POSITIVE_INFINITY},
                new double[] {1, 1, 1}, 1, 5, Double.NaN, Double.NaN, List.of());
        FittedLaw law = fitting.restore("p2", fit.law().values(), new double[0][], c, null);
        ObservedLossPrediction p = law.observedLossPredictions(MODEL, 0.9, 1e9).get(0);
        assertThat(p.lower()).isZero();
        assertThat(p.upper()).isInfinite();
        assertThat(p.loss()).isFinite();
    }

    private static double relativeWidth(ObservedLossPrediction p) {
        return Math.log(p.upper() / p.lower());
    }
}
