package io.p2law.fitting;

/**
 * The split-conformal multiplier of a {@link PredictiveCalibration} and the probability that inverts
 * it, with the running sums of the weights kept. A probability bisects the level 60 times, each a
 * weighted quantile of the held-out scores (about a thousand on the example family): summed afresh
 * every time that was most of a plan's work. The running sums are added in the same order as a
 * fresh sum, and the weights are positive, so a binary search over them stops at the very score the
 * scan from the first score would: the answers are the same to the last bit.
 */
final class ConformalQuantiles {

    private final PredictiveCalibration calibration;
    private final double[] scores;
    /** cumulative[i]: weights[0] + ... + weights[i], added in that order. */
    private final double[] cumulative;
    private final double total;
    /** Whether the running sums never fall (no negative weight), so that a binary search may stand for the scan. */
    private final boolean ascending;
    /**
     * The level where the multiplier's first step ends, found once (a plan asks for hundreds of
     * probabilities near its targets); NaN until then. Racing threads find the same value.
     */
    private volatile double firstStepEnd = Double.NaN;

    ConformalQuantiles(PredictiveCalibration calibration, double[] scores, double[] weights) {
        this.calibration = calibration;
        this.scores = scores;
        this.cumulative = new double[weights.length];
        double sum = 0;
        boolean rising = true;
        for (int i = 0; i < weights.length; i++) {
            double before = sum;
            sum += weights[i];
            cumulative[i] = sum;
            rising &= sum >= before;
        }
        this.total = sum;
        this.ascending = rising;
    }

    PredictiveCalibration calibration() {
        return calibration;
    }

    /** See {@link PredictiveCalibration#multiplier(double)}. */
    double multiplier(double level) {
        int n = scores.length;
        if (n == 0 || !(total > 0)) {
            return calibration.inflation() * Gaussian.quantile((1 + level) / 2);
        }
        // finite-sample correction of split conformal: the (n + 1) level / n empirical quantile
        double highest = (double) n / (n + 1);
        if (level <= highest) {
            double floor = calibration.refits() < PredictiveCalibration.MIN_REFITS_WITHOUT_FLOOR
                    ? Gaussian.quantile((1 + level) / 2) : 0;
            return calibration.inflation() * Math.max(floor, weightedQuantile(level * (n + 1) / n));
        }
        double atHighest = weightedQuantile(1);
        double gaussianAtHighest = Gaussian.quantile((1 + highest) / 2);
        return calibration.inflation() * Gaussian.quantile((1 + level) / 2) * Math.max(1, atHighest / gaussianAtHighest);
    }

    /** The first score whose running weight reaches {@code q} of the total (the last score if none does). */
    private double weightedQuantile(double q) {
        double target = Math.min(1, q) * total - 1e-12 * total;
        if (!ascending) {
            for (int i = 0; i < scores.length; i++) {
                if (cumulative[i] >= target) {
                    return scores[i];
                }
            }
            return scores[scores.length - 1];
        }
        int low = 0;
        int high = scores.length - 1;
        if (!(cumulative[high] >= target)) {
            return scores[high];
        }
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] >= target) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return scores[low];
    }

    /**
     * See {@link PredictiveCalibration#probabilityBelow(double, double, double)}. The multiplier is a step
     * function of the level that starts at the least score, not at 0: inverted as it is, every target
     * nearer the prediction than that score would be given a probability of exactly 0.5, on either side,
     * and a verdict at confidence 0.5 would pass a plan whose central prediction misses the target. So
     * below the least multiplier the level rises linearly from 0 to where the first step ends: the
     * probability is 0.5 only at the prediction itself, and continuous where the steps begin.
     */
    double probabilityBelow(double lnPredicted, double scale, double lnTarget) {
        double u = lnTarget - lnPredicted;
        if (!(scale > 0)) {
            return u >= 0 ? 1 : 0;
        }
        double distance = Math.abs(u) / scale;
        double level;
        double least = multiplier(0);
        if (multiplier(1 - 1e-12) <= distance) {
            level = 1;
        } else if (least > 0 && distance <= least) {
            double end = firstStepEnd;
            if (Double.isNaN(end)) {
                end = level(least, true);
                firstStepEnd = end;
            }
            level = end * distance / least;
        } else {
            level = level(distance, false);
        }
        return u >= 0 ? 0.5 + level / 2 : 0.5 - level / 2;
    }

    /**
     * By bisection, the highest level whose multiplier is below {@code distance} (where the multiplier
     * reaches it), or with {@code atMost} at most {@code distance} (where a step of that height ends).
     */
    private double level(double distance, boolean atMost) {
        double low = 0;
        double high = 1;
        for (int k = 0; k < 60; k++) {
            double mid = (low + high) / 2;
            double m = multiplier(mid);
            if (atMost ? m <= distance : m < distance) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }
}
