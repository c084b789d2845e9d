package io.p2law.fitting;

/**
 * The model a prediction or budget is asked for, in raw counts. {@code paramsAfter} and
 * {@code pruningRate} are both given (the caller derives one from the other); {@code lossBefore}
 * may be null where the form does not need it.
 */
public record PlannedModel(double paramsBefore, double paramsAfter, double pruningRate, Double lossBefore) {
}
