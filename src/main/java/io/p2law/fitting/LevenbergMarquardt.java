package io.p2law.fitting;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealVector;

/**
 * Levenberg-Marquardt on the normal equations (J'J + mu diag) h = -J'psi with Marquardt's scaling
 * and Nielsen's damping update.
 *
 * <p>Why not Commons Math's {@code LevenbergMarquardtOptimizer}: it asks for the dense n-by-p
 * Jacobian as a matrix on every evaluation and copies it for its QR, which at a million
 * checkpoints means hundreds of megabytes of garbage per iteration against a 512 MB heap. The
 * normal equations need only p-by-p sums (see {@link HuberObjective}); the weakly determined
 * directions that square the condition number are handled by the damping and reported by
 * {@link ParameterUncertainty}. The stopping tests are relative (1e-14 by default), never
 * absolute, so a small objective cannot end the search early.
 */
final class LevenbergMarquardt {

    private final double tolerance;
    private final int maxIterations;

    LevenbergMarquardt(double tolerance, int maxIterations) {
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    record Result(double[] theta, double objective, int iterations, boolean converged) {
    }

    Result minimise(HuberObjective objective, double[] start) {
        double[] theta = start.clone();
        HuberObjective.Linearization lin = objective.linearize(theta);
        double f = lin.sumSquares();
        if (!Double.isFinite(f)) {
            return new Result(theta, Double.NaN, 0, false);
        }
        int m = theta.length;
        double[] scale = new double[m];
        double mu = -1;
        double nu = 2;
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            if (f == 0 || gradientVanishes(lin, f)) {
                return new Result(theta, f / 2, iteration, true);
            }
            for (int k = 0; k < m; k++) {
                scale[k] = Math.max(scale[k], lin.jtj()[k][k]);
            }
            double maxScale = 0;
            for (double s : scale) {
                maxScale = Math.max(maxScale, s);
            }
            if (maxScale == 0) {
                return new Result(theta, f / 2, iteration, true);
            }
            if (mu < 0) {
                mu = 1e-3;
            }
            double[] h = step(lin, scale, maxScale, mu);
            if (h == null) {
                mu *= nu;
                nu *= 2;
                continue;
            }
            double[] trial = new double[m];
            boolean small = true;
            for (int k = 0; k < m; k++) {
                trial[k] = theta[k] + h[k];
                small &= Math.abs(h[k]) <= tolerance * (Math.abs(theta[k]) + tolerance);
            }
            if (small) {
                return new Result(theta, f / 2, iteration, true);
            }
            double predicted = 0;
            for (int a = 0; a < m; a++) {
                double ah = 0;
                for (int b = 0; b < m; b++) {
                    ah += lin.jtj()[a][b] * h[b];
                }
                predicted -= h[a] * (2 * lin.jtr()[a] + ah);
            }
            double ft = objective.sumSquares(trial);
            double actual = f - ft;
            if (Double.isFinite(ft) && actual > 0) {
                double ratio = predicted > 0 ? actual / predicted : 1;
                theta = trial;
                boolean stalled = actual <= tolerance * f && predicted <= tolerance * f;
                lin = objective.linearize(theta);
                f = lin.sumSquares();
                if (stalled) {
                    return new Result(theta, f / 2, iteration, true);
                }
                mu *= Math.max(1.0 / 3, 1 - Math.pow(2 * ratio - 1, 3));
                nu = 2;
            } else {
                if (predicted > 0 && predicted <= tolerance * f) {
                    // the model promises nothing measurable: we sit at the optimum to working precision
                    return new Result(theta, f / 2, iteration, true);
                }
                mu *= nu;
                nu *= 2;
                if (mu > 1e20) {
                    return new Result(theta, f / 2, iteration, gradientVanishes(lin, f, 1e-6));
                }
            }
        }
        return new Result(theta, f / 2, maxIterations, false);
    }

    private boolean gradientVanishes(HuberObjective.Linearization lin, double f) {
        return gradientVanishes(lin, f, tolerance);
    }

    /** MINPACK's test: the residual is orthogonal to every Jacobian column, to the tolerance. */
    private static boolean gradientVanishes(HuberObjective.Linearization lin, double f, double tol) {
        for (int k = 0; k < lin.jtr().length; k++) {
            double column = lin.jtj()[k][k];
            if (column > 0 && Math.abs(lin.jtr()[k]) > tol * Math.sqrt(column * f)) {
                return false;
            }
        }
        return true;
    }

    private static double[] step(HuberObjective.Linearization lin, double[] scale, double maxScale, double mu) {
        int m = scale.length;
        double[][] a = new double[m][m];
        for (int r = 0; r < m; r++) {
            System.arraycopy(lin.jtj()[r], 0, a[r], 0, m);
            // a parameter without influence still gets a tiny diagonal so the system stays solvable
            a[r][r] += mu * Math.max(scale[r], 1e-12 * maxScale);
        }
        try {
            RealVector h = new CholeskyDecomposition(new Array2DRowRealMatrix(a, false), 1e-300, 1e-300)
                    .getSolver().solve(new ArrayRealVector(lin.jtr()).mapMultiply(-1));
            double[] step = h.toArray();
            for (double s : step) {
                if (!Double.isFinite(s)) {
                    return null;
                }
            }
            return step;
        } catch (NonPositiveDefiniteMatrixException | org.apache.commons.math3.linear.NonSymmetricMatrixException e) {
            return null;
        }
    }
}
