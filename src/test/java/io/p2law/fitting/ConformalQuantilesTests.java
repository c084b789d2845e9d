package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The multiplier and probability with the weights' running sums kept must answer the very doubles
 * the scan from the first score gave, which the reference below recomputes as it was written before:
 * the weights summed afresh for every quantile.
 */
class ConformalQuantilesTests {

    private static final double[] RANGES = {20.9, 22.8, -1.9, -1.05, 16.8, 20.7};

    @Test
    void multipliersAndProbabilitiesAreThoseOfTheScanOverTheScores() {
        SplittableRandom random = new SplittableRandom(42);
        for (int trial = 0; trial < 16; trial++) {
            int n = trial == 0 ? 1 : 1 + random.nextInt(1200);
            double[] scores = new double[n];
            double[] weights = new double[n];
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextDouble() * 3;
                // refits of different sizes: each refit's points weigh 1 in all, so weights are uneven fractions
                weights[i] = 1.0 / (1 + random.nextInt(90));
            }
            Arrays.sort(scores);
            if (trial % 5 == 0) {
                // repeated scores and equal weights, as a refit's points that tie
                Arrays.fill(scores, 0, n / 2, scores[n / 2]);
                Arrays.fill(weights, 0.125);
            }
            int refits = trial % 2 == 0 ? 7 : 2;
            PredictiveCalibration c = calibration(scores, weights, refits, 1 + random.nextDouble());
            ConformalQuantiles quantiles = c.quantiles();
            for (double level = 0.001; level < 1; level += 0.0137) {
                assertThat(quantiles.multiplier(level)).as("trial %d, level %s", trial, level)
                        .isEqualTo(referenceMultiplier(c, level, referenceTotal(weights)));
            }
            for (int k = 0; k < 60; k++) {
                double lnPredicted = Math.log(2 + random.nextDouble() * 0.2);
                double scale = random.nextDouble() * 0.02;
                double lnTarget = lnPredicted + (random.nextDouble() - 0.5) * 0.1;
                assertThat(quantiles.probabilityBelow(lnPredicted, scale, lnTarget)).as("trial %d", trial)
                        .isEqualTo(referenceProbability(c, lnPredicted, scale, lnTarget))
                        .isEqualTo(c.probabilityBelow(lnPredicted, scale, lnTarget));
            }
        }
    }

    @Test
    void theProbabilityIsOneHalfOnlyAtThePredictionAndRisesWithTheTargetThroughTheFirstStep() {
        // every held-out error at least 0.8 scales: the multiplier starts at 0.8, not at 0
        double[] scores = {0.8, 0.8, 1.1, 1.5, 1.9, 2.4, 3.0, 3.3};
        double[] weights = new double[scores.length];
        Arrays.fill(weights, 0.25);
        ConformalQuantiles quantiles = calibration(scores, weights, 7, 1).quantiles();
        double lnPredicted = Math.log(2.3);
        double scale = 0.01;

        assertThat(quantiles.probabilityBelow(lnPredicted, scale, lnPredicted)).isEqualTo(0.5);
        // a target 0.1 scales below the prediction: less likely than not, by a little
        assertThat(quantiles.probabilityBelow(lnPredicted, scale, lnPredicted - 0.001)).isLessThan(0.5).isGreaterThan(0.45);
        assertThat(quantiles.probabilityBelow(lnPredicted, scale, lnPredicted + 0.001)).isGreaterThan(0.5).isLessThan(0.55);
        double previous = 0;
        for (double u = -0.05; u <= 0.05; u += 0.0001) {
            double p = quantiles.probabilityBelow(lnPredicted, scale, lnPredicted + u);
            assertThat(p).as("target %s scales from the prediction", u / scale).isGreaterThanOrEqualTo(previous);
            previous = p;
        }
        // no jump where the first step ends (0.8 scales): just inside and just beyond agree
        assertThat(quantiles.probabilityBelow(lnPredicted, scale, lnPredicted + 0.008))
                .isCloseTo(quantiles.probabilityBelow(lnPredicted, scale, lnPredicted + 0.008 + 1e-12), within(1e-9));
    }

    @Test
    void aCalibrationWithoutScoresFallsBackToTheGaussianQuantile() {
        PredictiveCalibration c = calibration(new double[0], new double[0], 0, 1.3);

        assertThat(c.quantiles().multiplier(0.9)).isEqualTo(1.3 * Gaussian.quantile(0.95))
                .isEqualTo(referenceMultiplier(c, 0.9, 0));
    }

    private static PredictiveCalibration calibration(double[] scores, double[] weights, int refits, double inflation) {
        return new PredictiveCalibration(0.0025, 0, 0.001, 0.001, 0.001, 0.001, 0.001, RANGES[0], RANGES[1], RANGES[2],
                RANGES[3], RANGES[4], RANGES[5], scores, weights, inflation, refits, Double.NaN, Double.NaN, List.of());
    }

    private static double referenceTotal(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        return total;
    }

    private static double referenceMultiplier(PredictiveCalibration c, double level, double total) {
        double[] scores = c.scores();
        int n = scores.length;
        if (n == 0 || !(total > 0)) {
            return c.inflation() * Gaussian.quantile((1 + level) / 2);
        }
        double highest = (double) n / (n + 1);
        if (level <= highest) {
            double floor = c.refits() < PredictiveCalibration.MIN_REFITS_WITHOUT_FLOOR ? Gaussian.quantile((1 + level) / 2) : 0;
            return c.inflation() * Math.max(floor, referenceQuantile(c, level * (n + 1) / n, total));
        }
        double atHighest = referenceQuantile(c, 1, total);
        double gaussianAtHighest = Gaussian.quantile((1 + highest) / 2);
        return c.inflation() * Gaussian.quantile((1 + level) / 2) * Math.max(1, atHighest / gaussianAtHighest);
    }

    private static double referenceQuantile(PredictiveCalibration c, double q, double total) {
        double[] scores = c.scores();
        double[] weights = c.weights();
        double target = Math.min(1, q) * total;
        double cumulative = 0;
        for (int i = 0; i < scores.length; i++) {
            cumulative += weights[i];
            if (cumulative >= target - 1e-12 * total) {
                return scores[i];
            }
        }
        return scores[scores.length - 1];
    }

    private static double referenceProbability(PredictiveCalibration c, double lnPredicted, double scale, double lnTarget) {
        double u = lnTarget - lnPredicted;
        if (!(scale > 0)) {
            return u >= 0 ? 1 : 0;
        }
        double distance = Math.abs(u) / scale;
        double total = referenceTotal(c.weights());
        double least = referenceMultiplier(c, 0, total);
        double level;
        if (referenceMultiplier(c, 1 - 1e-12, total) <= distance) {
            level = 1;
        } else if (least > 0 && distance <= least) {
            level = referenceLevel(c, least, total, true) * distance / least;
        } else {
            level = referenceLevel(c, distance, total, false);
        }
        return u >= 0 ? 0.5 + level / 2 : 0.5 - level / 2;
    }

    private static double referenceLevel(PredictiveCalibration c, double distance, double total, boolean atMost) {
        double low = 0;
        double high = 1;
        for (int k = 0; k < 60; k++) {
            double mid = (low + high) / 2;
            double m = referenceMultiplier(c, mid, total);
            if (atMost ? m <= distance : m < distance) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }
}
