package io.p2law.decision;

import java.util.List;

/**
 * Where a run in flight will end. {@code offset} is the run's shrunk log offset from the law (the
 * forecast is the law times {@code exp(offset)}), {@code observedOffset} the mean log residual of
 * its checkpoints, {@code trust} the weight the checkpoints got (0 with none, towards 1 as they
 * accumulate). {@code targetTokens} and {@code diminishingReturnsTokens} are NaN when not asked
 * or not reached.
 */
public record Forecast(
        String runId,
        int checkpoints,
        double currentTokens,
        double observedOffset,
        double offset,
        double trust,
        double level,
        List<ForecastPoint> predictions,
        double targetLoss,
        boolean targetReachable,
        double targetTokens,
        double slopeThreshold,
        double diminishingReturnsTokens,
        Advice advice,
        String reason,
        List<String> warnings) {

    public Forecast {
        predictions = List.copyOf(predictions);
        warnings = List.copyOf(warnings);
    }
}
