package io.p2law.fitting;

/** The loss a law predicts after {@code tokens} tokens, with its 95 % bootstrap percentile interval. */
public record PredictedLoss(double tokens, double loss, Interval interval) {
}
