package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FormJacobianTests {

    static Stream<FittableForm> forms() {
        return Stream.of(P2Form.full(), P2Form.withoutSize(), P2Form.withoutRate(), new ChinchillaForm(),
                new SparseForm());
    }

    @ParameterizedTest
    @MethodSource("forms")
    void analyticGradientMatchesCentralDifferences(FittableForm form) {
        Points pts = Points.of(TestData.synthetic(TestData.DEPTH), 0);
        SplittableRandom random = new SplittableRandom(7);
        double[] p = typical(form, random);
        double[] analytic = new double[form.dimension()];
        for (int i = 0; i < pts.size; i += 37) {
            form.value(p, pts, i, analytic);
            for (int k = 0; k < p.length; k++) {
                double h = 1e-6 * Math.max(1, Math.abs(p[k]));
                double[] up = p.clone();
                double[] down = p.clone();
                up[k] += h;
                down[k] -= h;
                double numeric = (form.value(up, pts, i, null) - form.value(down, pts, i, null)) / (2 * h);
                assertThat(analytic[k])
                        .as("%s d/d%s at point %d", form.name(), form.parameters().get(k).name(), i)
                        .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(numeric))));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("forms")
    void tokenDerivativeMatchesCentralDifferences(FittableForm form) {
        double[] p = typical(form, new SplittableRandom(11));
        for (double tokens : List.of(3e7, 4e8, 9e9)) {
            PrunedModel m = new PrunedModel(3.21e9, 2.4075e9, 0.25, 2.12);
            double h = tokens * 1e-6;
            double numeric = (form.value(p, Points.of(m, tokens + h), 0, null)
                    - form.value(p, Points.of(m, tokens - h), 0, null)) / (2 * h);
            double analytic = form.tokenDerivative(p, Points.of(m, tokens), 0);
            assertThat(analytic).isCloseTo(numeric, org.assertj.core.data.Percentage.withPercentage(1e-4));
            assertThat(analytic).isNegative();
        }
    }

    /** Constants of realistic size for the form, jittered so no derivative hides behind a round number. */
    private static double[] typical(FittableForm form, SplittableRandom random) {
        double[] p = switch (form.name()) {
            case "p2" -> new double[] {-1.0, 0.3, 0.2, 0.35, 0.3, 0.15, 0.5};
            case "p2-no-size" -> new double[] {-1.0, 0.2, 0.35, 0.3, 0.15, 0.5};
            case "p2-no-rate" -> new double[] {0.3, 0.2, 0.35, 0.3, 0.15, 0.5};
            case "chinchilla" -> new double[] {1.8172, 482.01, 2085.43, 0.3478, 0.3658};
            case "sparse" -> new double[] {50.0, 1.5, 20.0, 0.25, 5e6, 0.3, 1.7};
            default -> throw new IllegalArgumentException(form.name());
        };
        for (int k = 0; k < p.length; k++) {
            p[k] *= 1 + 0.05 * (random.nextDouble() - 0.5);
        }
        return p;
    }
}
