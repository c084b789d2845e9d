package io.p2law.fitting;

/**
 * How well predictions match observed losses on a set of points: R^2 and RMSE of L, mean absolute
 * percentage error, and the average slope difference of the domain note (section 5; slopes per
 * billion tokens between consecutive checkpoints of a run).
 */
record FitQuality(double r2, double rmse, double mape, double asd) {

    private static final double BILLION = 1e9;

    static FitQuality of(FittableForm form, double[] p, Points pts) {
        int n = pts.size;
        if (n == 0) {
            return new FitQuality(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] fitted = new double[n];
        double mean = 0;
        // one evaluation for all points: it computes what a run's points share once per run, not per point
        FittableForm.Evaluation law = form.at(p);
        for (int i = 0; i < n; i++) {
            fitted[i] = law.value(pts, i, null);
            mean += pts.loss[i];
        }
        mean /= n;
        double ssRes = 0;
        double ssTot = 0;
        double ape = 0;
        for (int i = 0; i < n; i++) {
            double e = fitted[i] - pts.loss[i];
            ssRes += e * e;
            ssTot += (pts.loss[i] - mean) * (pts.loss[i] - mean);
            ape += Math.abs(e) / pts.loss[i];
        }
        double slopeDiff = 0;
        int pairs = 0;
        for (int[] run : pts.byRun()) {
            for (int j = 0; j + 1 < run.length; j++) {
                int a = run[j];
                int b = run[j + 1];
                double dd = (pts.tokens[b] - pts.tokens[a]) / BILLION;
                if (dd > 0) {
                    double observed = (pts.loss[b] - pts.loss[a]) / dd;
                    double predicted = (fitted[b] - fitted[a]) / dd;
                    slopeDiff += Math.abs(observed - predicted);
                    pairs++;
                }
            }
        }
        return new FitQuality(ssTot > 0 ? 1 - ssRes / ssTot : Double.NaN, Math.sqrt(ssRes / n),
                100 * ape / n, pairs > 0 ? slopeDiff / pairs : Double.NaN);
    }
}
