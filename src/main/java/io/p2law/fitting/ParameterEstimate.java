package io.p2law.fitting;

/**
 * A fitted constant: its value, the standard error from the Jacobian at the optimum (NaN when the
 * data cannot determine it) and the bootstrap percentile interval (NaN without bootstrap).
 */
public record ParameterEstimate(String name, double value, double stdError, double lower, double upper) {
}
