package io.p2law.decision;

/**
 * One rate of the frontier: the fewest tokens that meet the target at the confidence and what that
 * costs. {@code reachable} is false (tokens and costs NaN) when no token count meets it;
 * {@code withinLimits} is false when the plan needs more than {@code maxTokens} or is larger than
 * {@code maxParamsAfter}.
 */
public record FrontierPoint(
        double rate,
        double paramsAfter,
        boolean reachable,
        double tokens,
        double postTrainingFlops,
        double servingFlops,
        double totalFlops,
        boolean withinLimits) {
}
