package io.p2law.fitting;

import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.exception.MathArithmeticException;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;

/**
 * Do the runs level off before the law lets them? The law is refitted with one more constant per run:
 * the point past which that run's tokens count less and less, so that it plateaus. How much of the
 * law's Huber objective these plateaus explain is set against how much the opposite bend explains
 * (past its own point a run's tokens count more and more, so that it keeps falling faster).
 *
 * <p>Why both: a run's drift (a slow wander of its evaluations) is a bend too, and any per-run bend
 * explains some of it, up or down alike. Runs that really flatten early are explained far better by
 * plateaus than by the opposite bend; drift is not. Why refit the law's constants with the plateaus
 * instead of bending the runs around the fitted law: runs that flatten at different points pull one
 * shared law into a compromise that misses every one of them a little, and bent around that
 * compromise no single run gains much. Refitted, the law returns to the curve the runs follow before
 * they level off, and the plateaus take up what it leaves.
 *
 * <p>Effective tokens: {@code ln D' = ln D -+ ln(1 + (D/K)^2) / 2} with the run's point {@code K}
 * kept between half an e-fold before its first checkpoint and two e-folds after its last (a smooth
 * bound through {@code tanh}, so a run with no bend takes its point past the end).
 */
final class PlateauCheck {

    /**
     * The refits use at most this many points, strided within each run as for seeding: more than the
     * calibration benchmark's families have (at most 5 sizes x 4 rates x 60 checkpoints), where the
     * check was measured, and a fifth of the cost of 3,000 on a family of 45 runs.
     */
    static final int MAX_POINTS = 1_500;
    /** A run gets its own point only with this many checkpoints in the refit. */
    static final int MIN_RUN_POINTS = 10;
    /** At most this many runs (those with the most checkpoints) get a point of their own. */
    static final int MAX_RUNS = 60;
    private static final double[] GRID = {-2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3};
    private static final double NO_BEND = 3;
    private static final double BEND_LIMIT = 6;
    private static final int MAX_ITERATIONS = 500;
    /** A step that takes less than this fraction off the objective ends the search. */
    private static final double TOLERANCE = 1e-9;

    private PlateauCheck() {
    }

    /**
     * @param flattening the fraction of the law's objective that a plateau per run explains
     * @param steepening the fraction the opposite bend per run explains
     * @param runs       how many runs had a point of their own
     * @param gain       what the plateaus explain beyond the opposite bend, in noise variances
     */
    record Result(double flattening, double steepening, int runs, double gain) {

        /** NaN when the opposite bend was not fitted (the plateaus explained too little to matter). */
        double margin() {
            return flattening - steepening;
        }
    }

