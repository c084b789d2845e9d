package io.p2law.fitting;

import java.util.List;

/**
 * The fit's objective: the sum of Huber losses of the log residuals ln(Lhat) - ln(L), written as
 * half the sum of squares of the "square-root Huber" residuals psi so that Levenberg-Marquardt
 * applies. Works in the fit coordinates theta, where positive constants may be logarithms.
 *
 * <p>Levenberg-Marquardt only ever needs J'J and J'psi, so they are accumulated point by point and
 * the n-by-p Jacobian is never stored: a million points cost no more memory than the data.
 */
final class HuberObjective {

    /** Points per parallel chunk; fixed so that sums are added in the same order on every run. */
    private static final int CHUNK = 16_384;

    final FittableForm form;
    final Points points;
    private final double[] weights;
    private final double delta;
    private final Workers workers;

    HuberObjective(FittableForm form, Points points, double[] weights, double delta, Workers workers) {
        this.form = form;
        this.points = points;
        this.weights = weights;
        this.delta = delta;
        this.workers = workers;
    }

    /** The objective, its gradient half J'psi and the Gauss-Newton matrix J'J at theta. */
    record Linearization(double sumSquares, double[][] jtj, double[] jtr) {

        double objective() {
            return sumSquares / 2;
        }
    }

    double[] natural(double[] theta) {
        double[] p = theta.clone();
        for (int k = 0; k < p.length; k++) {
            if (form.logScale(k)) {
                p[k] = Math.exp(theta[k]);
            }
        }
        return p;
    }

    static double[] theta(FittableForm form, double[] natural) {
        double[] t = natural.clone();
        for (int k = 0; k < t.length; k++) {
            if (form.logScale(k)) {
                t[k] = Math.log(natural[k]);
            }
        }
        return t;
    }

    /** The sum of psi squared (twice the Huber sum). */
    double sumSquares(double[] theta) {
        double[] p = natural(theta);
        return sum(chunks(), c -> {
            FittableForm.Evaluation law = form.at(p);
            double s = 0;
            for (int i = c * CHUNK, end = Math.min(points.size, i + CHUNK); i < end; i++) {
                double w = weight(i);
                if (w == 0) {
                    continue;
                }
                double psi = psi(Math.log(law.value(points, i, null)) - points.lnLoss[i]);
                s += w * psi * psi;
            }
            return new double[] {s};
        })[0];
    }

    Linearization linearize(double[] theta) {
        double[] p = natural(theta);
        int m = p.length;
        int packed = m * (m + 1) / 2;
        // layout: [sumSquares, J'psi (m), upper triangle of J'J (packed)]
        // d/dtheta = d/dp * p for a constant fitted on a log scale: looked up once, not at every point
        double[] chain = new double[m];
        for (int k = 0; k < m; k++) {
            chain[k] = form.logScale(k) ? p[k] : 1;
        }
        double[] total = sum(chunks(), c -> {
            FittableForm.Evaluation law = form.at(p);
            double[] acc = new double[1 + m + packed];
            double[] g = new double[m];
            for (int i = c * CHUNK, end = Math.min(points.size, i + CHUNK); i < end; i++) {
                double w = weight(i);
                if (w == 0) {
                    continue;
                }
                double fitted = law.value(points, i, g);
                double r = Math.log(fitted) - points.lnLoss[i];
                double psi = psi(r);
                double slope = Math.abs(r) <= delta ? 1 : delta / Math.abs(psi);
                double perFitted = slope / fitted;
                for (int k = 0; k < m; k++) {
                    g[k] *= perFitted * chain[k];
                }
                acc[0] += w * psi * psi;
                for (int a = 0, q = 1 + m; a < m; a++) {
                    double wa = w * g[a];
                    acc[1 + a] += wa * psi;
                    for (int b = a; b < m; b++) {
                        acc[q++] += wa * g[b];
                    }
                }
            }
            return acc;
        });
        double[][] jtj = new double[m][m];
        for (int a = 0, q = 1 + m; a < m; a++) {
            for (int b = a; b < m; b++) {
                jtj[a][b] = total[q];
                jtj[b][a] = total[q++];
            }
        }
        double[] jtr = new double[m];
        System.arraycopy(total, 1, jtr, 0, m);
        return new Linearization(total[0], jtj, jtr);
    }

    /** The square-root Huber residual of a log residual. */
    double psi(double r) {
        return psi(r, delta);
    }

    /** The square-root Huber residual of a log residual, with threshold {@code delta}: its square is twice the Huber loss. */
    static double psi(double r, double delta) {
        double a = Math.abs(r);
        return a <= delta ? r : Math.copySign(Math.sqrt(2 * delta * a - delta * delta), r);
    }

    private double weight(int i) {
        return weights == null ? 1 : weights[points.run[i]];
    }

    private int chunks() {
        return (points.size + CHUNK - 1) / CHUNK;
    }

    private double[] sum(int chunks, java.util.function.IntFunction<double[]> chunk) {
        if (chunks <= 1) {
            return chunk.apply(0);
        }
        List<double[]> parts = workers.map(chunks, chunk);
        double[] total = parts.get(0);
        for (int c = 1; c < parts.size(); c++) {
            double[] part = parts.get(c);
            for (int k = 0; k < total.length; k++) {
                total[k] += part[k];
            }
        }
        return total;
    }
}
