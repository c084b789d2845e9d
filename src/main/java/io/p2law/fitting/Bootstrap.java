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
        int[] fittedRuns = Arrays.stream(pts.run).distinct().sorted().toArray();
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
        // a plain loop: every prediction request comes here once per token count, and a stream's
        // buffers cost more than the sort
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
        Arrays.sort(finite, 0, n);
        return new Interval(percentile(finite, n, 0.025), percentile(finite, n, 0.975));
    }

    /** Linear interpolation between the closest ranks of the first {@code n} sorted values. */
    private static double percentile(double[] sorted, int n, double q) {
        double position = q * (n - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(n - 1, low + 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
