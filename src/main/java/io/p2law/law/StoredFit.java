package io.p2law.law;

import java.time.Instant;
import java.util.List;

import io.p2law.fitting.Adequacy;
import io.p2law.fitting.FitOptions;
import io.p2law.fitting.ParameterEstimate;
import io.p2law.fitting.PredictiveCalibration;

/** A fit as stored: enough to answer for it and to rebuild its law with {@code LawFitting.restore}. */
record StoredFit(
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
        Adequacy adequacy) {

    double[] values() {
        return parameters.stream().mapToDouble(ParameterEstimate::value).toArray();
    }
}
