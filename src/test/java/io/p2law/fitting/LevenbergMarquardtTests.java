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
}