    /**
     * @param noise     the evaluation noise (log loss): the Huber threshold is twice it, so that spikes
     *                  weigh as outliers, and the gain is counted in its square
     * @param threshold a margin of interest: when the plateaus explain no more than this fraction, the
     *                  opposite bend is not fitted and the result has NaN for it (and for the gain)
     * @return null when fewer than two runs have enough checkpoints
     */
    static Result measure(FittableForm form, Points all, double[] values, double noise, double threshold) {
        Points pts = all.subsample(MAX_POINTS);
        List<int[]> byRun = pts.byRun();
        int[] bent = new int[pts.runCount];
        Arrays.fill(bent, -1);
        Integer[] order = new Integer[pts.runCount];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(byRun.get(b).length, byRun.get(a).length));
        int runs = 0;
        for (int k : order) {
            if (runs < MAX_RUNS && byRun.get(k).length >= MIN_RUN_POINTS) {
                bent[k] = runs++;
            }
        }
        if (runs < 2) {
            return null;
        }
        double[] low = new double[runs];
        double[] high = new double[runs];
        for (int k = 0; k < pts.runCount; k++) {
            if (bent[k] >= 0) {
                int[] run = byRun.get(k);
                low[bent[k]] = pts.lnTokens[run[0]] - 0.5;
                high[bent[k]] = pts.lnTokens[run[run.length - 1]] + 2;
            }
        }
        double delta = 2 * noise;
        Bent plateaus = new Bent(form, pts, bent, low, high, -1, delta);
        Bent opposite = new Bent(form, pts, bent, low, high, +1, delta);
        double base = plateaus.sumSquares(values);
        if (!(base > 0)) {
            return null;
        }
        double flat = plateaus.minimise(values, byRun);
        double flattening = Math.max(0, (base - flat) / base);
        if (flattening <= threshold) {
            // the margin (plateaus minus the opposite bend) cannot exceed what the plateaus alone explain
            return new Result(flattening, Double.NaN, runs, Double.NaN);
        }
        double steep = opposite.minimise(values, byRun);
        double steepening = Math.max(0, (base - steep) / base);
        return new Result(flattening, steepening, runs, (steep - flat) / (noise * noise));
    }

    /** The law with each bent run's tokens bent one way ({@code sign} -1: plateaus, +1: the opposite). */
    private static final class Bent {
        private final FittableForm form;
        private final Points pts;
        private final int[] bent;
        private final double[] low;
        private final double[] high;
        private final int sign;
        private final double delta;
        private final int d;

        Bent(FittableForm form, Points pts, int[] bent, double[] low, double[] high, int sign, double delta) {
            this.form = form;
            this.pts = pts;
            this.bent = bent;
            this.low = low;
            this.high = high;
            this.sign = sign;
            this.delta = delta;
            this.d = form.dimension();
        }

        /** The sum of squared square-root-Huber residuals of the law itself, no run bent. */
        double sumSquares(double[] values) {
            double[] x = Arrays.copyOf(values, d + low.length);
            Arrays.fill(x, d, x.length, Double.NaN);
            return sumSquares(x, new double[pts.size]);
        }

        /**
         * The least objective found: each run's bend first placed on a grid with the law's constants
         * fixed, then all refitted together by Levenberg-Marquardt, which only ever takes steps that
         * lower the objective, so that where it stops, converged or at its iteration limit, is the
         * best it saw.
         */
        double minimise(double[] values, List<int[]> byRun) {
            int runs = low.length;
            double[] start = Arrays.copyOf(values, d + runs);
            Arrays.fill(start, d, d + runs, NO_BEND);
            double[] psi = new double[pts.size];
            for (int k = 0; k < pts.runCount; k++) {
                if (bent[k] >= 0) {
                    start[d + bent[k]] = bestOf(start, bent[k], byRun.get(k), psi);
                }
            }
            return levenbergMarquardt(start);
        }

        /**
         * Levenberg-Marquardt on the normal equations with Marquardt's scaling and Nielsen's damping
         * update, each step clamped into the bounds. A point's derivatives touch the law's constants
         * and its own run's bend only, so J'J is summed over those (d + 1)^2 entries per point, not
         * over all (d + runs)^2: with 45 runs Commons Math's optimizer (a QR of the dense Jacobian at
         * every iteration) took 6 s on 3,000 checkpoints, this takes a tenth of that. Returns the least
         * objective reached.
         */
        private double levenbergMarquardt(double[] start) {
            int m = start.length;
            double[] x = start.clone();
            double[][] jtj = new double[m][m];
            double[] jtr = new double[m];
            double f = linearize(x, jtj, jtr);
            double mu = 1e-3;
            double nu = 2;
            for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
                double[] h = step(jtj, jtr, mu);
                if (h == null) {
                    mu *= nu;
                    nu *= 2;
                    continue;
                }
                double[] trial = x.clone();
                for (int k = 0; k < m; k++) {
                    trial[k] += h[k];
                }
                clamp(trial);
                double fTrial = sumSquares(trial, new double[pts.size]);
                double predicted = 0;
                for (int k = 0; k < m; k++) {
                    predicted += h[k] * (mu * scale(jtj[k][k]) * h[k] - jtr[k]);
                }
                double rho = predicted > 0 ? (f - fTrial) / predicted : -1;
                if (fTrial < f && rho > 0) {
                    boolean converged = f - fTrial <= TOLERANCE * f;
                    x = trial;
                    for (double[] row : jtj) {
                        Arrays.fill(row, 0);
                    }
                    Arrays.fill(jtr, 0);
                    f = linearize(x, jtj, jtr);
                    mu *= Math.max(1.0 / 3, 1 - Math.pow(2 * rho - 1, 3));
                    nu = 2;
                    if (converged) {
                        break;
                    }
                } else {
                    mu *= nu;
                    nu *= 2;
                    if (mu > 1e20) {
                        break;
                    }
                }
            }
            return f;
        }

        private static double scale(double diagonal) {
            return Math.max(diagonal, 1e-12);
        }

        /**
         * The damped Gauss-Newton step, or null when the damped matrix cannot be factored. Solved in
         * units of each constant's own curvature, so that a bend with next to no effect (a run whose
         * point lies past its end) does not look singular next to the law's constants.
         */
        private static double[] step(double[][] jtj, double[] jtr, double mu) {
            int m = jtr.length;
            double[] unit = new double[m];
            for (int k = 0; k < m; k++) {
                unit[k] = Math.sqrt(scale(jtj[k][k]));
            }
            double[][] a = new double[m][m];
            double[] b = new double[m];
            for (int k = 0; k < m; k++) {
                for (int l = 0; l < m; l++) {
                    a[k][l] = jtj[k][l] / (unit[k] * unit[l]);
                }
                a[k][k] = scale(jtj[k][k]) / (unit[k] * unit[k]) * (1 + mu);
                b[k] = -jtr[k] / unit[k];
            }
            try {
                double[] h = new CholeskyDecomposition(new Array2DRowRealMatrix(a, false)).getSolver()
                        .solve(new ArrayRealVector(b, false)).toArray();
                for (int k = 0; k < m; k++) {
                    h[k] /= unit[k];
                }
                return h;
            } catch (MathIllegalArgumentException | MathArithmeticException singular) {
                return null;
            }
        }

        /** The grid value of run {@code q}'s bend with the least objective over its points. */
        private double bestOf(double[] x, int q, int[] run, double[] psi) {
            double bestU = NO_BEND;
            double best = Double.POSITIVE_INFINITY;
            for (double u : GRID) {
                x[d + q] = u;
                evaluate(x, psi, null, null, run);
                double s = 0;
                for (int i : run) {
                    s += psi[i] * psi[i];
                }
                if (s < best) {
                    best = s;
                    bestU = u;
                }
            }
            return bestU;
        }

        private void clamp(double[] x) {
            for (int k = 0; k < x.length; k++) {
                if (k >= d) {
                    x[k] = Math.max(-BEND_LIMIT, Math.min(BEND_LIMIT, x[k]));
                } else if (form.scale(k) == FittableForm.Scale.NON_NEGATIVE) {
                    x[k] = Math.max(0, x[k]);
                } else if (form.scale(k) == FittableForm.Scale.LOG) {
                    x[k] = Math.max(Double.MIN_NORMAL, x[k]);
                }
            }
        }

        /** The objective at {@code x}, with psi (per point) left in {@code psi}. */
        private double sumSquares(double[] x, double[] psi) {
            evaluate(x, psi, null, null, null);
            return squared(psi);
        }

        /** The objective at {@code x}, adding J'J and J'psi into the (zeroed) arrays given. */
        private double linearize(double[] x, double[][] jtj, double[] jtr) {
            double[] psi = new double[pts.size];
            evaluate(x, psi, jtj, jtr, null);
            return squared(psi);
        }

        private static double squared(double[] psi) {
            double s = 0;
            for (double v : psi) {
                s += v * v;
            }
            return s;
        }

        /**
         * The square-root-Huber residuals at {@code x} (the law's constants, then one bend per bent
         * run; NaN for no bend), and, when {@code jtj} is not null, J'J and J'psi added into it; at the
         * points {@code only} (ascending), or at all when it is null.
         */
        void evaluate(double[] x, double[] psi, double[][] jtj, double[] jtr, int[] only) {
            double[] p = Arrays.copyOf(x, d);
            double[] lnTokens = pts.lnTokens.clone();
            double[] tokens = pts.tokens.clone();
            double[] slope = new double[pts.size];
            int count = only == null ? pts.size : only.length;
            for (int j = 0; j < count; j++) {
                int i = only == null ? j : only[j];
                int q = bent[pts.run[i]];
                if (q < 0 || Double.isNaN(x[d + q])) {
                    continue;
                }
                double t = Math.tanh(x[d + q]);
                double knee = low[q] + (high[q] - low[q]) * (1 + t) / 2;
                double z = 2 * (pts.lnTokens[i] - knee);
                lnTokens[i] += sign * 0.5 * softplus(z);
                tokens[i] = Math.exp(lnTokens[i]);
                // d lnD'/du = -sign * logistic(z) * dK/du
                slope[i] = -sign / (1 + Math.exp(-z)) * (high[q] - low[q]) / 2 * (1 - t * t);
            }
            Points at = pts.atTokens(tokens, lnTokens);
            FittableForm.Evaluation law = form.at(p);
            double[] g = jtj == null ? null : new double[d];
            int[] columns = new int[d + 1];
            double[] row = new double[d + 1];
            for (int k = 0; k < d; k++) {
                columns[k] = k;
            }
            for (int j = 0; j < count; j++) {
                int i = only == null ? j : only[j];
                double fitted = law.value(at, i, g);
                if (!(fitted > 0) || !Double.isFinite(fitted)) {
                    // a trial step out of the form's domain: a large residual that no step leads back into
                    psi[i] = 1;
                    continue;
                }
                double r = Math.log(fitted) - pts.lnLoss[i];
                psi[i] = HuberObjective.psi(r, delta);
                if (jtj == null) {
                    continue;
                }
                double perFitted = (Math.abs(r) <= delta ? 1 : delta / Math.abs(psi[i])) / fitted;
                for (int k = 0; k < d; k++) {
                    row[k] = perFitted * g[k];
                }
                int q = bent[pts.run[i]];
                int used = d;
                if (q >= 0 && slope[i] != 0) {
                    columns[d] = d + q;
                    row[d] = perFitted * form.tokenDerivative(p, at, i) * at.tokens[i] * slope[i];
                    used = d + 1;
                }
                for (int u = 0; u < used; u++) {
                    if (!Double.isFinite(row[u])) {
                        continue;
                    }
                    jtr[columns[u]] += row[u] * psi[i];
                    for (int v = 0; v < used; v++) {
                        if (Double.isFinite(row[v])) {
                            jtj[columns[u]][columns[v]] += row[u] * row[v];
                        }
                    }
                }
            }
        }

        private static double softplus(double z) {
            return z > 30 ? z : Math.log1p(Math.exp(z));
        }
    }
}
