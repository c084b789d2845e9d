package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A warm refit after a small change takes the previous calibration over instead of running the
 * held-out refits again, says so, and calibrates afresh once the changes add up to a large one.
 */
class CalibrationReuseTests {

    private static final FitOptions OPTIONS = new FitOptions(1e-3, 8, 0, 40, 42L);

    private final LawFitting fitting = TestData.FITTING;
    private final List<RunCurve> before = FittingBenchmark.generated(3000, 31, "llama3-depth", 0.004);
    private final FitReport previous = fitting.fit("p2", before, OPTIONS);

    @Test
    void aColdFitMeasuresItsOwnCalibration() {
        assertThat(previous.calibrationBasis())
                .isEqualTo(CalibrationBasis.own(previous.points(), previous.runs()));
        assertThat(previous.law().calibration().refits()).isGreaterThan(0);
    }

    @Test
    void aRefitAfterOneAppendedCheckpointTakesTheCalibrationOverWithTheNewScatterAndRanges() {
        List<RunCurve> after = WarmRefitBenchmark.appendOne(before);
        FitReport warm = fitting.fit("p2", after, OPTIONS, WarmStart.of(previous), FitListener.NONE);

        assertThat(warm.calibrationBasis()).isEqualTo(new CalibrationBasis(previous.points(), previous.runs(), true));
        PredictiveCalibration was = previous.law().calibration();
        PredictiveCalibration now = warm.law().calibration();
        assertThat(now.scores()).isEqualTo(was.scores());
        assertThat(now.refits()).isEqualTo(was.refits());
        assertThat(now.heldOutMape()).isEqualTo(was.heldOutMape());
        assertThat(now.runError()).isEqualTo(was.runError());
        assertThat(now.tokenGrowth()).isEqualTo(was.tokenGrowth());
        assertThat(warm.adequacy()).isEqualTo(previous.adequacy());
        // the appended checkpoint lies beyond the run's last: the token range it is measured from grows
        assertThat(now.lnTokensMax()).isGreaterThan(was.lnTokensMax());
        // and the calibration gives what a fresh one would, within what one checkpoint in 3,000 moves
        FitReport cold = fitting.fit("p2", after, OPTIONS);
        assertThat(cold.calibrationBasis().reused()).isFalse();
        assertThat(now.scatter()).isCloseTo(cold.law().calibration().scatter(),
                org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void changesThatAddUpToMoreThanOnePercentSinceTheCalibrationCalibrateAfresh() {
        List<RunCurve> data = before;
        FitReport last = previous;
        int appended = 0;
        // one checkpoint at a time, each refit warm from the one before: every step is small
        while (appended <= WarmStart.SMALL_CHANGE * previous.points()) {
            data = WarmRefitBenchmark.appendOne(data);
            appended++;
            if (appended % 10 != 0 && appended <= WarmStart.SMALL_CHANGE * previous.points()) {
                continue;
            }
            last = fitting.fit("p2", data, OPTIONS, WarmStart.of(last), FitListener.NONE);
            boolean small = appended <= WarmStart.SMALL_CHANGE * previous.points();
            assertThat(last.calibrationBasis().reused()).as("after %d appended", appended).isEqualTo(small);
        }
        assertThat(last.calibrationBasis()).isEqualTo(CalibrationBasis.own(last.points(), last.runs()));
        FitReport next = fitting.fit("p2", WarmRefitBenchmark.appendOne(data), OPTIONS, WarmStart.of(last),
                FitListener.NONE);
        assertThat(next.calibrationBasis()).isEqualTo(new CalibrationBasis(last.points(), last.runs(), true));
    }

    @Test
    void aRunMoreOrAWarmStartWithoutCalibrationCalibratesAfresh() {
        List<RunCurve> fewer = before.subList(0, before.size() - 1);
        FitReport withoutOne = fitting.fit("p2", fewer, OPTIONS);
        FitReport warm = fitting.fit("p2", before, OPTIONS, WarmStart.of(withoutOne), FitListener.NONE);
        assertThat(warm.calibrationBasis().reused()).isFalse();

        WarmStart bare = new WarmStart(previous.law().values(), previous.law().bootstrapValues(), previous.points(),
                previous.runs());
        FitReport uncalibrated = fitting.fit("p2", WarmRefitBenchmark.appendOne(before), OPTIONS, bare,
                FitListener.NONE);
        assertThat(uncalibrated.calibrationBasis().reused()).isFalse();
        assertThat(uncalibrated.starts()).isEqualTo(1);
    }
}
