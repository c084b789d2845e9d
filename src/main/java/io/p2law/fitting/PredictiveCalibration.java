package io.p2law.fitting;

import java.util.Arrays;
import java.util.List;

/**
 * What a prediction interval for an observed loss needs besides the law and its bootstrap, all on
 * the log-loss scale (an error of 0.01 is about 1 % of the loss), measured once per fit:
 * <ul>
 * <li>{@code scatter}: how far a run's checkpoints lie from the law (1.4826 times the median absolute
 * deviation of the log residuals, robust to spikes like the Huber fit itself);
 * <li>{@code runError}: the extra error of a run the law was not fitted to, inside the observed ranges
 * (measured on held-out sizes and rates that lie between others);
 * <li>{@code sizeGrowthUp}/{@code Down}, {@code rateGrowthUp}/{@code Down}, {@code tokenGrowth}: how
 * much the error of the law grows per unit of log distance above (below) the observed model sizes and
 * pruning rates and beyond the observed token counts, measured by refits that held out the largest
 * (smallest) size, the highest (lowest) rate and the last 20 % of every run;
 * <li>the observed ranges (natural logarithms) the distances are measured from;
 * <li>{@code scores}: the held-out errors of those refits divided by the scale this model gives them,
 * sorted, with {@code weights} (each refit's points weigh 1 in all): their quantile at a level is the
 * split-conformal multiplier of the scale;
 * <li>{@code inflation} (at least 1): how much wider than calibrated the intervals are made because the
 * family is too small to calibrate (then {@code warnings} says so);
 * <li>{@code heldOutMape}: the refits' mean absolute percentage error on what they held out (each
 * refit weighs the same; NaN without refits), the error by which forms are ranked; and
 * {@code heldOutCoverage}: the share of held-out points inside the {@link #DEFAULT_LEVEL} interval when
 * each refit's points are scored by a multiplier calibrated on the other refits alone (so it is not
 * the level by construction).
 * </ul>
 */
