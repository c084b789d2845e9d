package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs that level off early, each at its own point, against runs the law describes. */
class PlateauCheckTests {

    private static final FitOptions OPTIONS = new FitOptions(1e-3, 8, 0, 0, 42L);
    private static final LawFitting fitting = TestData.FITTING;

    private static PlateauCheck.Result measure(List<RunCurve> runs) {
        return measure(runs, 0);
    }

    private static PlateauCheck.Result measure(List<RunCurve> runs, double threshold) {
        FitReport fit = fitting.fit("p2", runs, OPTIONS);
        FittableForm form = P2Form.full();
        Points pts = Points.of(runs, 0);
        double[] values = fit.law().values();
        double noise = AdequacyCheck.localNoise(form, pts, values, 0);
        return PlateauCheck.measure(form, pts, values, noise, threshold);
    }

    /**
     * Pairs of generated families (seeds outside the calibration benchmark's sets) with the same constants,
     * noise, drift and spikes, one whose runs follow the law and one whose runs stop improving, each at its
     * own point, where the law still has 8 to 20 noise levels of decline ahead (see {@link GeneratedFamily}).
     * Seed 44 drifts at 0.0030 a step, the top of the generator's range.
     */
    @ParameterizedTest
    @ValueSource(longs = {43, 44})
    void plateausExplainRunsThatLevelOffFarBetterThanTheOppositeBendAndDriftDoesNot(long seed) {
        PlateauCheck.Result levelling = measure(GeneratedFamily.generate(seed, GeneratedFamily.Kind.FLATTENING).runs());
        PlateauCheck.Result following = measure(GeneratedFamily.generate(seed, GeneratedFamily.Kind.WELL_SPECIFIED).runs());
        assertThat(levelling.margin()).isGreaterThan(2 * AdequacyCheck.PLATEAU_MARGIN);
        assertThat(levelling.gain()).isGreaterThan(AdequacyCheck.PLATEAU_GAIN_PER_RUN * levelling.runs());
        assertThat(following.runs()).isEqualTo(levelling.runs());
        assertThat(following.margin()).isLessThan(AdequacyCheck.PLATEAU_MARGIN);
    }

    @Test
    void onTheSharedDepthFamilyNeitherBendExplainsMuchMore() {
        PlateauCheck.Result result = measure(TestData.synthetic(TestData.DEPTH));
        assertThat(result.runs()).isEqualTo(TestData.synthetic(TestData.DEPTH).size());
        assertThat(Math.abs(result.margin())).isLessThan(AdequacyCheck.PLATEAU_MARGIN / 2);
    }

    @Test
    void theOppositeBendIsNotFittedWhenThePlateausExplainNoMoreThanTheThreshold() {
        List<RunCurve> runs = GeneratedFamily.generate(44, GeneratedFamily.Kind.WELL_SPECIFIED).runs();
        PlateauCheck.Result full = measure(runs);
        PlateauCheck.Result cut = measure(runs, full.flattening());
        assertThat(full.steepening()).isNotNaN();
        assertThat(cut.flattening()).isEqualTo(full.flattening());
        assertThat(cut.steepening()).isNaN();
        assertThat(cut.margin() > AdequacyCheck.PLATEAU_MARGIN).isFalse();
    }

    @Test
    void aLawFittedToRunsThatLevelOffIsQuestionableAndSaysWhy() {
        FitReport levelling = fitting.fit("p2", GeneratedFamily.generate(44, GeneratedFamily.Kind.FLATTENING).runs(),
                new FitOptions(1e-3, 8, 0, 100, 42L));
        assertThat(levelling.adequacy().verdict()).isNotEqualTo(Adequacy.Verdict.GOOD);
        assertThat(levelling.adequacy().reasons()).anyMatch(reason -> reason.contains("level off earlier"));
        FitReport following = fitting.fit("p2", GeneratedFamily.generate(44, GeneratedFamily.Kind.WELL_SPECIFIED).runs(),
                new FitOptions(1e-3, 8, 0, 100, 42L));
        assertThat(following.adequacy().reasons()).noneMatch(reason -> reason.contains("level off earlier"));
    }

    @Test
    void oneRunWithEnoughCheckpointsIsNothingToCompare() {
        List<RunCurve> runs = TestData.synthetic(TestData.DEPTH);
        RunCurve first = runs.get(0);
        RunCurve second = runs.get(1);
        List<RunCurve> oneLong = List.of(first, new RunCurve(second.runId(), second.model(),
                java.util.Arrays.copyOf(second.tokens(), 5), java.util.Arrays.copyOf(second.losses(), 5)));
        FittableForm form = P2Form.full();
        Points pts = Points.of(oneLong, 0);
        double[] values = fitting.fit("p2", runs, OPTIONS).law().values();
        assertThat(PlateauCheck.measure(form, pts, values, 0.005, 0)).isNull();
    }
}
