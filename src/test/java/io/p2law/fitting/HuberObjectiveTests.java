package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HuberObjectiveTests {

    private final Workers workers = new Workers(1);

    static Stream<Object[]> cases() {
        return Stream.of(
                new Object[] {P2Form.full(), new double[] {-0.9, 0.3, 0.1, 0.3, 0.4, 0.2, 0.1}},
                new Object[] {new ChinchillaForm(), new double[] {1.5, 700, 300, 0.3, 0.4}},
                new Object[] {new SparseForm(), new double[] {50, 1.5, 20, 0.25, 5e6, 0.3, 1.7}});
    }

    /** J'psi must be half the gradient of the sum of squares in the fit coordinates (log or not). */
    @ParameterizedTest
    @MethodSource("cases")
    void linearizationIsTheGradientOfTheObjective(FittableForm form, double[] natural) {
        Points pts = Points.of(TestData.synthetic(TestData.DEPTH), 0);
        HuberObjective objective = new HuberObjective(form, pts, null, 1e-3, workers);
        double[] theta = HuberObjective.theta(form, natural);
        HuberObjective.Linearization lin = objective.linearize(theta);
        assertThat(lin.sumSquares()).isCloseTo(objective.sumSquares(theta), offset(1e-12 * lin.sumSquares()));
        for (int k = 0; k < theta.length; k++) {
            double h = 1e-6 * Math.max(1, Math.abs(theta[k]));
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[k] += h;
            down[k] -= h;
            double numeric = (objective.sumSquares(up) - objective.sumSquares(down)) / (2 * h) / 2;
            assertThat(lin.jtr()[k]).as("%s %s", form.name(), form.parameters().get(k).name())
                    .isCloseTo(numeric, offset(1e-5 * Math.max(1e-3, Math.abs(numeric))));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sumOfSquaredPsiIsTwiceTheHuberSum(FittableForm form, double[] natural) {
        Points pts = Points.of(TestData.synthetic(TestData.DEPTH), 0);
        double delta = 1e-3;
        HuberObjective objective = new HuberObjective(form, pts, null, delta, workers);
        double huber = 0;
        for (int i = 0; i < pts.size; i++) {
            double r = Math.abs(Math.log(form.value(natural, pts, i, null)) - pts.lnLoss[i]);
            huber += r <= delta ? r * r / 2 : delta * (r - delta / 2);
        }
        assertThat(objective.sumSquares(HuberObjective.theta(form, natural)) / 2).isCloseTo(huber,
                offset(1e-12 * huber));
    }
}
