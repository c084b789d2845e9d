package io.p2law.fitting;

import java.util.List;
import java.util.OptionalDouble;

/** A law with its constants fixed: predictions, intervals and token budgets for a planned model. */
public interface FittedLaw {

    LawForm form();

    /** The constants in the order of {@link LawForm#parameters()}. */
    double[] values();

    /** Bootstrap replicates of the constants, one row per resample; empty without bootstrap. */
    double[][] bootstrapValues();

    /** Predicted loss after {@code tokens} post-training tokens. */
    double predict(PrunedModel model, double tokens);

    /** 95 % bootstrap percentile interval of the prediction; a point interval without bootstrap. */
    Interval interval(PrunedModel model, double tokens);

    /**
     * {@link #predict} and {@link #interval} for each token count, in the order given, at the cost of
     * one pass over the bootstrap replicates for all of them.
     */
    List<PredictedLoss> predictions(PrunedModel model, double... tokens);

    /**
     * For each token count, in the order given: the loss a run of the model will measure lies in
     * [lower, upper] with probability {@code level} (0.5 to 0.99), beside the law's curve band
     * (the 95 % bootstrap interval of the curve, {@link #interval}). The interval always contains
     * the curve band.
     */
    List<ObservedLossPrediction> observedLossPredictions(PrunedModel model, double level, double... tokens);

    /** The probability that a run of the model measures a loss at or below {@code targetLoss} at {@code tokens}. */
    double probabilityAtMost(PrunedModel model, double tokens, double targetLoss);

    /**
     * An estimate of ln of the fewest tokens at which {@link #probabilityAtMost} reaches
     * {@code confidence}, from a few passes over the bootstrap replicates instead of one per trial
     * count; empty when the estimate did not settle or no count in [1, 1e30] meets it. Callers that
     * need the exact root check it against {@link #probabilityAtMost} and bracket from it.
     */
    OptionalDouble tokensAtProbability(PrunedModel model, double targetLoss, double confidence);

    /**
     * True when no count in [1, 1e30] tokens gives {@link #probabilityAtMost} the {@code confidence} (0.5 or more; at
     * exactly 0.5 the central prediction must reach the target, as in {@link #tokensAtProbability}), shown from point
     * predictions alone: the scale of an observed loss is never below its part without the curve band. False when
     * that bound does not show it, which leaves the question open, or for a confidence below 0.5.
     */
    boolean cannotReach(PrunedModel model, double targetLoss, double confidence);

    /** {@link #probabilityAtMost} at each token count, in the order given, from one pass over the bootstrap replicates. */
    double[] probabilitiesAtMost(PrunedModel model, double targetLoss, double... tokens);

    /** How the intervals were calibrated; null when the law was rebuilt without it. */
    PredictiveCalibration calibration();

    /** Whether the law describes the data it was fitted to; null when not judged. */
    Adequacy adequacy();

    /** The loss as tokens grow without bound. */
    double asymptote(PrunedModel model);

    /** The fewest tokens at which the predicted loss reaches {@code targetLoss}. */
    BudgetAnswer tokensToTarget(PrunedModel model, double targetLoss);

    /** The fewest tokens at which -dL/dD falls below {@code slopePerBillionTokens}. */
    BudgetAnswer tokensAtSlope(PrunedModel model, double slopePerBillionTokens);

    /** The fewest tokens from which doubling the tokens improves the loss by less than {@code epsilon}. */
    BudgetAnswer tokensAtDoubling(PrunedModel model, double epsilon);
}
