package io.p2law.decision;

/**
 * What a plan is asked for: a base model ({@code paramsBefore}, {@code lossBefore}), a target loss,
 * the rates to consider, the limits (deployed size, post-training tokens), the serving volume, and
 * how sure the plan must be ({@code confidence}: probability that a run reaches the target;
 * {@code level}: of the loss intervals shown). Cost in FLOPs is
 * {@code postTrainingFactor * paramsAfter * tokens + servingFactor * paramsAfter * inferenceTokens}.
 * {@code maxParamsAfter} is infinite when there is no size limit. The service validates the
 * fields one by one, naming them; this constructor only guards the optimiser's assumptions.
 */
public record PlanRequest(
        double paramsBefore,
        Double lossBefore,
        double targetLoss,
        double maxParamsAfter,
        double minRate,
        double maxRate,
        double maxTokens,
        double inferenceTokens,
        double confidence,
        double level,
        double postTrainingFactor,
        double servingFactor,
        int frontierPoints) {

    public static final double POST_TRAINING_FACTOR = 6;
    public static final double SERVING_FACTOR = 2;
    public static final int FRONTIER_POINTS = 11;

    public PlanRequest {
        require(paramsBefore > 0 && Double.isFinite(paramsBefore), "paramsBefore must be finite and > 0");
        require(targetLoss > 0 && Double.isFinite(targetLoss), "targetLoss must be finite and > 0");
        require(maxParamsAfter > 0, "maxParamsAfter must be > 0");
        require(minRate > 0 && maxRate < 1 && minRate <= maxRate, "need 0 < minRate <= maxRate < 1");
        require(maxTokens > 0 && Double.isFinite(maxTokens), "maxTokens must be finite and > 0");
        require(inferenceTokens >= 0 && Double.isFinite(inferenceTokens), "inferenceTokens must be finite and >= 0");
        require(confidence >= 0 && confidence <= 1, "confidence must lie in [0, 1]");
        require(level > 0 && level < 1, "level must lie in (0, 1)");
        require(postTrainingFactor > 0 && Double.isFinite(postTrainingFactor), "postTrainingFactor must be > 0");
        require(servingFactor >= 0 && Double.isFinite(servingFactor), "servingFactor must be >= 0");
        require(frontierPoints >= 2, "frontierPoints must be >= 2");
    }

    /** The same request with another serving volume. */
    public PlanRequest withInferenceTokens(double tokens) {
        return new PlanRequest(paramsBefore, lossBefore, targetLoss, maxParamsAfter, minRate, maxRate, maxTokens, tokens,
                confidence, level, postTrainingFactor, servingFactor, frontierPoints);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
