package io.p2law.decision;

/** The forecast loss of the run after {@code tokens} tokens, and where its measurement falls at the level. */
public record ForecastPoint(double tokens, double loss, double lower, double upper) {
}
