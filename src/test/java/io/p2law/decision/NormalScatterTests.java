package io.p2law.decision;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.p2law.fitting.BudgetAnswer;
import io.p2law.fitting.FitOptions;
import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.Interval;
import io.p2law.fitting.LawFitting;
import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.RunCurve;
import io.p2law.fitting.TestData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class NormalScatterTests {

    private static final PrunedModel MODEL = new PrunedModel(8.03e9, 8.03e9 * 0.75, 0.25, 1.95);
    private static FittedLaw law;
    private static NormalScatter scatter;

    /** The depth family with a bootstrap, so that the band (and so the spread) moves with the tokens. */
    @BeforeAll
    static void fit() {
        List<RunCurve> runs = TestData.synthetic(TestData.DEPTH);
        try (LawFitting fitting = new LawFitting(2)) {
            law = fitting.fit("p2", runs, new FitOptions(1e-3, 8, 0, 50, 42L)).law();
        }
        scatter = new NormalScatter(law, RunScatter.of(law, runs, null).logScale());
    }

    @Test
    void theTokensForAConfidenceReachTheTargetWithThatProbability() {
        double target = law.predict(MODEL, 2e9);
        for (double confidence : new double[] {0.1, 0.5, 0.8, 0.9}) {
            BudgetAnswer answer = scatter.tokensToTarget(MODEL, target, confidence);
            assertThat(answer.reachable()).as("confidence " + confidence).isTrue();
            assertThat(scatter.probability(MODEL, answer.tokens(), target)).as("confidence " + confidence)
                    .isCloseTo(confidence, offset(1e-6));
        }
        assertThat(scatter.tokensToTarget(MODEL, target, 0.5).tokens()).isCloseTo(2e9, offset(2e9 * 1e-9));
    }

    @Test
    void aTargetWithinTheScatterOfTheAsymptoteIsUnreachableAtHighConfidence() {
        double nearFloor = law.asymptote(MODEL) * 1.001;
        assertThat(scatter.tokensToTarget(MODEL, nearFloor, 0.5).reachable()).isTrue();
        BudgetAnswer sure = scatter.tokensToTarget(MODEL, nearFloor, 0.99);
        assertThat(sure.reachable()).isFalse();
        assertThat(sure.reason()).contains("probability 0.99");
    }

    @Test
    void theIntervalHoldsTheLevelOfItsNormal() {
        Interval interval = scatter.interval(MODEL, 1e9, 0.9);
        assertThat(scatter.probability(MODEL, 1e9, interval.upper())).isCloseTo(0.95, offset(1e-9));
        assertThat(scatter.probability(MODEL, 1e9, interval.lower())).isCloseTo(0.05, offset(1e-9));
        assertThat(scatter.interval(MODEL, 1e9, 0.5).upper()).isLessThan(interval.upper());
    }
}
