package io.p2law.decision;

import org.apache.commons.math3.distribution.NormalDistribution;

import io.p2law.fitting.BudgetAnswer;
import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.Interval;
import io.p2law.fitting.PrunedModel;

/**
 * A measured log loss as normal around the law's log prediction, with a variance that adds the
 * scatter of runs around the law (from the family's residuals) to the law's own uncertainty (its
 * 95 % bootstrap band, read as +-1.96 standard deviations in log loss). Uncalibrated beyond that:
 * it does not grow with extrapolation in size or rate.
 */
public final class NormalScatter implements LossUncertainty {

    private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);
    private static final double BAND_Z = 1.959963984540054;
    /** Probabilities are kept inside (1e-9, 1 - 1e-9) so that quantiles stay finite. */
    private static final double EDGE = 1e-9;
    private static final int FIXED_POINT_STEPS = 12;

    private final FittedLaw law;
    private final double scatter;

    /** @param logScatter standard deviation of a run's measured log loss around the law, >= 0 */
    public NormalScatter(FittedLaw law, double logScatter) {
        if (!(logScatter >= 0) || Double.isInfinite(logScatter)) {
            throw new IllegalArgumentException("logScatter must be finite and >= 0, got " + logScatter);
        }
        this.law = law;
        this.scatter = logScatter;
    }

    @Override
    public double predict(PrunedModel model, double tokens) {
        return law.predict(model, tokens);
    }

    @Override
    public Interval interval(PrunedModel model, double tokens, double level) {
        double z = quantile((1 + level) / 2);
        double center = Math.log(law.predict(model, tokens));
        double sd = logDeviation(model, tokens);
        return new Interval(Math.exp(center - z * sd), Math.exp(center + z * sd));
    }

    @Override
    public double probability(PrunedModel model, double tokens, double targetLoss) {
        double gap = Math.log(targetLoss) - Math.log(law.predict(model, tokens));
        double sd = logDeviation(model, tokens);
        if (sd == 0) {
            return gap >= 0 ? 1 : 0;
        }
        return STANDARD.cumulativeProbability(gap / sd);
    }

    /**
     * The root of {@code ln L(D) + z(confidence) sd(D) = ln target}: the law's budget solver on the
     * target shifted by the quantile, repeated while the band (and so sd) moves with D.
     */
    @Override
    public BudgetAnswer tokensToTarget(PrunedModel model, double targetLoss, double confidence) {
        double z = quantile(confidence);
        BudgetAnswer central = law.tokensToTarget(model, targetLoss);
        if (z == 0 || (!central.reachable() && z > 0)) {
            return central;
        }
        double sd = logDeviation(model, central.reachable() ? central.tokens() : 1e12);
        BudgetAnswer answer = central;
        for (int step = 0; step < FIXED_POINT_STEPS; step++) {
            answer = law.tokensToTarget(model, targetLoss * Math.exp(-z * sd));
            if (!answer.reachable()) {
                return new BudgetAnswer(false, Double.NaN, answer.loss(), answer.lossInterval(), answer.asymptote(),
                        "the target loss " + targetLoss + " is not met with probability " + confidence
                                + ": with the scatter of runs around the law, the loss this confidence allows"
                                + " approaches " + answer.asymptote() * Math.exp(z * sd));
            }
            double next = logDeviation(model, answer.tokens());
            if (Math.abs(next - sd) <= 1e-12 + 1e-10 * sd) {
                break;
            }
            sd = next;
        }
        return answer;
    }

    /** Standard deviation of a measured log loss: run scatter and law band in quadrature. */
    double logDeviation(PrunedModel model, double tokens) {
        Interval band = law.interval(model, tokens);
        double bandSd = band.lower() > 0 && band.upper() > band.lower()
                ? (Math.log(band.upper()) - Math.log(band.lower())) / (2 * BAND_Z) : 0;
        return Math.sqrt(scatter * scatter + bandSd * bandSd);
    }

    static double quantile(double probability) {
        if (probability == 0.5) {
            return 0;
        }
        return STANDARD.inverseCumulativeProbability(Math.min(1 - EDGE, Math.max(EDGE, probability)));
    }
}
