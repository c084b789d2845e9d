package io.p2law.fitting;

import java.util.List;

/**
 * One held-out split: {@code last-20-percent}, {@code largest-model} or {@code highest-rate}.
 * When the split cannot be made (one model size, one rate), {@code skippedReason} says why and the
 * metrics are NaN. {@code mape} is in percent; {@code asd} uses slopes per billion tokens.
 */
public record HeldOutResult(
        String split,
        String description,
        int trainPoints,
        int heldOutPoints,
        double r2,
        double rmse,
        double mape,
        double asd,
        double coverage,
        double level,
        double meanIntervalWidth,
        double medianIntervalWidth,
        List<String> warnings,
        String skippedReason) {
}
