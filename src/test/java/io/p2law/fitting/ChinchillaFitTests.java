package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ChinchillaFitTests {

    /** Besiroglu et al. 2024 (Epoch AI's replication): E, A, B, alpha, beta. */
    static final double[] EPOCH = {1.8172, 482.01, 2085.43, 0.3478, 0.3658};
    /** Hoffmann et al. 2022's published values, where the original fit stopped early. */
    static final double[] HOFFMANN = {1.69, 406.4, 410.7, 0.34, 0.28};

    private final LawFitting fitting = TestData.FITTING;

    /** 16 model sizes from 70M to 16B parameters, each trained to 12 token counts from 1B to 500B. */
    static List<RunCurve> epochDesign(long seed, double noise) {
        SplittableRandom random = new SplittableRandom(seed);
        List<RunCurve> runs = new ArrayList<>();
        int sizes = 16;
        int budgets = 12;
        for (int s = 0; s < sizes; s++) {
            double n = 7e7 * Math.pow(1.6e10 / 7e7, s / (sizes - 1.0));
            double[] tokens = new double[budgets];
            double[] losses = new double[budgets];
            for (int b = 0; b < budgets; b++) {
                tokens[b] = 1e9 * Math.pow(500, b / (budgets - 1.0));
                double loss = EPOCH[0] + EPOCH[1] / Math.pow(n, EPOCH[3]) + EPOCH[2] / Math.pow(tokens[b], EPOCH[4]);
                losses[b] = loss * Math.exp(noise * gaussian(random));
            }
            runs.add(new RunCurve("n" + s, new PrunedModel(n, n, 0, null), tokens, losses));
        }
        return runs;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void recoversEpochsConstants() {
        FitReport report = fitting.fit("chinchilla", epochDesign(1, 0.002), new FitOptions(1e-3, 8, 0, 0, 42L));
        assertRecovered(report);
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void startedFromHoffmannsValuesDoesNotStopThere() {
        FitReport report = fitting.fitFrom("chinchilla", epochDesign(1, 0.002), new FitOptions(1e-3, 1, 0, 0, 42L),
                HOFFMANN);
        assertThat(report.converged()).isTrue();
        assertRecovered(report);
    }

    @Test
    void acceptsUnprunedRuns() {
        assertThat(fitting.form("chinchilla").refusal(epochDesign(1, 0).get(0))).isEmpty();
        assertThat(fitting.form("p2").refusal(epochDesign(1, 0).get(0))).isPresent();
    }

    private static void assertRecovered(FitReport report) {
        double[] v = report.law().values();
        assertThat(v[0]).as("E").isCloseTo(EPOCH[0], withPercentage(1));
        assertThat(v[1]).as("A").isCloseTo(EPOCH[1], withPercentage(10));
        assertThat(v[2]).as("B").isCloseTo(EPOCH[2], withPercentage(10));
        assertThat(v[3]).as("alpha").isCloseTo(EPOCH[3], withPercentage(2));
        assertThat(v[4]).as("beta").isCloseTo(EPOCH[4], withPercentage(2));
    }
}
