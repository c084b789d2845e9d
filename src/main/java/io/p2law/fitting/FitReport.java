package io.p2law.fitting;

import java.util.List;

/**
 * Everything a fit found: the constants with their uncertainty, how well the law matches the
 * fitted points, how the search went, and warnings wherever the data cannot carry a claim; and on
 * which data its calibration was measured ({@code calibrationBasis}).
 */
public record FitReport(
        String form,
        List<ParameterEstimate> parameters,
        double objective,
        double r2,
        double rmse,
        double asd,
        int points,
        int runs,
        int starts,
        int startsAtBest,
        boolean converged,
        long durationMillis,
        List<String> warnings,
        FittedLaw law,
        CalibrationBasis calibrationBasis) {

    /** Whether the law describes its data; see {@link Adequacy}. */
    public Adequacy adequacy() {
        return law.adequacy();
    }
}
