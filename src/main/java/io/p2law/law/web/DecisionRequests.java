package io.p2law.law.web;

import java.util.ArrayList;
import java.util.List;

import io.p2law.decision.ForecastRequest;
import io.p2law.error.FieldProblem;
import io.p2law.error.InvalidInputException;
import io.p2law.decision.PlanRequest;

/** The JSON bodies of plans and forecasts, checked field by field into the decision core's requests. */
final class DecisionRequests {

    static final double MIN_LEVEL = 0.5;
    static final double MAX_LEVEL = 0.99;
    static final int MAX_POINTS = 200;

    private DecisionRequests() {
    }

    /**
     * A plan request. {@code minRate}/{@code maxRate} default to the family's observed pruning rates,
     * {@code inferenceTokens} to 0, {@code confidence} to 0.5 (the point prediction meets the target),
     * {@code level} to 0.9, the cost factors to 6 and 2.
     */
    record PlanBody(Double paramsBefore, Double lossBefore, Double targetLoss, Double maxParamsAfter, Double minRate,
            Double maxRate, Double maxTokens, Double inferenceTokens, Double confidence, Double level,
            Double postTrainingFactor, Double servingFactor, Integer frontierPoints) {

        PlanRequest resolve(double lowestRate, double highestRate, boolean needsLossBefore) {
            List<FieldProblem> errors = new ArrayList<>();
            double n0 = required(errors, "paramsBefore", paramsBefore, Check.POSITIVE);
            if (lossBefore != null || needsLossBefore) {
                required(errors, "lossBefore", lossBefore, Check.POSITIVE);
            }
            double target = required(errors, "targetLoss", targetLoss, Check.POSITIVE);
            double sizeLimit = optional(errors, "maxParamsAfter", maxParamsAfter, Check.POSITIVE,
                    Double.POSITIVE_INFINITY);
            double low = rate(errors, "minRate", minRate, lowestRate, "lowest");
            double high = rate(errors, "maxRate", maxRate, highestRate, "highest");
            if (errors.stream().noneMatch(e -> e.field().endsWith("Rate")) && low > high) {
                errors.add(error(minRate != null ? "minRate" : "maxRate", "minRate (" + low
                        + ") must not exceed maxRate (" + high + ")"));
            }
            double cap = required(errors, "maxTokens", maxTokens, Check.POSITIVE);
            double serving = optional(errors, "inferenceTokens", inferenceTokens, Check.NON_NEGATIVE, 0);
            double sure = optional(errors, "confidence", confidence, Check.PROBABILITY, 0.5);
            double shown = optional(errors, "level", level, Check.LEVEL, 0.9);
            double trainingFactor = optional(errors, "postTrainingFactor", postTrainingFactor, Check.POSITIVE,
                    PlanRequest.POST_TRAINING_FACTOR);
            double servingCost = optional(errors, "servingFactor", servingFactor, Check.NON_NEGATIVE,
                    PlanRequest.SERVING_FACTOR);
            int points = frontierPoints == null ? PlanRequest.FRONTIER_POINTS : frontierPoints;
            if (points < 2 || points > MAX_POINTS) {
                errors.add(error("frontierPoints", "must be between 2 and " + MAX_POINTS));
            }
            if (!errors.isEmpty()) {
                throw InvalidInputException.of(errors);
            }
            return new PlanRequest(n0, lossBefore, target, sizeLimit, low, high, cap, serving, sure, shown,
                    trainingFactor, servingCost, points);
        }
    }

    /** A rate given, or the family's observed one, which must then lie in (0, 1) as well. */
    private static double rate(List<FieldProblem> errors, String field, Double value, double observed, String which) {
        if (value == null && !Check.RATE.passes(observed)) {
            errors.add(error(field, "is required: the family's " + which + " observed pruning rate (" + observed
                    + ") does not lie strictly between 0 and 1"));
            return observed;
        }
        return optional(errors, field, value, Check.RATE, observed);
    }

    /** A forecast request: {@code until} is required; {@code level} defaults to 0.9, {@code points} to 20. */
    record ForecastBody(Double until, Double targetLoss, Double slopeThreshold, Double level, Integer points) {

        ForecastRequest resolve(double currentTokens) {
            List<FieldProblem> errors = new ArrayList<>();
            double end = required(errors, "until", until, Check.POSITIVE);
            if (errors.isEmpty() && !(end > currentTokens)) {
                errors.add(error("until", "must be beyond the run's last checkpoint at " + (long) currentTokens
                        + " tokens"));
            }
            double target = optional(errors, "targetLoss", targetLoss, Check.POSITIVE, Double.NaN);
            double slope = optional(errors, "slopeThreshold", slopeThreshold, Check.POSITIVE, Double.NaN);
            double shown = optional(errors, "level", level, Check.LEVEL, ForecastRequest.LEVEL);
            int count = points == null ? ForecastRequest.POINTS : points;
            if (count < 2 || count > MAX_POINTS) {
                errors.add(error("points", "must be between 2 and " + MAX_POINTS));
            }
            if (!errors.isEmpty()) {
                throw InvalidInputException.of(errors);
            }
            return new ForecastRequest(end, target, slope, shown, count);
        }
    }

    private enum Check {
        POSITIVE("must be a finite number above 0"),
        NON_NEGATIVE("must be a finite number of at least 0"),
        RATE("must lie strictly between 0 and 1"),
        PROBABILITY("must lie between 0 and 1"),
        LEVEL("must lie between " + MIN_LEVEL + " and " + MAX_LEVEL);

        private final String reason;

        Check(String reason) {
            this.reason = reason;
        }

        boolean passes(double v) {
            return Double.isFinite(v) && switch (this) {
                case POSITIVE -> v > 0;
                case NON_NEGATIVE -> v >= 0;
                case RATE -> v > 0 && v < 1;
                case PROBABILITY -> v >= 0 && v <= 1;
                case LEVEL -> v >= MIN_LEVEL && v <= MAX_LEVEL;
            };
        }
    }

    private static double required(List<FieldProblem> errors, String field, Double value,
            Check check) {
        if (value == null) {
            errors.add(error(field, "is required"));
            return Double.NaN;
        }
        return optional(errors, field, value, check, Double.NaN);
    }

    private static double optional(List<FieldProblem> errors, String field, Double value,
            Check check, double fallback) {
        if (value == null) {
            return fallback;
        }
        if (!check.passes(value)) {
            errors.add(error(field, check.reason));
        }
        return value;
    }

    private static FieldProblem error(String field, String reason) {
        return FieldProblem.of(field, reason);
    }
}
