package io.p2law.decision;

import io.p2law.fitting.PrunedModel;

/**
 * The least cost over a fine grid of rates (1,001, or as many as asked) and token counts (4,000, log-spaced from 1e5 to
 * maxTokens): for each rate the smallest grid count at which the target is met at the confidence, found by a scan of
 * the grid upward, not by bisection, since the calibrated probability is not monotone in the tokens (the intervals
 * widen beyond the family's tokens, so a probability that crossed the confidence can fall below it again). The
 * counts depend on the target and confidence alone, so one {@code BruteForcePlan} prices every serving volume.
 *
 * <p>Meeting the target at a confidence of at least 0.5 needs the law's central prediction at or below the target,
 * as in the planner ({@link CalibratedUncertainty}): "as likely as not" is the median reaching the target. (The
 * calibrated probability agrees: it is 0.5 only at the central prediction; before it rose through the first
 * conformal step it was 0.5 on a stretch of counts below the central budget.)
 */
final class BruteForcePlan {

    /** Rates on the grid: the benchmark's; tests pass fewer, each count scanned costing a probability. */
    static final int RATES = 1001;
    private static final int TOKENS = 4000;
    private static final double FEWEST = 1e5;

    private final PlanRequest request;
    private final double[] paramsAfter;
    /** Per rate of the grid, the fewest grid count that meets the target; +infinity where none does. */
    private final double[] tokens;

    private BruteForcePlan(PlanRequest request, double[] paramsAfter, double[] tokens) {
        this.request = request;
        this.paramsAfter = paramsAfter;
        this.tokens = tokens;
    }

    static BruteForcePlan of(LossUncertainty uncertainty, PlanRequest request) {
        return of(uncertainty, request, RATES);
    }

    static BruteForcePlan of(LossUncertainty uncertainty, PlanRequest request, int rateCount) {
        double lowest = Math.max(request.minRate(), 1 - request.maxParamsAfter() / request.paramsBefore());
        double[] paramsAfter = new double[rateCount];
        double[] fewest = new double[rateCount];
        for (int i = 0; i < rateCount; i++) {
            double rate = lowest + (request.maxRate() - lowest) * i / (rateCount - 1);
            PrunedModel model = PruningPlanner.model(request, rate);
            paramsAfter[i] = model.paramsAfter();
            fewest[i] = Double.POSITIVE_INFINITY;
            int k = 0;
            if (request.confidence() >= 0.5) {
                // the central prediction is cheap and falls with the tokens: below its crossing nothing is met
                while (k < TOKENS && uncertainty.predict(model, token(request, k)) > request.targetLoss()) {
                    k++;
                }
            }
            for (; k < TOKENS; k++) {
                if (met(uncertainty, request, model, token(request, k))) {
                    fewest[i] = token(request, k);
                    break;
                }
            }
        }
        return new BruteForcePlan(request, paramsAfter, fewest);
    }

    /** The least total cost on the grid at the request's serving volume; +infinity when no grid plan meets the target. */
    double cost(double inferenceTokens) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < tokens.length; i++) {
            best = Math.min(best, paramsAfter[i] * (request.postTrainingFactor() * tokens[i]
                    + request.servingFactor() * inferenceTokens));
        }
        return best;
    }

    static boolean meets(LossUncertainty uncertainty, PlanRequest request, Plan plan) {
        PrunedModel model = PruningPlanner.model(request, plan.rate());
        return plan.tokens() <= request.maxTokens() * (1 + 1e-12)
                && uncertainty.probability(model, plan.tokens(), request.targetLoss()) >= request.confidence() - 1e-6;
    }

    private static boolean met(LossUncertainty uncertainty, PlanRequest request, PrunedModel model, double tokens) {
        return (request.confidence() < 0.5 || uncertainty.predict(model, tokens) <= request.targetLoss())
                && uncertainty.probability(model, tokens, request.targetLoss()) >= request.confidence();
    }

    private static double token(PlanRequest request, int i) {
        return FEWEST * Math.pow(request.maxTokens() / FEWEST, i / (TOKENS - 1.0));
    }
}
