package io.p2law.decision;

import java.util.List;

import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.RunCurve;

/**
 * Plan requests for a fitted family: its largest base model over its observed rates, with a target
 * the middle rate reaches after 2B tokens, at confidence 0.5 and 0.9, and once with a token cap that
 * cuts the rate range.
 */
final class PlanCases {

    private PlanCases() {
    }

    static List<PlanRequest> of(FittedLaw law, List<RunCurve> runs) {
        RunCurve largest = runs.get(0);
        double minRate = 1;
        double maxRate = 0;
        for (RunCurve r : runs) {
            if (r.model().paramsBefore() > largest.model().paramsBefore()) {
                largest = r;
            }
            minRate = Math.min(minRate, r.model().pruningRate());
            maxRate = Math.max(maxRate, r.model().pruningRate());
        }
        double middle = (minRate + maxRate) / 2;
        double n0 = largest.model().paramsBefore();
        PrunedModel model = new PrunedModel(n0, n0 * (1 - middle), middle, largest.model().lossBefore());
        double target = law.predict(model, 2e9);
        double capped = 1.5 * law.tokensToTarget(model, target).tokens();
        return List.of(request(largest, target, minRate, maxRate, 1e12, 0.5),
                request(largest, target, minRate, maxRate, 1e12, 0.9),
                request(largest, target, minRate, maxRate, capped, 0.5));
    }

    private static PlanRequest request(RunCurve base, double target, double minRate, double maxRate, double maxTokens,
            double confidence) {
        return new PlanRequest(base.model().paramsBefore(), base.model().lossBefore(), target,
                Double.POSITIVE_INFINITY, minRate, maxRate, maxTokens, 0, confidence, 0.9,
                PlanRequest.POST_TRAINING_FACTOR, PlanRequest.SERVING_FACTOR, PlanRequest.FRONTIER_POINTS);
    }
}
