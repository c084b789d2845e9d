package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FittedLaw#predictions} must give the very doubles the one-token-count path gave before it
 * existed, which the reference below recomputes the old way: one point and one form evaluation per
 * replicate and token count, percentiles over a stream.
 */
class BatchPredictionTests {

    private static final LawFitting fitting = TestData.FITTING;
    private static final PrunedModel MODEL = new PrunedModel(3.21e9, 2.4075e9, 0.25, 2.12);
    /** Inside and far outside the depth family's tokens, unsorted, one repeated. */
    private static final double[] TOKENS = {1e8, 2.5e8, 5e8, 1e9, 2e9, 1e7, 7e10, 1, 3.3e8, 1e8};

    static Stream<String> forms() {
        return Stream.of("p2", "p2-no-size", "p2-no-rate", "chinchilla", "sparse");
    }

    @ParameterizedTest
    @MethodSource("forms")
    void eachTokenCountGetsExactlyItsOwnPredictionAndInterval(String form) {
        FittedLaw law = withReplicates(form, 200, 0);

        List<PredictedLoss> predictions = law.predictions(MODEL, TOKENS);

        assertThat(predictions).hasSize(TOKENS.length);
        for (int i = 0; i < TOKENS.length; i++) {
            double tokens = TOKENS[i];
            PredictedLoss prediction = predictions.get(i);
            assertThat(prediction.tokens()).isEqualTo(tokens);
            assertThat(prediction.loss()).as("%s at %s", form, tokens).isEqualTo(law.predict(MODEL, tokens));
            assertThat(prediction.interval()).as("%s at %s", form, tokens)
                    .isEqualTo(reference(law, tokens))
                    .isEqualTo(law.interval(MODEL, tokens));
            assertThat(prediction.interval().lower()).isLessThan(prediction.interval().upper());
        }
    }

    @ParameterizedTest
    @MethodSource("forms")
    void replicatesWithoutAFinitePredictionAreLeftOutAsBefore(String form) {
        FittedLaw law = withReplicates(form, 37, 5);

        List<PredictedLoss> predictions = law.predictions(MODEL, TOKENS);

        for (int i = 0; i < TOKENS.length; i++) {
            assertThat(predictions.get(i).interval()).as("%s at %s", form, TOKENS[i])
                    .isEqualTo(reference(law, TOKENS[i]));
        }
    }

    @Test
    void noFiniteReplicateGivesAnIntervalOfNaNs() {
        FittedLaw law = withReplicates("p2", 0, 3);

        assertThat(law.predictions(MODEL, 1e9)).singleElement().satisfies(p -> {
            assertThat(p.loss()).isFinite();
            assertThat(p.interval()).isEqualTo(new Interval(Double.NaN, Double.NaN)).isEqualTo(reference(law, 1e9));
        });
    }

    @ParameterizedTest
    @MethodSource("forms")
    void withoutBootstrapEachIntervalIsThePrediction(String form) {
        FittedLaw law = fitting.restore(form, constants(form, new SplittableRandom(1)), null);

        List<PredictedLoss> predictions = law.predictions(MODEL, TOKENS);

        for (int i = 0; i < TOKENS.length; i++) {
            double loss = law.predict(MODEL, TOKENS[i]);
            assertThat(predictions.get(i)).isEqualTo(new PredictedLoss(TOKENS[i], loss, new Interval(loss, loss)));
            assertThat(law.interval(MODEL, TOKENS[i])).isEqualTo(new Interval(loss, loss));
        }
    }

    @Test
    void noTokenCountsNoPredictions() {
        assertThat(withReplicates("p2", 10, 0).predictions(MODEL)).isEmpty();
    }

    @Test
    void argumentsAreRefusedAsForOneTokenCount() {
        FittedLaw law = withReplicates("p2", 10, 0);
        PrunedModel noLossBefore = new PrunedModel(3.21e9, 2.4075e9, 0.25, null);
        assertThatThrownBy(() -> law.predictions(noLossBefore, 1e9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(messageOf(() -> law.interval(noLossBefore, 1e9)))
                .hasMessage("p2 needs lossBefore, the loss before pruning (> 0)");
        for (double bad : new double[] {0, -1e9, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> law.predictions(MODEL, 1e9, bad, 2e9))
                    .as("tokens %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(messageOf(() -> law.interval(MODEL, bad)))
                    .hasMessage("tokens must be finite and > 0 (the law excludes D = 0), got " + bad);
        }
        // the model is checked before the tokens, as before
        assertThatThrownBy(() -> law.predictions(noLossBefore, 0))
                .hasMessage(messageOf(() -> law.interval(noLossBefore, 0)));
    }

    private static String messageOf(Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("no IllegalArgumentException");
    }

    /**
     * A restored law with {@code finite} replicates jittered around typical constants and
     * {@code broken} replicates whose predictions are NaN or infinite, interleaved.
     */
    private static FittedLaw withReplicates(String form, int finite, int broken) {
        SplittableRandom random = new SplittableRandom(form.hashCode());
        double[] values = constants(form, random);
        double[][] replicates = new double[finite + broken][];
        int placed = 0;
        for (int b = 0; b < replicates.length; b++) {
            boolean finiteLeft = b - placed < finite;
            if (placed < broken && (b % 7 == 3 || !finiteLeft)) {
                replicates[b] = new double[values.length];
                Arrays.fill(replicates[b], placed % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY);
                placed++;
            } else {
                replicates[b] = jittered(values, random, 0.1);
            }
        }
        return fitting.restore(form, values, replicates);
    }

    /** Constants of realistic size for the form. */
    private static double[] constants(String form, SplittableRandom random) {
        double[] p = switch (form) {
            case "p2" -> new double[] {-1.0, 0.3, 0.2, 0.35, 0.3, 0.15, 0.5};
            case "p2-no-size" -> new double[] {-1.0, 0.2, 0.35, 0.3, 0.15, 0.5};
            case "p2-no-rate" -> new double[] {0.3, 0.2, 0.35, 0.3, 0.15, 0.5};
            case "chinchilla" -> new double[] {1.8172, 482.01, 2085.43, 0.3478, 0.3658};
            case "sparse" -> new double[] {50.0, 1.5, 20.0, 0.25, 5e6, 0.3, 1.7};
            default -> throw new IllegalArgumentException(form);
        };
        return jittered(p, random, 0.05);
    }

    private static double[] jittered(double[] p, SplittableRandom random, double spread) {
        double[] q = p.clone();
        for (int k = 0; k < q.length; k++) {
            q[k] *= 1 + spread * (random.nextDouble() - 0.5);
        }
        return q;
    }

    /** The interval as computed before the batch path: kept verbatim so that any drift shows. */
    private static Interval reference(FittedLaw law, double tokens) {
        FittableForm form = (FittableForm) law.form();
        Points point = Points.of(MODEL, tokens);
        double[][] replicates = law.bootstrapValues();
        double[] finite = Arrays.stream(replicates).mapToDouble(p -> form.value(p, point, 0, null))
                .filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            return new Interval(Double.NaN, Double.NaN);
        }
        return new Interval(referencePercentile(finite, 0.025), referencePercentile(finite, 0.975));
    }

    private static double referencePercentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(sorted.length - 1, low + 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
