package io.p2law.law;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.RunCurve;

class ObservedRangesTests {

    private static final List<RunCurve> RUNS = List.of(
            new RunCurve("small", new PrunedModel(1.24e9, 0.93e9, 0.25, 2.35), new double[] {0, 2e7, 1e9}, new double[] {3, 2.6, 2.5}),
            new RunCurve("large", new PrunedModel(8.03e9, 5.22e9, 0.35, 1.95), new double[] {0, 4e7, 5e8}, new double[] {3, 2.3, 2.2}),
            new RunCurve("no-loss-before", new PrunedModel(70e9, 35e9, 0.5, null), new double[] {1e6, 9e10}, new double[] {2, 1.9}));

    private final ObservedRanges ranges = ObservedRanges.of(TestForm.P2_LIKE, RUNS, 0);

    @Test
    void coversTheFittedPointsOfTheRunsTheFormAccepts() {
        assertThat(ranges.paramsBefore()).isEqualTo(new ObservedRanges.Range(1.24e9, 8.03e9));
        assertThat(ranges.pruningRate()).isEqualTo(new ObservedRanges.Range(0.25, 0.35));
        assertThat(ranges.tokens()).isEqualTo(new ObservedRanges.Range(2e7, 1e9));
    }

    @Test
    void minTokensNarrowsTheTokenRange() {
        assertThat(ObservedRanges.of(TestForm.P2_LIKE, RUNS, 3e7).tokens())
                .isEqualTo(new ObservedRanges.Range(4e7, 1e9));
    }

    @Test
    void saysNothingInsideTheData() {
        assertThat(ranges.extrapolations(new PrunedModel(3.21e9, 2.4e9, 0.25, 2.12), 1e8, 9e8)).isEmpty();
    }

    @Test
    void warnsForEachDimensionOutsideTheDataGivingTheRange() {
        List<String> warnings = ranges.extrapolations(new PrunedModel(70e9, 35e9, 0.5, 1.8), 1e8, 4e9);

        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).startsWith("paramsBefore 7.000e+10").contains("1.240e+09 to 8.030e+09");
        assertThat(warnings.get(1)).startsWith("pruningRate 0.5000").contains("0.2500 to 0.3500");
        assertThat(warnings.get(2)).startsWith("tokens 4.000e+09:").contains("2.000e+07 to 1.000e+09");
    }

    @Test
    void namesOnlyTheTokenCountsOutsideTheData() {
        PrunedModel inside = new PrunedModel(3.21e9, 2.4e9, 0.25, 2.12);

        assertThat(ranges.extrapolations(inside, 1e7, 1e8, 2e9))
                .singleElement().asString().startsWith("tokens 1.000e+07, 2.000e+09:");
        assertThat(ranges.extrapolations(inside, 1e6, 1e7, 1e8, 2e9, 4e9, 8e9))
                .singleElement().asString().startsWith("tokens 5 of the 6 token counts:");
    }
}
