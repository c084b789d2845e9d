package io.p2law.fitting;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Standard errors from the Jacobian at the optimum, and which constants it cannot determine.
 * J'J is scaled to unit diagonal; an eigenvalue below {@link #SINGULAR} (relative to the largest)
 * is a direction the data does not constrain, and every constant with real weight in it is
 * undetermined: its standard error is NaN instead of a meaningless huge number.
 */
final class ParameterUncertainty {

    static final double SINGULAR = 1e-11;
    private static final double INVOLVED = 0.2;

    private final double[] standardErrors;
    private final boolean[] undetermined;
    private final boolean[] atZero;

    private ParameterUncertainty(double[] standardErrors, boolean[] undetermined, boolean[] atZero) {
        this.standardErrors = standardErrors.clone();
        this.undetermined = undetermined.clone();
        this.atZero = atZero.clone();
    }

    double standardError(int k) {
        return standardErrors[k];
    }

    boolean undetermined(int k) {
        return undetermined[k];
    }

    boolean[] atZero() {
        return atZero.clone();
    }

    /** The same, with the standard errors of constants the form cannot determine from such data at all as NaN. */
    ParameterUncertainty withoutStandardErrors(boolean[] structurallyUndetermined) {
        double[] se = standardErrors.clone();
        for (int k = 0; k < se.length; k++) {
            if (structurallyUndetermined[k]) {
                se[k] = Double.NaN;
            }
        }
        return new ParameterUncertainty(se, undetermined, atZero);
    }

    static ParameterUncertainty at(FittableForm form, double[] natural, HuberObjective.Linearization lin, int points) {
        int m = natural.length;
        double[][] a = lin.jtj();
        boolean[] undetermined = new boolean[m];
        boolean[] atZero = new boolean[m];
        double[] norm = new double[m];
        for (int k = 0; k < m; k++) {
            norm[k] = Math.sqrt(a[k][k]);
            // at 0: on the bound, or (on a log scale) so small that its term moves no prediction by 1e-9
            atZero[k] = form.scale(k) == FittableForm.Scale.NON_NEGATIVE && natural[k] == 0
                    || form.logScale(k) && norm[k] < 1e-9 * Math.sqrt(points);
            undetermined[k] = norm[k] == 0 || atZero[k];
        }
        double[][] c = new double[m][m];
        for (int r = 0; r < m; r++) {
            for (int q = 0; q < m; q++) {
                c[r][q] = norm[r] > 0 && norm[q] > 0 ? a[r][q] / (norm[r] * norm[q]) : (r == q ? 1 : 0);
            }
        }
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(c, false));
        double[] values = eigen.getRealEigenvalues();
        double largest = 0;
        for (double v : values) {
            largest = Math.max(largest, v);
        }
        RealMatrix vectors = eigen.getV();
        double[][] inverse = new double[m][m];
        for (int j = 0; j < m; j++) {
            double[] v = vectors.getColumn(j);
            if (values[j] < SINGULAR * largest) {
                for (int k = 0; k < m; k++) {
                    if (Math.abs(v[k]) > INVOLVED) {
                        undetermined[k] = true;
                    }
                }
                continue;
            }
            for (int r = 0; r < m; r++) {
                for (int q = 0; q < m; q++) {
                    inverse[r][q] += v[r] * v[q] / values[j];
                }
            }
        }
        double dof = points - m;
        double variance = dof > 0 ? lin.sumSquares() / dof : Double.NaN;
        double[] se = new double[m];
        for (int k = 0; k < m; k++) {
            double thetaSe = Math.sqrt(variance * inverse[k][k]) / norm[k];
            se[k] = undetermined[k] || !Double.isFinite(thetaSe) ? Double.NaN
                    : form.logScale(k) ? natural[k] * thetaSe : thetaSe;
        }
        return new ParameterUncertainty(se, undetermined, atZero);
    }

    List<String> names(FittableForm form, boolean[] which) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < which.length; k++) {
            if (which[k]) {
                names.add(form.parameters().get(k).name());
            }
        }
        return names;
    }
}
