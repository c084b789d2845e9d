package io.p2law.fitting;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealVector;

/**
 * Levenberg-Marquardt on the normal equations (J'J + mu diag) h = -J'psi with Marquardt's scaling
 * and Nielsen's damping update, projected onto the bound 0 for non-negative constants.
 *
 * <p>Why not Commons Math's {@code LevenbergMarquardtOptimizer}: it asks for the dense n-by-p
 * Jacobian as a matrix on every evaluation and copies it for its QR, which at a million
 * checkpoints means hundreds of megabytes of garbage per iteration against a 512 MB heap, and it
 * has no bounds. The normal equations need only p-by-p sums (see {@link HuberObjective}); the
 * weakly determined directions that square their condition number are handled by the damping and
 * reported by {@link ParameterUncertainty}. The stopping tests are relative (1e-14 for fits),
 * never absolute, so a small objective cannot end the search early.
 *
 * <p>Bounds: a step that would take a non-negative constant below 0 stops it at 0 and pins it
 * there (the active set); at convergence a pinned constant is released when the gradient says the
 * objective falls as it grows, and the search goes on.
 */
final class LevenbergMarquardt {

    /** How often one constant may leave its bound before it stays pinned (prevents cycling). */
    private static final int RELEASES = 3;

    /** The longest stretch of a Gauss-Newton step: below 2, where a direction the model gets right would overshoot. */
    private static final double MAX_STRETCH = 1.9;

    private final double tolerance;
    private final int maxIterations;
    private final double initialDamping;
    private final boolean stretchSteps;

    LevenbergMarquardt(double tolerance, int maxIterations) {
        this(tolerance, maxIterations, 1e-3);
    }

    /** {@code initialDamping}: small when the start is known to be close (a warm start), so early steps are full. */
    LevenbergMarquardt(double tolerance, int maxIterations, double initialDamping) {
        this(tolerance, maxIterations, initialDamping, false);
    }

    /**
     * {@code stretchSteps}: each step is lengthened by what the last accepted one measured of the
     * curvature along it. Where most residuals lie beyond the Huber threshold, J'J counts their
     * curvature that the Huber loss does not have, so full Gauss-Newton steps fall short by a steady
     * factor (a third on the fits measured) and the last digits cost a pass each for every factor of
     * nine; stretched steps get there in fewer. For the polish on all points, whose passes are the
     * most expensive; searches and bootstrap refits keep their plain steps.
     */
    LevenbergMarquardt(double tolerance, int maxIterations, double initialDamping, boolean stretchSteps) {
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.initialDamping = initialDamping;
        this.stretchSteps = stretchSteps;
    }

    /**
     * {@code passes}: how often the objective went over the points (each pass linearizes it at one
     * point); {@code linearization}: the objective's at {@code theta}, so that what follows the search
     * (standard errors) needs no pass of its own.
     */
    record Result(double[] theta, double objective, int iterations, boolean converged, int passes,
            HuberObjective.Linearization linearization) {
    }

