package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WarmRefitTests {

    private static final FitOptions OPTIONS = new FitOptions(1e-3, 8, 0, 40, 42L);

    private final LawFitting fitting = TestData.FITTING;

    /** Families nobody tuned on: both true laws, sizes around the search subset, light to heavy noise. */
    @ParameterizedTest
    @CsvSource({"llama3-depth, 3000, 0.002, 11", "llama3-2of4, 6000, 0.01, 12", "llama3-depth, 25000, 0.02, 13",
            "llama3-2of4, 40000, 0.004, 14"})
    void aRefitAfterAFewAppendedCheckpointsStartsFromThePreviousOptimumAndIsNoWorseThanACold(String family,
            int points, double sigma, long seed) {
        List<RunCurve> before = FittingBenchmark.generated(points, seed, family, sigma);
        FitReport previous = fitting.fit("p2", before, OPTIONS);
        List<RunCurve> after = WarmRefitBenchmark.appendOne(WarmRefitBenchmark.appendOne(before));

        FitReport cold = fitting.fit("p2", after, OPTIONS);
        FitReport warm = fitting.fit("p2", after, OPTIONS, WarmStart.of(previous), FitListener.NONE);

        assertThat(warm.points()).isEqualTo(cold.points()).isEqualTo(previous.points() + 2);
        assertThat(warm.starts()).isEqualTo(1);
        assertThat(cold.starts()).isEqualTo(8);
        assertThat(warm.objective()).isLessThanOrEqualTo(cold.objective() * (1 + 1e-9));
        assertThat(warm.converged()).isTrue();
        for (int k = 0; k < warm.parameters().size(); k++) {
            double c = cold.parameters().get(k).value();
            double w = warm.parameters().get(k).value();
            assertThat(w).as(warm.parameters().get(k).name()).isCloseTo(c, org.assertj.core.data.Offset.offset(
                    1e-3 * Math.max(1, Math.abs(c))));
        }
        assertThat(warm.law().bootstrapValues()).hasNumberOfRows(OPTIONS.bootstrapSamples());
    }

    /**
     * A warm replicate starts from its previous value and may stop after one pass when that value is
     * still its optimum to the refit's tolerance; it must still land where a cold replicate of the same
     * draw lands (the same seed draws the same runs), and the replicates whose runs changed must move.
     */
    @ParameterizedTest
    @CsvSource({"llama3-2of4, 5000, 0.006, 17", "llama3-depth, 9000, 0.003, 18", "llama3-depth, 60000, 0.01, 19"})
    void warmReplicatesLandWhereColdReplicatesOfTheSameDrawLand(String family, int points, double sigma, long seed) {
        List<RunCurve> before = FittingBenchmark.generated(points, seed, family, sigma);
        FitReport previous = fitting.fit("p2", before, OPTIONS);
        List<RunCurve> after = before;
        // checkpoints appended to the first run, some of them in the bootstrap's strided subset at any size
        for (int k = 0; k < 12; k++) {
            after = WarmRefitBenchmark.appendOne(after);
        }

        FitReport cold = fitting.fit("p2", after, OPTIONS);
        FitReport warm = fitting.fit("p2", after, OPTIONS, WarmStart.of(previous), FitListener.NONE);

        double[][] was = previous.law().bootstrapValues();
        double[][] coldValues = cold.law().bootstrapValues();
        double[][] warmValues = warm.law().bootstrapValues();
        assertThat(warmValues).hasNumberOfRows(OPTIONS.bootstrapSamples());
        int moved = 0;
        for (int b = 0; b < warmValues.length; b++) {
            moved += java.util.Arrays.equals(warmValues[b], was[b]) ? 0 : 1;
        }
        // a draw misses the first run with probability (1 - 1/runs)^runs, about 37 %: most draws changed
        assertThat(moved).as("replicates that moved").isGreaterThan(OPTIONS.bootstrapSamples() / 3);
        for (int k = 0; k < warm.parameters().size(); k++) {
            ParameterEstimate c = cold.parameters().get(k);
            ParameterEstimate w = warm.parameters().get(k);
            double width = c.upper() - c.lower();
            int far = 0;
            for (int b = 0; b < warmValues.length; b++) {
                far += Math.abs(warmValues[b][k] - coldValues[b][k]) > 0.01 * width ? 1 : 0;
            }
            assertThat(far).as(c.name() + ": replicates away from the cold one of the same draw").isLessThanOrEqualTo(
                    warmValues.length / 20);
            assertThat(w.lower()).as(c.name()).isCloseTo(c.lower(), org.assertj.core.data.Offset.offset(0.05 * width));
            assertThat(w.upper()).as(c.name()).isCloseTo(c.upper(), org.assertj.core.data.Offset.offset(0.05 * width));
        }
    }

    @Test
    void aLargerChangeRacesTheUsualStartsBesideThePreviousOptimum() {
        List<RunCurve> all = FittingBenchmark.generated(4000, 21, "llama3-depth", 0.005);
        List<RunCurve> fewer = new ArrayList<>(all.subList(0, all.size() - 3));
        FitReport previous = fitting.fit("p2", fewer, OPTIONS);

        FitReport cold = fitting.fit("p2", all, OPTIONS);
        FitReport warm = fitting.fit("p2", all, OPTIONS, WarmStart.of(previous), FitListener.NONE);

        assertThat(warm.starts()).isEqualTo(OPTIONS.starts() + 1);
        assertThat(warm.objective()).isLessThanOrEqualTo(cold.objective() * (1 + 1e-12));
    }

    @Test
    void aWarmStartOfAnotherFormIsRefused() {
        List<RunCurve> runs = TestData.synthetic(TestData.DEPTH);
        FitReport chinchilla = fitting.fit("chinchilla", runs, new FitOptions(1e-3, 2, 0, 0, 1L));
        assertThatThrownBy(() -> fitting.fit("p2", runs, OPTIONS, WarmStart.of(chinchilla), FitListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warm start");
    }

    @Test
    void theListenerHearsEveryStartAndReplicateFinish() {
        List<RunCurve> runs = TestData.synthetic(TestData.DEPTH);
        AtomicInteger starts = new AtomicInteger();
        AtomicInteger startsOf = new AtomicInteger();
        AtomicInteger replicates = new AtomicInteger();
        AtomicInteger replicatesOf = new AtomicInteger();
        FitReport report = fitting.fit("p2", runs, OPTIONS, null, new FitListener() {
            @Override
            public void startsFinished(int finished, int of) {
                starts.accumulateAndGet(finished, Math::max);
                startsOf.set(of);
            }

            @Override
            public void bootstrapFinished(int finished, int of) {
                replicates.accumulateAndGet(finished, Math::max);
                replicatesOf.set(of);
            }
        });
        assertThat(starts.get()).isEqualTo(startsOf.get()).isEqualTo(report.starts());
        assertThat(replicates.get()).isEqualTo(replicatesOf.get()).isEqualTo(OPTIONS.bootstrapSamples());
    }

    @ParameterizedTest
    @CsvSource({"0", "3", "8"})
    void aCancelledFitEndsWithFitCancelledException(int afterStarts) {
        List<RunCurve> runs = TestData.synthetic(TestData.DEPTH);
        AtomicInteger finished = new AtomicInteger();
        assertThatThrownBy(() -> fitting.fit("p2", runs, OPTIONS, null, new FitListener() {
            @Override
            public void startsFinished(int count, int of) {
                finished.accumulateAndGet(count, Math::max);
            }

            @Override
            public boolean cancelled() {
                return finished.get() >= afterStarts;
            }
        })).isInstanceOf(FitCancelledException.class);
    }

    @Test
    void aCheckpointAppendedToOneRunLeavesTheOtherRunsSubsampleUnchanged() {
        List<RunCurve> before = FittingBenchmark.generated(50_000, 3);
        List<RunCurve> after = WarmRefitBenchmark.appendOne(before);
        Points a = Points.of(before, 0).subsample(LawFitter.SEARCH_POINTS);
        Points b = Points.of(after, 0).subsample(LawFitter.SEARCH_POINTS);
        assertThat(a.size).isLessThanOrEqualTo(LawFitter.SEARCH_POINTS);
        int offsetA = firstOfRun(a, 1);
        int offsetB = firstOfRun(b, 1);
        assertThat(b.size - offsetB).isEqualTo(a.size - offsetA);
        for (int i = 0; i < a.size - offsetA; i++) {
            assertThat(b.tokens[offsetB + i]).isEqualTo(a.tokens[offsetA + i]);
            assertThat(b.loss[offsetB + i]).isEqualTo(a.loss[offsetA + i]);
        }
    }

    private static int firstOfRun(Points p, int run) {
        for (int i = 0; i < p.size; i++) {
            if (p.run[i] == run) {
                return i;
            }
        }
        throw new AssertionError("no point of run " + run);
    }
}
