package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class P2FitTests {

    private static final String FAMILY = "llama3-depth";
    private static final FitOptions NO_BOOTSTRAP = new FitOptions(1e-3, 8, 0, 0, 42L);
    private static final LawFitting fitting = TestData.FITTING;
    private static FitReport depth;

    @BeforeAll
    static void fitDepthFamily() {
        depth = fitting.fit("p2", TestData.synthetic(TestData.DEPTH), NO_BOOTSTRAP);
    }

    @Test
    void reproducesTheTrueCurvesWithinTheNoiseAtEveryCheckpoint() {
        SyntheticTruth truth = SyntheticTruth.of(FAMILY);
        List<Double> noise = new ArrayList<>();
        double worst = 0;
        double sum = 0;
        for (RunCurve run : TestData.synthetic(TestData.DEPTH)) {
            PrunedModel model = model(run);
            for (int j = 0; j < run.tokens().length; j++) {
                double d = run.tokens()[j];
                double error = Math.abs(depth.law().predict(model, d) - truth.loss(model, d));
                worst = Math.max(worst, error);
                sum += error;
                noise.add(Math.abs(run.losses()[j] - truth.loss(model, d)));
            }
        }
        // the noise level the data were drawn with (evaluation noise plus drift), robust to the spikes
        double noiseSd = 1.4826 * noise.stream().sorted().toList().get(noise.size() / 2);
        assertThat(noiseSd).isBetween(TestData.noiseSigma(FAMILY), 3 * TestData.noiseSigma(FAMILY));
        assertThat(worst).isLessThan(2 * noiseSd);
        assertThat(sum / noise.size()).isLessThan(TestData.noiseSigma(FAMILY) / 2);
        assertThat(depth.converged()).isTrue();
        assertThat(depth.points()).isEqualTo(450);
        assertThat(depth.runs()).isEqualTo(9);
    }

    @Test
    void reachesTheBestKnownObjective() {
        assertThat(depth.objective()).isLessThanOrEqualTo(1.354659e-3);
        assertThat(depth.startsAtBest()).isBetween(1, depth.starts());
    }

    @Test
    void aLossSpikeDoesNotMoveTheFit() {
        List<RunCurve> spiked = new ArrayList<>();
        for (RunCurve run : TestData.synthetic(TestData.DEPTH)) {
            double[] losses = run.losses().clone();
            losses[losses.length / 2] += 0.8;
            losses[losses.length / 3] += 0.5;
            spiked.add(new RunCurve(run.runId(), run.model(), run.tokens(), losses));
        }
        FitReport withSpikes = fitting.fit("p2", spiked, NO_BOOTSTRAP);
        double worst = 0;
        for (RunCurve run : spiked) {
            for (double d : run.tokens()) {
                worst = Math.max(worst, Math.abs(withSpikes.law().predict(model(run), d)
                        - depth.law().predict(model(run), d)));
            }
        }
        // two spikes per run of +0.5 and +0.8 nats; least squares would shift the curves by ~0.03
        assertThat(worst).isLessThan(0.002);
    }

    @Test
    void warnsThatGammaIsNotDeterminedWhenEveryModelHasOneRate() {
        FitReport report = fitting.fit("p2", TestData.synthetic(TestData.TWO_OF_FOUR), NO_BOOTSTRAP);
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("gamma").contains("not determined"));
        assertThat(report.parameters().get(0).name()).isEqualTo("gamma");
        assertThat(report.parameters().get(0).stdError()).isNaN();
    }

    @Test
    void theFullFamilyHasNoStructuralWarningForGamma() {
        assertThat(depth.warnings()).noneSatisfy(w -> assertThat(w).startsWith("gamma"));
    }

    @Test
    void isDeterministicForASeed() {
        FitReport again = fitting.fit("p2", TestData.synthetic(TestData.DEPTH), NO_BOOTSTRAP);
        assertThat(again.law().values()).containsExactly(depth.law().values());
    }

    static PrunedModel model(RunCurve run) {
        return run.model();
    }
}
