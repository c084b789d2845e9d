package io.p2law.fitting;

/**
 * Exact non-negative least squares for the handful of linear constants a form has (at most four),
 * from the normal equations: the optimum is the unconstrained solution on some support set with all
 * coefficients non-negative, so trying every support (at most 16) finds it without iteration.
 */
final class NonNegativeLeastSquares {

    private NonNegativeLeastSquares() {
    }

    /**
     * Minimises |y - F c|^2 over c >= 0 given gram = F'F, rhs = F'y and yy = y'y.
     * Returns the coefficients; {@code residual[0]} receives the minimum.
     */
    static double[] solve(double[][] gram, double[] rhs, double yy, double[] residual) {
        int m = rhs.length;
        double[] scale = new double[m];
        for (int k = 0; k < m; k++) {
            scale[k] = gram[k][k] > 0 ? 1 / Math.sqrt(gram[k][k]) : 0;
        }
        double best = yy;
        double[] bestCoefficients = new double[m];
        for (int support = 1; support < (1 << m); support++) {
            double[] c = solveOn(support, gram, rhs, scale);
            if (c == null) {
                continue;
            }
            double value = yy;
            for (int a = 0; a < m; a++) {
                value -= 2 * c[a] * rhs[a];
                for (int b = 0; b < m; b++) {
                    value += c[a] * gram[a][b] * c[b];
                }
            }
            if (value < best) {
                best = value;
                bestCoefficients = c;
            }
        }
        residual[0] = Math.max(best, 0);
        return bestCoefficients;
    }

    /** The unconstrained solution on the support (columns scaled to unit norm), or null if infeasible. */
    private static double[] solveOn(int support, double[][] gram, double[] rhs, double[] scale) {
        int m = rhs.length;
        int[] idx = new int[Integer.bitCount(support)];
        for (int k = 0, j = 0; k < m; k++) {
            if ((support & (1 << k)) != 0) {
                if (scale[k] == 0) {
                    return null;
                }
                idx[j++] = k;
            }
        }
        int s = idx.length;
        double[][] a = new double[s][s + 1];
        for (int r = 0; r < s; r++) {
            for (int q = 0; q < s; q++) {
                a[r][q] = gram[idx[r]][idx[q]] * scale[idx[r]] * scale[idx[q]];
            }
            a[r][s] = rhs[idx[r]] * scale[idx[r]];
        }
        for (int col = 0; col < s; col++) {
            int pivot = col;
            for (int r = col + 1; r < s; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-13) {
                return null;
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = col + 1; r < s; r++) {
                double f = a[r][col] / a[col][col];
                for (int q = col; q <= s; q++) {
                    a[r][q] -= f * a[col][q];
                }
            }
        }
        double[] x = new double[s];
        for (int r = s - 1; r >= 0; r--) {
            double v = a[r][s];
            for (int q = r + 1; q < s; q++) {
                v -= a[r][q] * x[q];
            }
            x[r] = v / a[r][r];
            if (x[r] < 0) {
                return null;
            }
        }
        double[] c = new double[m];
        for (int j = 0; j < s; j++) {
            c[idx[j]] = x[j] * scale[idx[j]];
        }
        return c;
    }
}
