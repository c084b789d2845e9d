package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class PointsTests {

    /** Distinct values as {@link Double#equals} counts them: NaN is one value, -0.0 and 0.0 are two. */
    @Test
    void distinctCountsWhatASetOfDoublesHolds() {
        SplittableRandom random = new SplittableRandom(23);
        double[] values = {1.5, -0.0, 0.0, Double.NaN, 2.25, 1e9, Double.POSITIVE_INFINITY};
        for (int trial = 0; trial < 2000; trial++) {
            int n = trial < 20 ? trial : 1 + random.nextInt(500);
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                // runs of repeats (as a run's points share its size) mixed with values that come back later
                column[i] = i > 0 && random.nextInt(3) > 0 ? column[i - 1]
                        : trial % 2 == 0 ? values[random.nextInt(values.length)] : random.nextInt(40);
            }
            Set<Double> set = new HashSet<>();
            for (double v : column) {
                set.add(v);
            }

            assertThat(Points.distinct(column)).as("trial %d", trial).isEqualTo(set.size());
        }
    }
}
