package io.p2law.fitting;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The P2 law, L = L0 + (1/rho)^gamma (1/N0)^delta (NC/N0^alpha + DC/D^beta + E), and its two
 * ablations (delta = 0, gamma = 0). N0 and D are in billions inside the law, as in the paper, so
 * NC, DC and E are of the order of a loss; the API's raw counts are rescaled here.
 */
final class P2Form extends FittableForm {

    private static final double LN_BILLION = Math.log(1e9);

    private final String name;
    private final String description;
    private final boolean hasGamma;
    private final boolean hasDelta;
    // indices into p; -1 when the ablation fixes the exponent at 0
    private final int gamma;
    private final int delta;
    private final int alpha;
    private final int beta;
    private final int nc;
    private final int dc;
    private final int e;

    private P2Form(String name, String description, boolean hasGamma, boolean hasDelta) {
        super(parameters(hasGamma, hasDelta));
        this.name = name;
        this.description = description;
        this.hasGamma = hasGamma;
        this.hasDelta = hasDelta;
        int k = 0;
        gamma = hasGamma ? k++ : -1;
        delta = hasDelta ? k++ : -1;
        alpha = k++;
        beta = k++;
        nc = k++;
        dc = k++;
        e = k;
    }

    static P2Form full() {
        return new P2Form("p2", "The P2 law for post-training after pruning (Chen, Hu et al., ACL 2025).", true, true);
    }

    static P2Form withoutSize() {
        return new P2Form("p2-no-size", "P2 ablation without the model-size factor (delta = 0).", true, false);
    }

    static P2Form withoutRate() {
        return new P2Form("p2-no-rate", "P2 ablation without the pruning-rate factor (gamma = 0).", false, true);
    }

