package io.p2law.law.web;

import java.util.ArrayList;
import java.util.List;

import io.p2law.error.FieldProblem;
import io.p2law.error.InvalidInputException;
import io.p2law.fitting.FitOptions;
import io.p2law.fitting.PredictiveCalibration;

/** The JSON bodies the law endpoints accept, and how each turns into what the service computes with. */
final class LawRequests {

    private LawRequests() {
    }

    static final int MAX_TOKENS = 1000;

    /** Fit options; absent ones take the defaults. */
    record FitOptionsInput(Double huberDelta, Double minTokens, Integer bootstrapSamples, Long seed, Integer starts) {

        static final FitOptionsInput NONE = new FitOptionsInput(null, null, null, null, null);

        FitOptions resolve(FitOptions defaults) {
            List<FieldProblem> errors = new ArrayList<>();
            if (huberDelta != null && !(Double.isFinite(huberDelta) && huberDelta > 0)) {
                errors.add(FieldProblem.of("huberDelta", "must be positive"));
            }
            if (minTokens != null && !(Double.isFinite(minTokens) && minTokens >= 0)) {
                errors.add(FieldProblem.of("minTokens", "must be at least 0"));
            }
            if (bootstrapSamples != null && (bootstrapSamples < 0 || bootstrapSamples > 2000)) {
                errors.add(FieldProblem.of("bootstrapSamples", "must be between 0 and 2000"));
            }
            if (starts != null && (starts < 1 || starts > 64)) {
                errors.add(FieldProblem.of("starts", "must be between 1 and 64"));
            }
            if (!errors.isEmpty()) {
                throw InvalidInputException.of(errors);
            }
            return new FitOptions(
                    huberDelta != null ? huberDelta : defaults.huberDelta(),
                    starts != null ? starts : defaults.starts(),
                    minTokens != null ? minTokens : defaults.minTokens(),
                    bootstrapSamples != null ? bootstrapSamples : defaults.bootstrapSamples(),
                    seed != null ? seed : defaults.seed());
        }
    }

    record FitRequest(String form, Double huberDelta, Double minTokens, Integer bootstrapSamples, Long seed,
            Integer starts) {

        FitOptionsInput options() {
            return new FitOptionsInput(huberDelta, minTokens, bootstrapSamples, seed, starts);
        }
    }

    record TokenRange(Double from, Double to, Integer count) {
    }

    record PredictionRequest(Double paramsBefore, Double pruningRate, Double paramsAfter, Double lossBefore,
            List<Double> tokens, TokenRange range, Double level) {

        PlannedModelInput model() {
            return new PlannedModelInput(paramsBefore, pruningRate, paramsAfter, lossBefore);
        }

        /** The listed tokens, or {@code count} tokens log-spaced over the range. */
        double[] resolveTokens() {
            if ((tokens == null) == (range == null)) {
                throw InvalidInputException.of("tokens", "give either tokens or range");
            }
            if (tokens != null) {
                if (tokens.isEmpty() || tokens.size() > MAX_TOKENS) {
                    throw InvalidInputException.of("tokens", "give 1 to " + MAX_TOKENS + " token counts");
                }
                double[] values = new double[tokens.size()];
                for (int i = 0; i < values.length; i++) {
                    Double t = tokens.get(i);
                    if (t == null || !(Double.isFinite(t) && t > 0)) {
                        throw InvalidInputException.of("tokens[" + i + "]", "must be a positive token count");
                    }
                    values[i] = t;
                }
                return values;
            }
            return logSpaced(range);
        }

        private static double[] logSpaced(TokenRange range) {
            List<FieldProblem> errors = new ArrayList<>();
            if (range.from() == null || !(Double.isFinite(range.from()) && range.from() > 0)) {
                errors.add(FieldProblem.of("range.from", "must be a positive token count"));
            }
            if (range.to() == null || !(Double.isFinite(range.to()) && range.to() > 0)) {
                errors.add(FieldProblem.of("range.to", "must be a positive token count"));
            } else if (range.from() != null && range.to() < range.from()) {
                errors.add(FieldProblem.of("range.to", "must not be below range.from"));
            }
            if (range.count() == null || range.count() < 1 || range.count() > MAX_TOKENS) {
                errors.add(FieldProblem.of("range.count", "must be between 1 and " + MAX_TOKENS));
            }
            if (!errors.isEmpty()) {
                throw InvalidInputException.of(errors);
            }
            return LogScale.points(range.from(), range.to(), range.count());
        }
    }

    record BudgetRequest(Double paramsBefore, Double pruningRate, Double paramsAfter, Double lossBefore,
            String criterion, Double targetLoss, Double slopeThreshold, Double epsilon, Double level) {

        PlannedModelInput model() {
            return new PlannedModelInput(paramsBefore, pruningRate, paramsAfter, lossBefore);
        }
    }

    record BudgetCheckRequest(Double paramsBefore, Double pruningRate, Double paramsAfter, Double lossBefore,
            Double plannedTokens, Double targetLoss, Double epsilon, Double level, Double confidence,
            Boolean allowInadequate) {

        PlannedModelInput model() {
            return new PlannedModelInput(paramsBefore, pruningRate, paramsAfter, lossBefore);
        }
    }

    /** A validation's body: fit options for the held-out fits and the level of the intervals they score. */
    record ValidationRequest(Double huberDelta, Double minTokens, Integer bootstrapSamples, Long seed, Integer starts,
            Double level) {

        static final ValidationRequest NONE = new ValidationRequest(null, null, null, null, null, null);

        FitOptionsInput options() {
            return new FitOptionsInput(huberDelta, minTokens, bootstrapSamples, seed, starts);
        }
    }

    /** The interval level asked for: 0.5 to 0.99, default 0.9, else a 400 naming {@code level}. */
    static double level(Double level) {
        if (level == null) {
            return PredictiveCalibration.DEFAULT_LEVEL;
        }
        if (!(level >= PredictiveCalibration.MIN_LEVEL && level <= PredictiveCalibration.MAX_LEVEL)) {
            throw InvalidInputException.of("level", "must be between " + PredictiveCalibration.MIN_LEVEL + " and "
                    + PredictiveCalibration.MAX_LEVEL + ", was " + level);
        }
        return level;
    }

    /** The confidence a budget check needs: 0 to 1, default 0.5, else a 400 naming {@code confidence}. */
    static double confidence(Double confidence) {
        if (confidence == null) {
            return 0.5;
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw InvalidInputException.of("confidence", "must be between 0 and 1, was " + confidence);
        }
        return confidence;
    }

    /** The value of a required positive field, or a 400 naming it. */
    static double positive(String field, Double value) {
        if (value == null) {
            throw InvalidInputException.of(field, "is required");
        }
        if (!(Double.isFinite(value) && value > 0)) {
            throw InvalidInputException.of(field, "must be positive");
        }
        return value;
    }
}