    Result minimise(HuberObjective objective, double[] start) {
        FittableForm form = objective.form;
        int m = start.length;
        double[] theta = start.clone();
        boolean[] bounded = new boolean[m];
        boolean[] pinned = new boolean[m];
        for (int k = 0; k < m; k++) {
            bounded[k] = form.scale(k) == FittableForm.Scale.NON_NEGATIVE;
            if (bounded[k] && theta[k] <= 0) {
                theta[k] = 0;
                pinned[k] = true;
            }
        }
        int[] released = new int[m];
        HuberObjective.Linearization lin = objective.linearize(theta);
        int passes = 1;
        double f = lin.sumSquares();
        if (!Double.isFinite(f)) {
            return new Result(theta, Double.NaN, 0, false, passes, lin);
        }
        double[] scale = new double[m];
        double mu = initialDamping;
        double nu = 2;
        double stretch = 1;
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            boolean done = false;
            double[] h = null;
            if (f == 0 || gradientVanishes(lin, pinned, f, tolerance)) {
                done = true;
            } else {
                double maxScale = 0;
                for (int k = 0; k < m; k++) {
                    scale[k] = Math.max(scale[k], lin.jtj()[k][k]);
                    maxScale = Math.max(maxScale, scale[k]);
                }
                done = maxScale == 0;
                h = done ? null : step(lin, pinned, scale, maxScale, mu);
                if (!done && h == null) {
                    mu *= nu;
                    nu *= 2;
                    continue;
                }
            }
            if (!done) {
                // what the model promises for the plain step: the stopping tests' measure, however far we go
                double promised = reduction(lin, h);
                if (stretch != 1) {
                    for (int k = 0; k < m; k++) {
                        h[k] *= stretch;
                    }
                }
                double[] trial = new double[m];
                boolean[] hits = new boolean[m];
                boolean small = true;
                boolean hitBound = false;
                for (int k = 0; k < m; k++) {
                    if (pinned[k]) {
                        trial[k] = theta[k];
                        continue;
                    }
                    trial[k] = theta[k] + h[k];
                    if (bounded[k] && trial[k] <= 0) {
                        trial[k] = 0;
                        hits[k] = true;
                        hitBound = true;
                        h[k] = -theta[k];
                    }
                    small &= Math.abs(h[k]) <= tolerance * (Math.abs(theta[k]) + tolerance);
                }
                double predicted = reduction(lin, h);
                if (stretch == 1 || hitBound) {
                    promised = predicted;
                }
                // A step whose predicted reduction is already below the tolerance ends the search where
                // it stands: the test an accepted step must pass anyway (actual and predicted <= tolerance),
                // without the pass over the points that would only confirm the model's promise. A refit
                // from a point that is nearly its optimum (a warm replicate) then costs one pass, not two.
                // Not when the step reached a bound: along the bound the model may promise more.
                boolean promisesNothing = !small && !hitBound && promised > 0 && promised <= tolerance * f;
                // the trial point is linearized at once: most trials are accepted, and the pass that
                // gives the objective then also gives J'J, so an accepted step costs one pass, not two
                HuberObjective.Linearization trialLin = lin;
                if (!small && !promisesNothing) {
                    trialLin = objective.linearize(trial);
                    passes++;
                }
                double ft = trialLin.sumSquares();
                double actual = f - ft;
                if (small || promisesNothing) {
                    done = true;
                } else if (Double.isFinite(ft) && actual > 0) {
                    double ratio = predicted > 0 ? actual / predicted : 1;
                    done = actual <= tolerance * f && promised <= tolerance * f;
                    stretch = stretchSteps ? nextStretch(ratio, stretch) : 1;
                    theta = trial;
                    for (int k = 0; k < m; k++) {
                        pinned[k] |= hits[k];
                    }
                    lin = trialLin;
                    f = ft;
                    mu *= Math.max(1.0 / 3, 1 - Math.pow(2 * ratio - 1, 3));
                    nu = 2;
                } else if (promised > 0 && promised <= tolerance * f) {
                    // the model promises nothing measurable: we sit at the optimum to working precision
                    done = true;
                } else {
                    stretch = 1;
                    mu *= nu;
                    nu *= 2;
                    if (mu > 1e20) {
                        done = gradientVanishes(lin, pinned, f, 1e-6);
                        if (!done) {
                            return new Result(theta, f / 2, iteration, false, passes, lin);
                        }
                    }
                }
            }
            if (done) {
                if (f > 0 && release(lin, pinned, released, f)) {
                    mu = initialDamping;
                    nu = 2;
                    continue;
                }
                return new Result(theta, f / 2, iteration, true, passes, lin);
            }
        }
        return new Result(theta, f / 2, maxIterations, false, passes, lin);
    }

    /** The reduction of the sum of squares the linear model promises for step {@code h}. */
    private static double reduction(HuberObjective.Linearization lin, double[] h) {
        double predicted = 0;
        for (int a = 0; a < h.length; a++) {
            double ah = 0;
            for (int b = 0; b < h.length; b++) {
                ah += lin.jtj()[a][b] * h[b];
            }
            predicted -= h[a] * (2 * lin.jtr()[a] + ah);
        }
        return predicted;
    }

    /**
     * The stretch of the next step from the last accepted one's {@code ratio} of actual to predicted
     * reduction, taken with stretch {@code taken}. Along a step of length a (in plain steps) the sum of
     * squares falls by 2a - a^2 c (in units of the plain step's promise) where the model says 2a - a^2,
     * c being the true curvature over the model's; the ratio gives c = (2 - ratio (2 - a)) / a, and the
     * best length along that direction is 1 / c. Only lengthened, never shortened: where the model's
     * curvature is too low the damping takes care of it.
     */
    private static double nextStretch(double ratio, double taken) {
        double curvature = (2 - ratio * (2 - taken)) / taken;
        return curvature > 0 && curvature < 1 ? Math.min(MAX_STRETCH, 1 / curvature) : 1;
    }

    /**
     * The bound's optimality condition: a pinned constant whose gradient is clearly negative (the
     * objective would fall as it grows) is released. True if any was.
     */
    private boolean release(HuberObjective.Linearization lin, boolean[] pinned, int[] released, double f) {
        boolean any = false;
        for (int k = 0; k < pinned.length; k++) {
            if (pinned[k] && released[k] < RELEASES
                    && -lin.jtr()[k] > Math.max(tolerance, 1e-10) * Math.sqrt(lin.jtj()[k][k] * f)) {
                pinned[k] = false;
                released[k]++;
                any = true;
            }
        }
        return any;
    }

    /** MINPACK's test: the residual is orthogonal to every free Jacobian column, to the tolerance. */
    private static boolean gradientVanishes(HuberObjective.Linearization lin, boolean[] pinned, double f, double tol) {
        for (int k = 0; k < lin.jtr().length; k++) {
            double column = lin.jtj()[k][k];
            if (!pinned[k] && column > 0 && Math.abs(lin.jtr()[k]) > tol * Math.sqrt(column * f)) {
                return false;
            }
        }
        return true;
    }

    private static double[] step(HuberObjective.Linearization lin, boolean[] pinned, double[] scale, double maxScale,
            double mu) {
        int m = scale.length;
        double[][] a = new double[m][m];
        double[] rhs = new double[m];
        for (int r = 0; r < m; r++) {
            if (pinned[r]) {
                a[r][r] = 1;
                continue;
            }
            for (int q = 0; q < m; q++) {
                a[r][q] = pinned[q] ? 0 : lin.jtj()[r][q];
            }
            // a constant without influence still gets a tiny diagonal so the system stays solvable
            a[r][r] += mu * Math.max(scale[r], 1e-12 * maxScale);
            rhs[r] = -lin.jtr()[r];
        }
        try {
            RealVector h = new CholeskyDecomposition(new Array2DRowRealMatrix(a, false), 1e-300, 1e-300)
                    .getSolver().solve(new ArrayRealVector(rhs, false));
            double[] step = h.toArray();
            for (double s : step) {
                if (!Double.isFinite(s)) {
                    return null;
                }
            }
            return step;
        } catch (NonPositiveDefiniteMatrixException e) {
            return null;
        }
    }
}
