package io.p2law.fitting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Case resampling over runs: each replicate draws as many runs as were fitted, with replacement,
 * and refits with the draws as integer weights (no data is copied). Replicates start from the
 * full-data optimum, which is close, so each needs a few iterations instead of a full search.
 * Each replicate's random stream is split off the seed up front, so results do not depend on
 * which thread ran which replicate.
 */
final class Bootstrap {

    /** Percentile intervals need far less precision than the reported optimum. */
    private static final LevenbergMarquardt REFIT = new LevenbergMarquardt(1e-8, 100, 1e-6);

    private Bootstrap() {
    }

    record Replicates(double[][] values, int failed) {
    }

    /** Relative size of the perturbation of each replicate's start when {@code perturb} is asked for. */
    private static final double PERTURBATION = 0.1;

    static Replicates run(FittableForm form, Points pts, double[] optimum, double delta, int samples, long seed,
            Workers workers) {
        return run(form, pts, optimum, delta, samples, seed, workers, false, null, FitListener.NONE);
    }

    /**
     * With {@code perturb}, each replicate starts from a perturbed optimum; with {@code warm}, replicate
     * {@code b} starts from its previous value instead, nearly its optimum after a small change.
     */
    static Replicates run(FittableForm form, Points pts, double[] optimum, double delta, int samples, long seed,
            Workers workers, boolean perturb, WarmStart warm, FitListener listener) {
        if (samples <= 0) {
            return new Replicates(new double[0][], 0);
        }
        int[] fittedRuns = pts.fittedRunIndices();
        SplittableRandom root = new SplittableRandom(seed);
        long[] seeds = new long[samples];
        for (int b = 0; b < samples; b++) {
            seeds[b] = root.nextLong();
        }
        double[] start = HuberObjective.theta(form, optimum);
        int batch = Math.max(1, samples / (8 * workers.parallelism()));
        int batches = (samples + batch - 1) / batch;
        AtomicInteger finished = new AtomicInteger();
        List<List<double[]>> parts = workers.map(batches, c -> {
            List<double[]> out = new ArrayList<>();
            for (int b = c * batch, end = Math.min(samples, b + batch); b < end; b++) {
                LawFitter.stopIfCancelled(listener);
                double[] weights = new double[pts.runCount];
                SplittableRandom random = new SplittableRandom(seeds[b]);
                for (int draw = 0; draw < fittedRuns.length; draw++) {
                    weights[fittedRuns[random.nextInt(fittedRuns.length)]]++;
                }
                HuberObjective objective = new HuberObjective(form, pts, weights, delta, workers);
                double[] previous = warm == null ? null : warm.replicate(b, samples);
                double[] from = perturb ? perturbed(form, start, random) : start;
                // the same seed draws the same runs, so after a small change the replicate's previous
                // value is nearer its optimum than the full data's optimum is
                LevenbergMarquardt.Result r = REFIT.minimise(objective,
                        previous != null ? HuberObjective.theta(form, previous) : from);
                if (previous != null && !Double.isFinite(r.objective())) {
                    r = REFIT.minimise(objective, from);
                }
                out.add(Double.isFinite(r.objective()) ? objective.natural(r.theta()) : null);
                listener.bootstrapFinished(finished.incrementAndGet(), samples);
            }
            return out;
        });
        List<double[]> values = new ArrayList<>();
        int failed = 0;
        for (List<double[]> part : parts) {
            for (double[] v : part) {
                if (v == null) {
                    failed++;
                } else {
                    values.add(v);
                }
            }
        }
        return new Replicates(values.toArray(double[][]::new), failed);
    }

    /** The start moved by about {@link #PERTURBATION} of each constant's size (linear constants stay >= 0). */
    private static double[] perturbed(FittableForm form, double[] theta, SplittableRandom random) {
        double[] t = theta.clone();
        for (int k = 0; k < t.length; k++) {
            double step = PERTURBATION * (2 * random.nextDouble() - 1);
            t[k] = form.scale(k) == FittableForm.Scale.NON_NEGATIVE ? t[k] * Math.exp(step)
                    : t[k] + step * Math.max(1, Math.abs(t[k]));
        }
        return t;
    }

    /** The 2.5 % and 97.5 % percentiles of the finite values, or NaNs when there are none. */
    static Interval percentileInterval(double[] sample) {
        // a plain loop: every prediction request comes here once per token count (and a plan hundreds of
        // times), and a stream's buffers cost more than the selection
        double[] finite = new double[sample.length];
        int n = 0;
        for (double v : sample) {
            if (Double.isFinite(v)) {
                finite[n++] = v;
            }
        }
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN);
        }
        // Only four ranks are read (two either side of each percentile): selecting them is a few passes
        // where sorting all the replicates is a dozen, and a selected rank holds the value it holds sorted.
        double lowPosition = LOWER * (n - 1);
        double highPosition = UPPER * (n - 1);
        int lowRank = (int) Math.floor(lowPosition);
        int highRank = (int) Math.floor(highPosition);
        select(finite, 0, n, highRank);
        double atHigh = finite[highRank];
        double aboveHigh = highRank + 1 < n ? least(finite, highRank + 1, n) : atHigh;
        double atLow;
        double aboveLow;
        if (lowRank == highRank) {
            atLow = atHigh;
            aboveLow = aboveHigh;
        } else {
            select(finite, 0, highRank, lowRank);
            atLow = finite[lowRank];
            aboveLow = lowRank + 1 == highRank ? atHigh : least(finite, lowRank + 1, highRank);
        }
        return new Interval(interpolate(lowPosition, lowRank, atLow, aboveLow),
                interpolate(highPosition, highRank, atHigh, aboveHigh));
    }

    private static final double LOWER = 0.025;
    private static final double UPPER = 0.975;

    /** Linear interpolation between the closest ranks, {@code at} (rank {@code rank}) and the next one. */
    private static double interpolate(double position, int rank, double at, double next) {
        return at + (position - rank) * (next - at);
    }

    /**
     * Rearranges {@code a[from, to)} so that {@code a[k]} holds the value of rank {@code k} (as
     * {@link Arrays#sort(double[])} would place it), with no larger value before it and no smaller one
     * after it. Quickselect with a median-of-three pivot.
     */
    static void select(double[] a, int from, int to, int k) {
        int left = from;
        int right = to - 1;
        while (right > left) {
            int mid = (left + right) >>> 1;
            if (before(a[mid], a[left])) {
                swap(a, mid, left);
            }
            if (before(a[right], a[left])) {
                swap(a, right, left);
            }
            if (before(a[right], a[mid])) {
                swap(a, right, mid);
            }
            double pivot = a[mid];
            int i = left;
            int j = right;
            while (i <= j) {
                while (before(a[i], pivot)) {
                    i++;
                }
                while (before(pivot, a[j])) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                return;
            }
        }
    }

    /** The least of {@code a[from, to)} in sort order. */
    private static double least(double[] a, int from, int to) {
        double least = a[from];
        for (int i = from + 1; i < to; i++) {
            if (before(a[i], least)) {
                least = a[i];
            }
        }
        return least;
    }

    /** Sort order of finite values: {@link Double#compare}'s, where -0.0 comes before 0.0. */
    private static boolean before(double x, double y) {
        return x < y || x == y && x == 0 && Double.doubleToRawLongBits(x) < Double.doubleToRawLongBits(y);
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
