package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LevenbergMarquardtTests {

    private static final double[] TRUTH = TestData.truth("llama3-depth");
    private final Workers workers = new Workers(1);
    private final LevenbergMarquardt lm = new LevenbergMarquardt(1e-14, 500);

    /** The depth family's design with losses exactly on the true law: the optimum is the truth. */
    private static Points exactCurves() {
        SyntheticTruth truth = SyntheticTruth.of("llama3-depth");
        List<RunCurve> runs = new ArrayList<>();
        for (RunCurve run : TestData.synthetic(TestData.DEPTH)) {
            double[] losses = new double[run.tokens().length];
            for (int j = 0; j < losses.length; j++) {
                losses[j] = truth.loss(run.model().paramsBefore(), run.model().pruningRate(), run.model().lossBefore(), run.tokens()[j]);
            }
            runs.add(new RunCurve(run.runId(), run.model(), run.tokens(), losses));
        }
        return Points.of(runs, 0);
    }

    @Test
    void aConstantStartedOnItsBoundIsReleasedWhenTheDataWantIt() {
        FittableForm form = P2Form.full();
        HuberObjective objective = new HuberObjective(form, exactCurves(), null, 1e-3, workers);
        double[] start = TRUTH.clone();
        start[6] = 0;
        start[3] = 0.3;
        LevenbergMarquardt.Result result = lm.minimise(objective, HuberObjective.theta(form, start));
        assertThat(result.converged()).isTrue();
        assertThat(result.theta()[6]).isCloseTo(TRUTH[6], offset(1e-4));
        assertThat(result.objective()).isLessThan(1e-12);
    }

    @Test
    void aStepBelowZeroStopsOnTheBound() {
        FittableForm form = P2Form.full();
        HuberObjective objective = new HuberObjective(form, exactCurves(), null, 1e-3, workers);
        double[] start = TRUTH.clone();
        start[4] = 5;
        LevenbergMarquardt.Result result = lm.minimise(objective, HuberObjective.theta(form, start));
        for (int k = 4; k < 7; k++) {
            assertThat(result.theta()[k]).isGreaterThanOrEqualTo(0);
        }
        assertThat(result.theta()).usingElementComparator((a, b) -> Math.abs(a - b) < 1e-4 ? 0 : 1)
                .containsExactly(TRUTH);
    }

    /** Noisy curves (nobody tuned on this seed): the optimum is not the truth and the objective is not 0. */
    private final HuberObjective noisy = new HuberObjective(P2Form.full(),
            Points.of(FittingBenchmark.generated(4_000, 5, "llama3-2of4", 0.01), 0), null, 1e-3, workers);
    /** The bootstrap's settings: a loose tolerance and the small damping of a warm start. */
    private final LevenbergMarquardt refit = new LevenbergMarquardt(1e-8, 100, 1e-6);
    private final double[] truthTheta = HuberObjective.theta(noisy.form, TRUTH);

    @Test
    void aStartAtItsOptimumEndsAfterOnePassWhereItStands() {
        LevenbergMarquardt.Result first = refit.minimise(noisy, truthTheta);
        assertThat(first.converged()).isTrue();
        assertThat(first.passes()).isGreaterThan(1);

        LevenbergMarquardt.Result again = refit.minimise(noisy, first.theta());

        assertThat(again.converged()).isTrue();
        assertThat(again.passes()).isEqualTo(1);
        assertThat(again.theta()).containsExactly(first.theta());
        assertThat(again.objective()).isEqualTo(first.objective());
    }

    @Test
    void aStartNearButNotAtItsOptimumStillMovesToIt() {
        LevenbergMarquardt.Result optimum = lm.minimise(noisy, truthTheta);
        double[] near = optimum.theta().clone();
        near[2] += 1e-3;
        near[3] -= 1e-3;
        double startObjective = noisy.linearize(near).objective();

        LevenbergMarquardt.Result result = refit.minimise(noisy, near);

        assertThat(result.passes()).isGreaterThan(1);
        assertThat(result.theta()).isNotEqualTo(near);
        // within the refit's tolerance of the optimum: most of the way back from the start
        assertThat(result.objective() - optimum.objective())
                .isLessThan(1e-3 * (startObjective - optimum.objective()));
    }

    /**
     * Most residuals of noisy data lie beyond the Huber threshold, where J'J overstates the curvature:
     * stretched steps reach the optimum of plain ones (the same objective to the tolerance) in fewer passes.
     */
    @Test
    void stretchedStepsReachThePlainOptimumInFewerPasses() {
        double[] near = lm.minimise(noisy, truthTheta).theta().clone();
        near[2] += 1e-2;
        near[5] *= 1.05;

        LevenbergMarquardt.Result plain = new LevenbergMarquardt(1e-14, 500, 1e-8).minimise(noisy, near);
        LevenbergMarquardt.Result stretched = new LevenbergMarquardt(1e-14, 500, 1e-8, true).minimise(noisy, near);

        assertThat(plain.converged()).isTrue();
        assertThat(stretched.converged()).isTrue();
        assertThat(stretched.objective()).isLessThanOrEqualTo(plain.objective() * (1 + 1e-13));
        assertThat(stretched.passes()).isLessThan(plain.passes());
        for (int k = 0; k < near.length; k++) {
            assertThat(stretched.theta()[k]).isCloseTo(plain.theta()[k], offset(1e-5 * Math.max(1, Math.abs(plain.theta()[k]))));
        }
    }
}
