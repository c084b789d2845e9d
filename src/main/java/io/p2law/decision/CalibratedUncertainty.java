package io.p2law.decision;

import java.util.OptionalDouble;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.solvers.AllowedSolution;
import org.apache.commons.math3.analysis.solvers.BracketingNthOrderBrentSolver;

import io.p2law.fitting.BudgetAnswer;
import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.Interval;
import io.p2law.fitting.ObservedLossPrediction;
import io.p2law.fitting.PrunedModel;

/**
 * The law's own calibrated prediction intervals (held-out, split-conformal; see
 * {@link FittedLaw#observedLossPredictions}) as the plans' uncertainty. The tokens that meet a
 * target with a confidence are where the law's probability of measuring at most the target
 * crosses the confidence: bracketed from the central budget (the budget solver's root) by doubling
 * or halving the tokens, then narrowed by Brent's method in log tokens, on the side where the
 * target is met. The law's estimate of that root ({@link FittedLaw#tokensAtProbability}, a few
 * bootstrap passes) is used when two exact probabilities just below and just above it show the
 * crossing lies between them, which is the common case; where there is no estimate, a rate the law shows
 * cannot reach the target at the confidence ({@link FittedLaw#cannotReach}) is answered unreachable at
 * once; otherwise the root is searched as above.
 */
public final class CalibratedUncertainty implements LossUncertainty {

    private static final double FEWEST_TOKENS = 1;
    private static final double MOST_TOKENS = 1e30;
    /** Roots in ln D to 1e-7 (relative 1e-7 in tokens): far below what moves a plan's cost. */
    private static final BracketingNthOrderBrentSolver ROOTS = new BracketingNthOrderBrentSolver(1e-7, 5);
    private static final int MAX_EVALUATIONS = 100;
    /**
     * Half the width (ln D) of the bracket that checks the law's estimate of the root: the answer is at
     * most twice this above the exact fewest tokens, below the root finder's own 1e-7.
     */
    static final double CHECK_MARGIN = 3e-8;

    private final FittedLaw law;

    public CalibratedUncertainty(FittedLaw law) {
        this.law = law;
    }

    @Override
    public double predict(PrunedModel model, double tokens) {
        return law.predict(model, tokens);
    }

    @Override
    public Interval interval(PrunedModel model, double tokens, double level) {
        ObservedLossPrediction p = law.observedLossPredictions(model, level, tokens).get(0);
        return new Interval(p.lower(), p.upper());
    }

    @Override
    public double probability(PrunedModel model, double tokens, double targetLoss) {
        return law.probabilityAtMost(model, tokens, targetLoss);
    }

    @Override
    public BudgetAnswer tokensToTarget(PrunedModel model, double targetLoss, double confidence) {
        OptionalDouble estimate = law.tokensAtProbability(model, targetLoss, confidence);
        if (estimate.isPresent()) {
            // two exact probabilities on either side of the estimate prove the fewest tokens lie between them
            double above = estimate.getAsDouble() + CHECK_MARGIN;
            double below = estimate.getAsDouble() - CHECK_MARGIN;
            if (Math.exp(below) >= FEWEST_TOKENS && Math.exp(above) <= MOST_TOKENS) {
                double[] p = law.probabilitiesAtMost(model, targetLoss, Math.exp(above), Math.exp(below));
                // at 0.5 the probability stays exactly 0.5 a little below the central budget, where the search
                // below stops at the central budget: there the median (the central prediction) decides
                boolean missedBelow = p[1] < confidence || confidence == 0.5 && p[1] == 0.5
                        && law.predict(model, Math.exp(below)) > targetLoss;
                if (p[0] >= confidence && missedBelow) {
                    return answer(model, Math.exp(above));
                }
            }
        } else if (law.cannotReach(model, targetLoss, confidence)) {
            // without this proof, telling an unreachable rate costs the search below some 70 passes up to 1e30 tokens
            return unreachable(law.tokensToTarget(model, targetLoss), targetLoss, confidence);
        }
        return exactTokensToTarget(model, targetLoss, confidence);
    }

    /** The root found on the probability itself: dozens of passes over the bootstrap replicates. */
    BudgetAnswer exactTokensToTarget(PrunedModel model, double targetLoss, double confidence) {
        BudgetAnswer central = law.tokensToTarget(model, targetLoss);
        double start = central.reachable() ? central.tokens() : 1e9;
        double low;
        double high;
        if (met(model, start, targetLoss, confidence)) {
            high = start;
            low = start / 2;
            while (low >= FEWEST_TOKENS && met(model, low, targetLoss, confidence)) {
                high = low;
                low /= 2;
            }
            if (low < FEWEST_TOKENS) {
                return answer(model, FEWEST_TOKENS);
            }
        } else {
            low = start;
            high = start * 2;
            while (high <= MOST_TOKENS && !met(model, high, targetLoss, confidence)) {
                low = high;
                high *= 2;
            }
            if (high > MOST_TOKENS) {
                return unreachable(central, targetLoss, confidence);
            }
        }
        // Each probability costs a pass over the bootstrap replicates: Brent's root finder in ln D needs
        // a handful where bisection to the same accuracy needs twenty.
        UnivariateFunction excess = lnTokens -> law.probabilityAtMost(model, Math.exp(lnTokens), targetLoss)
                - confidence;
        double root = ROOTS.solve(MAX_EVALUATIONS, excess, Math.log(low), Math.log(high),
                AllowedSolution.ABOVE_SIDE);
        return answer(model, Math.exp(root));
    }

    private static BudgetAnswer unreachable(BudgetAnswer central, double targetLoss, double confidence) {
        return new BudgetAnswer(false, Double.NaN, central.asymptote(), central.lossInterval(), central.asymptote(),
                "the target loss " + targetLoss + " is not met with probability " + confidence + " within "
                        + MOST_TOKENS + " tokens (the law's asymptote is " + central.asymptote() + ")");
    }

    private boolean met(PrunedModel model, double tokens, double targetLoss, double confidence) {
        return law.probabilityAtMost(model, tokens, targetLoss) >= confidence;
    }

    private BudgetAnswer answer(PrunedModel model, double tokens) {
        return new BudgetAnswer(true, tokens, law.predict(model, tokens), law.interval(model, tokens),
                law.asymptote(model), null);
    }
}
