package io.p2law.fitting;

import java.util.Optional;

/**
 * A pruned model in raw counts: parameters before and after pruning, the pruning rate, and the loss
 * before post-training (null where not given; forms that need it refuse the model). Uploaded runs,
 * planned models and the engine's inputs all carry one, and this is the one place where a rate and
 * a parameter count given together are reconciled.
 */
public record PrunedModel(double paramsBefore, double paramsAfter, double pruningRate, Double lossBefore) {

    /** How far a given pruning rate may be from the one the parameter counts imply. */
    public static final double RATE_TOLERANCE = 0.005;

    /**
     * The model from {@code paramsBefore} and at least one of {@code pruningRate} and
     * {@code paramsAfter}, deriving the other; given both, they are taken as they are (check them with
     * {@link #disagreement} first).
     */
    public static PrunedModel of(double paramsBefore, Double pruningRate, Double paramsAfter, Double lossBefore) {
        if (pruningRate == null && paramsAfter == null) {
            throw new IllegalArgumentException("give pruningRate or paramsAfter");
        }
        double rate = pruningRate != null ? pruningRate : impliedRate(paramsBefore, paramsAfter);
        double after = paramsAfter != null ? paramsAfter : paramsBefore * (1.0 - pruningRate);
        return new PrunedModel(paramsBefore, after, rate, lossBefore);
    }

    /** Why a rate and a parameter count given together contradict each other, if they do. */
    public static Optional<String> disagreement(double paramsBefore, double pruningRate, double paramsAfter) {
        double implied = impliedRate(paramsBefore, paramsAfter);
        if (Math.abs(implied - pruningRate) <= RATE_TOLERANCE) {
            return Optional.empty();
        }
        return Optional.of("pruningRate " + pruningRate + " disagrees with paramsAfter/paramsBefore, which imply "
                + implied + " (allowed difference " + RATE_TOLERANCE + ")");
    }

    /** Computed from the removed count so that 800 of 1000 gives 0.2, not 0.19999999999999996. */
    public static double impliedRate(double paramsBefore, double paramsAfter) {
        return (paramsBefore - paramsAfter) / paramsBefore;
    }

    /** The same model with {@code paramsAfter} a whole number of parameters, as stored for a run. */
    public PrunedModel withWholeParamsAfter() {
        return new PrunedModel(paramsBefore, Math.round(paramsAfter), pruningRate, lossBefore);
    }
}
