package io.p2law.fitting;

import java.util.List;
import java.util.Optional;

/**
 * What the engine needs from a law form beyond the catalog entry: the prediction with its analytic
 * gradient, the split into exponents (gridded) and linear constants (solved by non-negative least
 * squares) for variable projection, and the structural reasons a constant cannot be determined.
 */
abstract class FittableForm implements LawForm {

    private final List<ParameterInfo> parameters;

    FittableForm(List<ParameterInfo> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    @Override
    public final List<ParameterInfo> parameters() {
        return parameters;
    }

    final int dimension() {
        return parameters.size();
    }

    final int indexOf(String name) {
        for (int k = 0; k < parameters.size(); k++) {
            if (parameters.get(k).name().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /**
     * How the search moves a constant: {@code FREE} (exponents), {@code LOG} (positive constants
     * fitted as logarithms, the published recipe for Chinchilla), or {@code NON_NEGATIVE} (linear
     * coefficients fitted on their own scale with 0 as a hard bound, see {@link LevenbergMarquardt}).
     */
    enum Scale { FREE, LOG, NON_NEGATIVE }

    abstract Scale scale(int k);

    final boolean logScale(int k) {
        return scale(k) == Scale.LOG;
    }

    /**
     * The predicted loss at point {@code i}; when {@code gradient} is not null it receives the
     * derivatives by the natural (not log) constants.
     */
    abstract double value(double[] p, Points points, int i, double[] gradient);

    /**
     * The form with its constants bound, for one thread's pass over the points of one data set in
     * order; forms may cache what a run's points share.
     */
    interface Evaluation {
        double value(Points points, int i, double[] gradient);
    }

    Evaluation at(double[] p) {
        return (points, i, gradient) -> value(p, points, i, gradient);
    }

    /** dL/dD at point {@code i}, per raw token. */
    abstract double tokenDerivative(double[] p, Points points, int i);

    /** The loss as the tokens grow without bound. */
    abstract double asymptote(double[] p, Points points, int i);

    /** Candidate exponent vectors for variable projection. */
    abstract double[][] exponentGrid();

    abstract int linearCount();

    /**
     * Fills the linear basis at point {@code i} for the given exponents and returns the offset, so
     * that the prediction is {@code offset + sum(c[k] * basis[k])}.
     */
    abstract double basis(double[] exponents, Points points, int i, double[] basis);

    /**
     * The weighted normal equations of the linear constants for fixed exponents: fills
     * {@code gram} = F'WF and {@code rhs} = F'Wy and returns y'Wy, with y = L - offset and
     * W = 1/L^2 (so that the least squares approximate least squares on log loss).
     */
    interface Projection {
        double normalEquations(double[] exponents, double[][] gram, double[] rhs);
    }

    /** The projection over every point; forms with more structure override it with a faster exact one. */
    Projection projection(Points pts, double[][] grid) {
        return (x, gram, rhs) -> {
            int m = rhs.length;
            double[] f = new double[m];
            double yy = 0;
            for (int i = 0; i < pts.size; i++) {
                double y = pts.loss[i] - basis(x, pts, i, f);
                double w = 1 / (pts.loss[i] * pts.loss[i]);
                yy += w * y * y;
                for (int a = 0; a < m; a++) {
                    rhs[a] += w * f[a] * y;
                    for (int b = a; b < m; b++) {
                        gram[a][b] += w * f[a] * f[b];
                    }
                }
            }
            return yy;
        };
    }

    /** The natural constants from exponents and linear coefficients (all coefficients >= 0). */
    abstract double[] combine(double[] exponents, double[] coefficients);

    /** Constants the design of the data cannot determine, with the reason, by parameter index. */
    abstract List<Undetermined> structurallyUndetermined(Points points);

    /** The lowest loss the form can predict at point {@code i} (P2: the loss before pruning); NaN when none. */
    double floor(Points points, int i) {
        return Double.NaN;
    }

    /** What in the data this form cannot follow, in words; empty when nothing. */
    List<String> dataWarnings(Points points) {
        return List.of();
    }

    record Undetermined(List<String> parameters, String reason) {
    }

    /** Checks every form shares: sizes match, losses positive, tokens non-negative. */
    static Optional<String> commonRefusal(RunCurve run) {
        if (run.tokens() == null || run.losses() == null || run.tokens().length != run.losses().length) {
            return Optional.of("tokens and losses must be parallel arrays");
        }
        for (int j = 0; j < run.tokens().length; j++) {
            if (!(run.tokens()[j] >= 0) || Double.isInfinite(run.tokens()[j])) {
                return Optional.of("tokens must be finite and >= 0");
            }
            if (!(run.losses()[j] > 0) || Double.isInfinite(run.losses()[j])) {
                return Optional.of("losses must be finite and > 0 (the fit works on log loss)");
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name();
    }
}
