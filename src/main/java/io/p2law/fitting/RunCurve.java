package io.p2law.fitting;

/**
 * One run's post-training curve as the fitter sees it, in raw counts (parameters, tokens).
 * {@code lossBefore} is null when the run did not give it; forms that need it refuse the run.
 * {@code tokens} and {@code losses} are parallel arrays; points at 0 tokens are never fitted.
 */
public record RunCurve(
        String runId,
        double paramsBefore,
        double paramsAfter,
        double pruningRate,
        Double lossBefore,
        double[] tokens,
        double[] losses) {
}
