package io.p2law.law;

import java.time.Instant;
import java.util.List;

import io.p2law.fitting.Adequacy;
import io.p2law.fitting.CalibrationBasis;
import io.p2law.fitting.FitOptions;
import io.p2law.fitting.ParameterEstimate;
import io.p2law.fitting.PredictiveCalibration;

/**
 * A fit as stored: enough to answer for it and to rebuild its law with {@code LawFitting.restore}.
 * {@code calibrationDataVersion} and {@code calibrationBasis}: the data version, points and runs its
 * calibration was measured on (its own, unless a warm refit took it over from an earlier fit); the
 * basis is null for fits stored before it was recorded.
 */
public record StoredFit(
        long id,
        String family,
        String form,
        FitOptions options,
        long dataVersion,
        Instant fittedAt,
        long durationMillis,
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
        List<String> warnings,
        double[][] bootstrapValues,
        ObservedRanges observedRanges,
        PredictiveCalibration calibration,
        Adequacy adequacy,
        long calibrationDataVersion,
        CalibrationBasis calibrationBasis) {

    /** Owns its bootstrap matrix: copied in and out. */
    public StoredFit {
        bootstrapValues = copy(bootstrapValues);
    }

    @Override
    public double[][] bootstrapValues() {
        return copy(bootstrapValues);
    }

    private static double[][] copy(double[][] rows) {
        double[][] copy = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            copy[r] = rows[r].clone();
        }
        return copy;
    }

    double[] values() {
        return parameters.stream().mapToDouble(ParameterEstimate::value).toArray();
    }
}