    private static List<ParameterInfo> parameters(boolean hasGamma, boolean hasDelta) {
        List<ParameterInfo> list = new ArrayList<>();
        if (hasGamma) {
            list.add(new ParameterInfo("gamma", "1", "exponent of 1/rho; negative when rho is the fraction removed"));
        }
        if (hasDelta) {
            list.add(new ParameterInfo("delta", "1", "exponent of 1/N0 on the whole excess loss"));
        }
        list.add(new ParameterInfo("alpha", "1", "exponent of 1/N0 in the size term"));
        list.add(new ParameterInfo("beta", "1", "exponent of 1/D in the data term"));
        list.add(new ParameterInfo("NC", "nats/token at N0 = 1 billion parameters", "size term coefficient"));
        list.add(new ParameterInfo("DC", "nats/token at D = 1 billion tokens", "data term coefficient"));
        list.add(new ParameterInfo("E", "nats/token", "irreducible excess loss of the pruned model"));
        return list;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String formula() {
        String rate = hasGamma ? "(1/rho)^gamma * " : "";
        String size = hasDelta ? "(1/N0)^delta * " : "";
        return "L = L0 + " + rate + size + "(NC/N0^alpha + DC/D^beta + E), N0 and D in billions";
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<String> requiredFields() {
        return hasGamma
                ? List.of("paramsBefore", "pruningRate", "lossBefore")
                : List.of("paramsBefore", "lossBefore");
    }

    @Override
    public Optional<String> refusal(RunCurve run) {
        return commonRefusal(run).or(() -> refusal(run.model().paramsBefore(), run.model().pruningRate(), run.model().lossBefore()));
    }

    @Override
    public Optional<String> refusal(PrunedModel model) {
        return refusal(model.paramsBefore(), model.pruningRate(), model.lossBefore());
    }

    private Optional<String> refusal(double paramsBefore, double rate, Double lossBefore) {
        if (lossBefore == null || !(lossBefore > 0) || lossBefore.isInfinite()) {
            return Optional.of(name + " needs lossBefore, the loss before pruning (> 0)");
        }
        if (!(paramsBefore > 0) || Double.isInfinite(paramsBefore)) {
            return Optional.of(name + " needs paramsBefore > 0");
        }
        if (hasGamma && !(rate > 0 && rate < 1)) {
            return Optional.of(name + " needs a pruning rate strictly between 0 and 1, got " + rate);
        }
        return Optional.empty();
    }

    @Override
    Scale scale(int k) {
        // NC, DC and E enter linearly; on a log scale an optimum at 0 (common for E, which trades
        // against NC/N0^alpha) would be approached by an endless crawl, so they keep a hard bound
        return k >= nc ? Scale.NON_NEGATIVE : Scale.FREE;
    }

    @Override
    double value(double[] p, Points pts, int i, double[] g) {
        return at(p).value(pts, i, g);
    }

    /** The rate and size factors are the same for all of a run's checkpoints: two of three exponentials saved. */
    @Override
    Evaluation at(double[] p) {
        return new Evaluation() {
            private Points cachedPoints;
            private int cachedRun = -1;
            private double lnN0;
            private double s;
            private double u;

            @Override
            public double value(Points pts, int i, double[] g) {
                if (pts.run[i] != cachedRun || pts != cachedPoints) {
                    cachedPoints = pts;
                    cachedRun = pts.run[i];
                    lnN0 = pts.lnParamsBefore[i] - LN_BILLION;
                    s = Math.exp(-(hasGamma ? p[gamma] * pts.lnRate[i] : 0) - (hasDelta ? p[delta] * lnN0 : 0));
                    u = Math.exp(-p[alpha] * lnN0);
                }
                double lnD = pts.lnTokens[i] - LN_BILLION;
                double v = Math.exp(-p[beta] * lnD);
                double size = p[nc] * u;
                double data = p[dc] * v;
                double excess = s * (size + data + p[e]);
                if (g != null) {
                    if (hasGamma) {
                        g[gamma] = -pts.lnRate[i] * excess;
                    }
                    if (hasDelta) {
                        g[delta] = -lnN0 * excess;
                    }
                    g[alpha] = -lnN0 * s * size;
                    g[beta] = -lnD * s * data;
                    g[nc] = s * u;
                    g[dc] = s * v;
                    g[e] = s;
                }
                return pts.lossBefore[i] + excess;
            }
        };
    }

    @Override
    double tokenDerivative(double[] p, Points pts, int i) {
        double lnN0 = pts.lnParamsBefore[i] - LN_BILLION;
        double lnD = pts.lnTokens[i] - LN_BILLION;
        double s = Math.exp(-(hasGamma ? p[gamma] * pts.lnRate[i] : 0) - (hasDelta ? p[delta] * lnN0 : 0));
        return -p[beta] * s * p[dc] * Math.exp(-p[beta] * lnD) / pts.tokens[i];
    }

    @Override
    double asymptote(double[] p, Points pts, int i) {
        double lnN0 = pts.lnParamsBefore[i] - LN_BILLION;
        double s = Math.exp(-(hasGamma ? p[gamma] * pts.lnRate[i] : 0) - (hasDelta ? p[delta] * lnN0 : 0));
        double data = p[beta] > 0 ? 0 : p[beta] == 0 ? p[dc] : p[dc] > 0 ? Double.POSITIVE_INFINITY : 0;
        return pts.lossBefore[i] + s * (p[nc] * Math.exp(-p[alpha] * lnN0) + data + p[e]);
    }

    @Override
    double[][] exponentGrid() {
        double[] gammas = hasGamma ? range(-3, 1, 0.5) : new double[] {0};
        double[] deltas = hasDelta ? range(-0.5, 1.5, 0.25) : new double[] {0};
        double[] alphas = range(0, 1.6, 0.2);
        double[] betas = range(0.05, 1.5, 0.125);
        List<double[]> grid = new ArrayList<>();
        for (double g : gammas) {
            for (double d : deltas) {
                for (double a : alphas) {
                    for (double b : betas) {
                        grid.add(new double[] {g, d, a, b});
                    }
                }
            }
        }
        return grid.toArray(double[][]::new);
    }

    static double[] range(double from, double to, double step) {
        int n = (int) Math.floor((to - from) / step + 1e-9) + 1;
        double[] r = new double[n];
        for (int k = 0; k < n; k++) {
            r[k] = from + k * step;
        }
        return r;
    }

    @Override
    int linearCount() {
        return 3;
    }

    @Override
    double basis(double[] x, Points pts, int i, double[] f) {
        double lnN0 = pts.lnParamsBefore[i] - LN_BILLION;
        double s = Math.exp(-(hasGamma ? x[0] * pts.lnRate[i] : 0) - x[1] * lnN0);
        f[0] = s * Math.exp(-x[2] * lnN0);
        f[1] = s * Math.exp(-x[3] * (pts.lnTokens[i] - LN_BILLION));
        f[2] = s;
        return pts.lossBefore[i];
    }

    /**
     * Exact and fast: within a run only D varies, so the normal equations are sums over runs of the
     * run factors (1/rho)^gamma (1/N0)^delta and N0^-alpha times five per-run sums over the run's
     * checkpoints that depend on beta alone. They are computed once per beta of the grid, and each
     * grid point then costs a pass over the distinct (rho, N0) instead of over the points.
     */
    @Override
    Projection projection(Points pts, double[][] grid) {
        // runs that share (rho, N0) share their factors, so their sums can be pooled
        java.util.Map<java.util.List<Double>, Integer> groupOf = new java.util.HashMap<>();
        int[] group = new int[pts.size];
        for (int i = 0; i < pts.size; i++) {
            double lnRate = hasGamma ? pts.lnRate[i] : 0;
            group[i] = groupOf.computeIfAbsent(java.util.List.of(lnRate, pts.lnParamsBefore[i]), k -> groupOf.size());
        }
        int groups = groupOf.size();
        double[] lnRate = new double[groups];
        double[] lnN0 = new double[groups];
        groupOf.forEach((key, g) -> {
            lnRate[g] = key.get(0);
            lnN0[g] = key.get(1) - LN_BILLION;
        });
        double yy = 0;
        for (int i = 0; i < pts.size; i++) {
            double y = pts.loss[i] - pts.lossBefore[i];
            yy += y * y / (pts.loss[i] * pts.loss[i]);
        }
        // per beta, per group: sum w, sum w v, sum w v^2, sum w y, sum w y v, with v = D^-beta
        java.util.Map<Double, double[][]> byBeta = new java.util.HashMap<>();
        for (double[] x : grid) {
            byBeta.computeIfAbsent(x[3], beta -> {
                double[][] sums = new double[groups][5];
                for (int i = 0; i < pts.size; i++) {
                    double w = 1 / (pts.loss[i] * pts.loss[i]);
                    double v = Math.exp(-beta * (pts.lnTokens[i] - LN_BILLION));
                    double y = pts.loss[i] - pts.lossBefore[i];
                    double[] s = sums[group[i]];
                    s[0] += w;
                    s[1] += w * v;
                    s[2] += w * v * v;
                    s[3] += w * y;
                    s[4] += w * y * v;
                }
                return sums;
            });
        }
        double total = yy;
        return (x, gram, rhs) -> {
            double[][] sums = byBeta.get(x[3]);
            for (int r = 0; r < groups; r++) {
                double[] s = sums[r];
                double factor = Math.exp(-x[0] * lnRate[r] - x[1] * lnN0[r]);
                double f2 = factor * factor;
                double u = Math.exp(-x[2] * lnN0[r]);
                gram[0][0] += f2 * u * u * s[0];
                gram[0][1] += f2 * u * s[1];
                gram[0][2] += f2 * u * s[0];
                gram[1][1] += f2 * s[2];
                gram[1][2] += f2 * s[1];
                gram[2][2] += f2 * s[0];
                rhs[0] += factor * u * s[3];
                rhs[1] += factor * s[4];
                rhs[2] += factor * s[3];
            }
            return total;
        };
    }

    @Override
    double[] combine(double[] x, double[] c) {
        double[] p = new double[dimension()];
        if (hasGamma) {
            p[gamma] = x[0];
        }
        if (hasDelta) {
            p[delta] = x[1];
        }
        p[alpha] = x[2];
        p[beta] = x[3];
        p[nc] = c[0];
        p[dc] = c[1];
        p[e] = c[2];
        return p;
    }

    @Override
    List<Undetermined> structurallyUndetermined(Points pts) {
        List<Undetermined> found = new ArrayList<>();
        int sizes = Points.distinct(pts.lnParamsBefore);
        if (hasGamma) {
            if (Points.distinct(pts.rate) == 1) {
                found.add(new Undetermined(List.of("gamma"), "every run has the same pruning rate, so the rate "
                        + "factor (1/rho)^gamma is absorbed into NC, DC and E"));
            } else if (hasDelta && oneRatePerSize(pts)) {
                found.add(new Undetermined(List.of("gamma", "delta"), "every model size has a single pruning rate "
                        + "(as with 2:4 pruning), so the rate factor (gamma) cannot be separated from the size "
                        + "factor (delta)"));
            }
        }
        if (sizes == 1 && hasDelta) {
            found.add(new Undetermined(List.of("delta"), "all runs share one model size, so (1/N0)^delta is a "
                    + "constant absorbed into NC, DC and E"));
        }
        if (sizes < 3) {
            found.add(new Undetermined(List.of("NC", "alpha", "E"), "the runs have " + sizes + " model size(s); "
                    + "separating NC/N0^alpha from E needs at least three"));
        }
        return found;
    }

    @Override
    double floor(Points pts, int i) {
        return pts.lossBefore[i];
    }

    @Override
    List<String> dataWarnings(Points pts) {
        int below = 0;
        for (int i = 0; i < pts.size; i++) {
            if (pts.loss[i] < pts.lossBefore[i]) {
                below++;
            }
        }
        return below == 0 ? List.of() : List.of(below + " checkpoint(s) have a loss below lossBefore, which " + name
                + " cannot reach: its excess loss over L0 is never negative");
    }

    private static boolean oneRatePerSize(Points pts) {
        Set<Double> sizes = new HashSet<>();
        Set<List<Double>> pairs = new HashSet<>();
        for (int i = 0; i < pts.size; i++) {
            // a run's points share its size and rate: only a change adds to the sets (a warm refit of
            // 100k points spent more time boxing pairs here than in its polish)
            if (i > 0 && pts.lnParamsBefore[i] == pts.lnParamsBefore[i - 1] && pts.rate[i] == pts.rate[i - 1]) {
                continue;
            }
            sizes.add(pts.lnParamsBefore[i]);
            pairs.add(List.of(pts.lnParamsBefore[i], pts.rate[i]));
        }
        return sizes.size() == pairs.size();
    }
}
