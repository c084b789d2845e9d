package io.p2law.fitting;

/**
 * A token budget. When {@code reachable} is false, {@code tokens} is NaN, {@code loss} and
 * {@code lossInterval} describe the asymptote, and {@code reason} says why.
 */
public record BudgetAnswer(
        boolean reachable,
        double tokens,
        double loss,
        Interval lossInterval,
        double asymptote,
        String reason) {
}
