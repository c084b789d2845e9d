package io.p2law.decision;

import io.p2law.fitting.BudgetAnswer;
import io.p2law.fitting.Interval;
import io.p2law.fitting.PrunedModel;

/**
 * What a run of a planned model will measure, as a distribution around the law: intervals at a
 * level, the probability of reaching a target, and the fewest tokens that reach a target with a
 * given confidence. Plans depend only on this, so a better-calibrated source can replace the
 * default one without touching the optimiser.
 */
public interface LossUncertainty {

    /** The law's own (central) prediction. */
    double predict(PrunedModel model, double tokens);

    /** Where a measured loss falls with probability {@code level}. */
    Interval interval(PrunedModel model, double tokens, double level);

    /** Probability that a run of the model measures at most {@code targetLoss} after {@code tokens}. */
    double probability(PrunedModel model, double tokens, double targetLoss);

    /**
     * The fewest tokens at which the target is met with probability at least {@code confidence};
     * when no count does, {@code reachable} is false and the reason says why.
     */
    BudgetAnswer tokensToTarget(PrunedModel model, double targetLoss, double confidence);
}
