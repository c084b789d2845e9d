package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The percentile interval reads its four ranks by selection; they must be the doubles a full sort
 * puts there, ties, signed zeros and left-out non-finite values included.
 */
class PercentileIntervalTests {

    /** The calibration's median (of a fit's residuals, among others) selects its rank; it must be the sort's. */
    @Test
    void theSelectedMedianIsTheSortedSamplesMedian() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 2000; trial++) {
            int n = trial < 40 ? trial + 1 : 1 + random.nextInt(3000);
            double[] sample = new double[n];
            for (int i = 0; i < n; i++) {
                sample[i] = switch (trial % 4) {
                    case 0 -> random.nextGaussian() * 0.01;
                    case 1 -> random.nextInt(3) * 0.5;
                    case 2 -> random.nextInt(3) == 0 ? -0.0 : random.nextInt(2) == 0 ? 0.0 : random.nextGaussian();
                    default -> random.nextInt(40) == 0 ? Double.NaN : Math.exp(random.nextGaussian());
                };
            }
            double[] sorted = sample.clone();
            Arrays.sort(sorted);
            int m = n / 2;
            double expected = n % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;

            double median = HeldOutCalibrator.median(sample);

            assertThat(Double.doubleToRawLongBits(median)).as("trial %d (n %d)", trial, n)
                    .isEqualTo(Double.doubleToRawLongBits(expected));
        }
    }

    @Test
    void selectedPercentilesAreThoseOfTheSortedSample() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 3000; trial++) {
            int n = trial < 60 ? trial + 1 : random.nextInt(2) == 0 ? 200 : 1 + random.nextInt(2500);
            double[] sample = new double[n];
            for (int i = 0; i < n; i++) {
                sample[i] = switch (trial % 4) {
                    case 0 -> 2 + random.nextGaussian() * 0.01;
                    // few distinct values: many ties around the percentiles
                    case 1 -> random.nextInt(4) * 0.5;
                    // signed zeros and a few non-finite replicates that are left out
                    case 2 -> random.nextInt(10) == 0 ? Double.NaN : random.nextInt(3) == 0 ? -0.0
                            : random.nextInt(2) == 0 ? 0.0 : random.nextGaussian();
                    default -> random.nextInt(50) == 0 ? Double.POSITIVE_INFINITY : Math.exp(random.nextGaussian());
                };
            }
            double[] copy = sample.clone();

            Interval interval = Bootstrap.percentileInterval(sample);

            assertThat(sample).as("the sample is left as it was").isEqualTo(copy);
            Interval expected = sortedReference(sample);
            assertThat(Double.doubleToRawLongBits(interval.lower())).as("trial %d (n %d), lower", trial, n)
                    .isEqualTo(Double.doubleToRawLongBits(expected.lower()));
            assertThat(Double.doubleToRawLongBits(interval.upper())).as("trial %d (n %d), upper", trial, n)
                    .isEqualTo(Double.doubleToRawLongBits(expected.upper()));
        }
    }

    @Test
    void aSampleWithoutFiniteValuesHasNoInterval() {
        Interval interval = Bootstrap.percentileInterval(new double[] {Double.NaN, Double.NEGATIVE_INFINITY});

        assertThat(interval.lower()).isNaN();
        assertThat(interval.upper()).isNaN();
    }

    @Test
    void selectionPutsTheRankInPlaceWithNothingOutOfOrderAroundIt() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + random.nextInt(300);
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = random.nextInt(trial % 2 == 0 ? 5 : 1_000_000);
            }
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            int k = random.nextInt(n);

            Bootstrap.select(a, 0, n, k);

            assertThat(a[k]).isEqualTo(sorted[k]);
            for (int i = 0; i < k; i++) {
                assertThat(a[i]).isLessThanOrEqualTo(a[k]);
            }
            for (int i = k + 1; i < n; i++) {
                assertThat(a[i]).isGreaterThanOrEqualTo(a[k]);
            }
        }
    }

    /** The interval as it was computed before: every finite value sorted, linear interpolation between ranks. */
    private static Interval sortedReference(double[] sample) {
        double[] finite = Arrays.stream(sample).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            return new Interval(Double.NaN, Double.NaN);
        }
        return new Interval(percentile(finite, 0.025), percentile(finite, 0.975));
    }

    private static double percentile(double[] sorted, double q) {
        int n = sorted.length;
        double position = q * (n - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(n - 1, low + 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
