package io.p2law.decision;

/**
 * One pruning plan: prune {@code rate} of the base model to {@code paramsAfter} parameters and
 * post-train it on {@code tokens} tokens. {@code loss} is the law's prediction, {@code lower}/
 * {@code upper} the interval at the request's level, {@code probability} the chance that a run
 * measures at most the target; costs in FLOPs.
 */
public record Plan(
        double rate,
        double paramsAfter,
        double tokens,
        double loss,
        double lower,
        double upper,
        double probability,
        double postTrainingFlops,
        double servingFlops,
        double totalFlops) {
}
