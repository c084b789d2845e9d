package io.p2law.decision;

import io.p2law.fitting.PrunedModel;

/**
 * The least cost over a fine grid of rates (1,001, or as many as asked) and token counts (4,000, log-spaced from 1e5 to
 * maxTokens): for each rate the smallest grid count at which the target is met at the confidence.
 * The loss falls with tokens, so that count is found by bisection over the grid's indices; it is the
 * same count a scan of the grid would find.
 */
final class BruteForcePlan {

    /** Rates on the grid: the benchmark's; tests pass fewer, each probability costing a bootstrap pass. */
    static final int RATES = 1001;
    private static final int TOKENS = 4000;
    private static final double FEWEST = 1e5;

    private BruteForcePlan() {
    }

    static double cost(LossUncertainty uncertainty, PlanRequest request) {
        return cost(uncertainty, request, RATES);
    }

    static double cost(LossUncertainty uncertainty, PlanRequest request, int rateCount) {
        double lowest = Math.max(request.minRate(), 1 - request.maxParamsAfter() / request.paramsBefore());
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < rateCount; i++) {
            double rate = lowest + (request.maxRate() - lowest) * i / (rateCount - 1);
            PrunedModel model = PruningPlanner.model(request, rate);
            if (!met(uncertainty, request, model, token(request, TOKENS - 1))) {
                continue;
            }
            int low = -1;
            int high = TOKENS - 1;
            while (high - low > 1) {
                int mid = (low + high) >>> 1;
                if (met(uncertainty, request, model, token(request, mid))) {
                    high = mid;
                } else {
                    low = mid;
                }
            }
            double tokens = token(request, high);
            best = Math.min(best, model.paramsAfter() * (request.postTrainingFactor() * tokens
                    + request.servingFactor() * request.inferenceTokens()));
        }
        return best;
    }

    static boolean meets(LossUncertainty uncertainty, PlanRequest request, Plan plan) {
        PrunedModel model = PruningPlanner.model(request, plan.rate());
        return plan.tokens() <= request.maxTokens() * (1 + 1e-12)
                && uncertainty.probability(model, plan.tokens(), request.targetLoss()) >= request.confidence() - 1e-6;
    }

    private static boolean met(LossUncertainty uncertainty, PlanRequest request, PrunedModel model, double tokens) {
        return uncertainty.probability(model, tokens, request.targetLoss()) >= request.confidence();
    }

    private static double token(PlanRequest request, int i) {
        return FEWEST * Math.pow(request.maxTokens() / FEWEST, i / (TOKENS - 1.0));
    }
}