public record PredictiveCalibration(
        double scatter,
        double runError,
        double sizeGrowthUp,
        double sizeGrowthDown,
        double rateGrowthUp,
        double rateGrowthDown,
        double tokenGrowth,
        double lnSizeMin,
        double lnSizeMax,
        double lnRateMin,
        double lnRateMax,
        double lnTokensMin,
        double lnTokensMax,
        double[] scores,
        double[] weights,
        double inflation,
        int refits,
        double heldOutMape,
        double heldOutCoverage,
        List<String> warnings) {

    public static final double DEFAULT_LEVEL = 0.9;
    public static final double MIN_LEVEL = 0.5;
    public static final double MAX_LEVEL = 0.99;
    /**
     * With fewer held-out refits than this the conformal quantile rests on too few independent errors,
     * and the Gaussian quantile of the scale is the least the interval gets.
     */
    static final int MIN_REFITS_WITHOUT_FLOOR = 3;

    public PredictiveCalibration {
        if (scores.length != weights.length) {
            throw new IllegalArgumentException("scores and weights must be parallel");
        }
        scores = scores.clone();
        weights = weights.clone();
        warnings = List.copyOf(warnings);
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** The numbers besides scores and weights, in the record's order (inflation, refits, held-out figures last). */
    public double[] numbers() {
        return new double[] {scatter, runError, sizeGrowthUp, sizeGrowthDown, rateGrowthUp, rateGrowthDown,
            tokenGrowth, lnSizeMin, lnSizeMax, lnRateMin, lnRateMax, lnTokensMin, lnTokensMax, inflation, refits,
            heldOutMape, heldOutCoverage};
    }

    /** The calibration from {@link #numbers()}, scores and weights, as stored; its warnings live with the fit. */
    public static PredictiveCalibration of(double[] n, double[] scores, double[] weights) {
        return of(n, scores, weights, List.of());
    }

    /** As {@link #of(double[], double[], double[])}, with the warnings the calibration gave when measured. */
    public static PredictiveCalibration of(double[] n, double[] scores, double[] weights, List<String> warnings) {
        if (n.length != 17) {
            throw new IllegalArgumentException("a stored calibration has 17 numbers, got " + n.length);
        }
        return new PredictiveCalibration(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], n[11],
                n[12], scores, weights, n[13], (int) n[14], n[15], n[16], warnings);
    }

    /** Checks a requested interval level. */
    public static void checkLevel(double level) {
        if (!(level >= MIN_LEVEL && level <= MAX_LEVEL)) {
            throw new IllegalArgumentException("level must be between " + MIN_LEVEL + " and " + MAX_LEVEL + ", got "
                    + level);
        }
    }

    /**
     * This calibration for data that changed a little since it was measured: the scatter and the
     * observed ranges of the new data (cheap, and what extrapolation distances are measured from),
     * everything the held-out refits measured kept.
     */
    PredictiveCalibration forData(double newScatter, double[] ranges) {
        return new PredictiveCalibration(newScatter, runError, sizeGrowthUp, sizeGrowthDown, rateGrowthUp,
                rateGrowthDown, tokenGrowth, ranges[0], ranges[1], ranges[2], ranges[3], ranges[4], ranges[5], scores,
                weights, inflation, refits, heldOutMape, heldOutCoverage, warnings);
    }

    /**
     * The scale (standard-deviation-like, in log loss) of an observed loss around the law at a point
     * whose curve band has scale {@code curveScale}: the law's own uncertainty, the scatter of a run,
     * and the extrapolation growth, added in quadrature.
     */
    double scale(double curveScale, double lnSize, double lnRate, double lnTokens) {
        double size = (lnSize > lnSizeMax ? sizeGrowthUp : sizeGrowthDown) * outside(lnSize, lnSizeMin, lnSizeMax);
        double rate = (lnRate > lnRateMax ? rateGrowthUp : rateGrowthDown) * outside(lnRate, lnRateMin, lnRateMax);
        double tokens = tokenGrowth * outside(lnTokens, lnTokensMin, lnTokensMax);
        return Math.sqrt(curveScale * curveScale + scatter * scatter + runError * runError + size * size + rate * rate + tokens * tokens);
    }

    /** How far {@code x} lies outside [min, max]; 0 inside, or when the range is unknown. */
    static double outside(double x, double min, double max) {
        if (!Double.isFinite(x) || !Double.isFinite(min) || !Double.isFinite(max)) {
            return 0;
        }
        return Math.max(0, Math.max(x - max, min - x));
    }

    /**
     * The multiplier of the scale that gives a two-sided interval at {@code level}: the weighted
     * conformal quantile of the held-out scores (each refit's points weigh 1 in all); with fewer than
     * {@link #MIN_REFITS_WITHOUT_FLOOR} refits never below the Gaussian quantile; beyond the highest
     * level the held-out points can resolve, the Gaussian tail scaled to meet it; times the inflation.
     */
    double multiplier(double level) {
        return quantiles().multiplier(level);
    }

    /**
     * The probability that an observed loss lies at or below {@code lnTarget} when the law predicts
     * {@code lnPredicted} with scale {@code scale}: the level whose interval ends exactly at the target,
     * so that it agrees with the intervals (the upper end of the 90 % interval has probability 0.95).
     */
    double probabilityBelow(double lnPredicted, double scale, double lnTarget) {
        return quantiles().probabilityBelow(lnPredicted, scale, lnTarget);
    }

    /**
     * The multiplier and probability with the weights' running sums computed once: a law keeps one for
     * all its answers; the methods above build one per call.
     */
    ConformalQuantiles quantiles() {
        return new ConformalQuantiles(this, scores, weights);
    }

    /** The same calibration with intervals {@code factor} times wider (at least), saying why. */
    PredictiveCalibration widened(double factor, String why) {
        List<String> w = new java.util.ArrayList<>(warnings);
        w.add(why);
        return new PredictiveCalibration(scatter, runError, sizeGrowthUp, sizeGrowthDown, rateGrowthUp, rateGrowthDown,
                tokenGrowth, lnSizeMin, lnSizeMax, lnRateMin, lnRateMax, lnTokensMin, lnTokensMax, scores, weights,
                Math.max(inflation, factor), refits, heldOutMape, heldOutCoverage, w);
    }

    /** A calibration with no held-out evidence: the scatter alone with the given growth and inflation. */
    static PredictiveCalibration uncalibrated(double scatter, double growth, double inflation, double[] ranges,
            List<String> warnings) {
        return new PredictiveCalibration(scatter, 0, growth, growth, growth, growth, growth, ranges[0], ranges[1], ranges[2], ranges[3],
                ranges[4], ranges[5], new double[0], new double[0], inflation, 0, Double.NaN, Double.NaN, warnings);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PredictiveCalibration c && Double.compare(scatter, c.scatter) == 0
                && Double.compare(runError, c.runError) == 0
                && Double.compare(sizeGrowthUp, c.sizeGrowthUp) == 0
                && Double.compare(sizeGrowthDown, c.sizeGrowthDown) == 0
                && Double.compare(rateGrowthUp, c.rateGrowthUp) == 0
                && Double.compare(rateGrowthDown, c.rateGrowthDown) == 0
                && Double.compare(tokenGrowth, c.tokenGrowth) == 0 && Arrays.equals(scores, c.scores)
                && Arrays.equals(weights, c.weights) && Double.compare(inflation, c.inflation) == 0
                && Double.compare(lnSizeMin, c.lnSizeMin) == 0 && Double.compare(lnSizeMax, c.lnSizeMax) == 0
                && Double.compare(lnRateMin, c.lnRateMin) == 0 && Double.compare(lnRateMax, c.lnRateMax) == 0
                && Double.compare(lnTokensMin, c.lnTokensMin) == 0 && Double.compare(lnTokensMax, c.lnTokensMax) == 0
                && refits == c.refits && Double.compare(heldOutMape, c.heldOutMape) == 0
                && Double.compare(heldOutCoverage, c.heldOutCoverage) == 0 && warnings.equals(c.warnings);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(scores) + Double.hashCode(scatter);
    }

    @Override
    public String toString() {
        return "PredictiveCalibration[scatter=" + scatter + ", runError=" + runError + ", growth=" + sizeGrowthUp + "/" + sizeGrowthDown + "/" + rateGrowthUp + "/" + rateGrowthDown + "/"
                + tokenGrowth + ", scores=" + scores.length + ", inflation=" + inflation + ", refits=" + refits + "]";
    }
}
