package io.p2law.decision;

import java.util.List;

import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.PlannedModel;
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
            if (r.paramsBefore() > largest.paramsBefore()) {
                largest = r;
            }
            minRate = Math.min(minRate, r.pruningRate());
            maxRate = Math.max(maxRate, r.pruningRate());
        }
        double middle = (minRate + maxRate) / 2;
        double n0 = largest.paramsBefore();
        PlannedModel model = new PlannedModel(n0, n0 * (1 - middle), middle, largest.lossBefore());
        double target = law.predict(model, 2e9);
        double capped = 1.5 * law.tokensToTarget(model, target).tokens();
        return List.of(request(largest, target, minRate, maxRate, 1e12, 0.5),
                request(largest, target, minRate, maxRate, 1e12, 0.9),
                request(largest, target, minRate, maxRate, capped, 0.5));
    }

    private static PlanRequest request(RunCurve base, double target, double minRate, double maxRate, double maxTokens,
            double confidence) {
        return new PlanRequest(base.paramsBefore(), base.lossBefore(), target, Double.POSITIVE_INFINITY, minRate,
                maxRate, maxTokens, 0, confidence, 0.9, PlanRequest.POST_TRAINING_FACTOR, PlanRequest.SERVING_FACTOR,
                PlanRequest.FRONTIER_POINTS);
    }
}
