package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;

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
        double low = 0;
        double high = 1;
        if (referenceMultiplier(c, 1 - 1e-12, total) <= distance) {
            low = 1;
        } else {
            for (int k = 0; k < 60; k++) {
                double mid = (low + high) / 2;
                if (referenceMultiplier(c, mid, total) < distance) {
                    low = mid;
                } else {
                    high = mid;
                }
            }
        }
        double level = (low + high) / 2;
        return u >= 0 ? 0.5 + level / 2 : 0.5 - level / 2;
    }
}
