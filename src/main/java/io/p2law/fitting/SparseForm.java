package io.p2law.fitting;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Frantar et al.'s sparse scaling law (ICLR 2024),
 * L = (aS (1-S)^bS + cS) (1/N)^bN + (aD/D)^bD + c, with S the pruning rate and N the parameter
 * count after pruning, both in raw counts as published.
 */
final class SparseForm extends FittableForm {

    private static final int AS = 0;
    private static final int BS = 1;
    private static final int CS = 2;
    private static final int BN = 3;
    private static final int AD = 4;
    private static final int BD = 5;
    private static final int C = 6;

    SparseForm() {
        super(List.of(
                new ParameterInfo("aS", "nats/token * parameters^bN", "sparsity-dependent size coefficient"),
                new ParameterInfo("bS", "1", "exponent of the kept fraction 1-S"),
                new ParameterInfo("cS", "nats/token * parameters^bN", "sparsity-independent size coefficient"),
                new ParameterInfo("bN", "1", "exponent of 1/N, N = parameters after pruning"),
                new ParameterInfo("aD", "tokens", "data scale"),
                new ParameterInfo("bD", "1", "exponent of aD/D"),
                new ParameterInfo("c", "nats/token", "irreducible loss")));
    }

    @Override
    public String name() {
        return "sparse";
    }

    @Override
    public String formula() {
        return "L = (aS*(1-S)^bS + cS) * (1/N)^bN + (aD/D)^bD + c, S = pruning rate, N = parameters after pruning";
    }

    @Override
    public String description() {
        return "Frantar et al.'s scaling law for sparsely connected models (ICLR 2024).";
    }

    @Override
    public List<String> requiredFields() {
        return List.of("paramsAfter", "pruningRate");
    }

    @Override
    public Optional<String> refusal(RunCurve run) {
        return commonRefusal(run).or(() -> refusal(run.model().paramsAfter(), run.model().pruningRate()));
    }

    @Override
    public Optional<String> refusal(PrunedModel model) {
        return refusal(model.paramsAfter(), model.pruningRate());
    }

    private static Optional<String> refusal(double paramsAfter, double rate) {
        if (!(paramsAfter > 0) || Double.isInfinite(paramsAfter)) {
            return Optional.of("sparse needs paramsAfter > 0, got " + paramsAfter);
        }
        if (!(rate >= 0 && rate < 1)) {
            return Optional.of("sparse needs a pruning rate in [0, 1), got " + rate);
        }
        return Optional.empty();
    }

    @Override
    Scale scale(int k) {
        return k == AS || k == CS || k == AD || k == C ? Scale.LOG : Scale.FREE;
    }

    @Override
    double value(double[] p, Points pts, int i, double[] g) {
        double lnKept = Math.log1p(-pts.rate[i]);
        double t = Math.exp(p[BS] * lnKept);
        double w = Math.exp(-p[BN] * pts.lnParamsAfter[i]);
        double size = (p[AS] * t + p[CS]) * w;
        double lnScaled = Math.log(p[AD]) - pts.lnTokens[i];
        double data = Math.exp(p[BD] * lnScaled);
        if (g != null) {
            g[AS] = t * w;
            g[BS] = lnKept * p[AS] * t * w;
            g[CS] = w;
            g[BN] = -pts.lnParamsAfter[i] * size;
            g[AD] = p[BD] * data / p[AD];
            g[BD] = lnScaled * data;
            g[C] = 1;
        }
        return size + data + p[C];
    }

    @Override
    double tokenDerivative(double[] p, Points pts, int i) {
        return -p[BD] * Math.exp(p[BD] * (Math.log(p[AD]) - pts.lnTokens[i])) / pts.tokens[i];
    }

    @Override
    double asymptote(double[] p, Points pts, int i) {
        double size = (p[AS] * Math.exp(p[BS] * Math.log1p(-pts.rate[i])) + p[CS])
                * Math.exp(-p[BN] * pts.lnParamsAfter[i]);
        double data = p[BD] > 0 ? 0 : p[BD] == 0 ? 1 : Double.POSITIVE_INFINITY;
        return size + data + p[C];
    }

    @Override
    double[][] exponentGrid() {
        List<double[]> grid = new ArrayList<>();
        for (double bS : P2Form.range(0.5, 4, 0.5)) {
            for (double bN : P2Form.range(0.05, 1.0, 0.1)) {
                for (double bD : P2Form.range(0.05, 1.0, 0.1)) {
                    grid.add(new double[] {bS, bN, bD});
                }
            }
        }
        return grid.toArray(double[][]::new);
    }

    @Override
    int linearCount() {
        return 4;
    }

    @Override
    double basis(double[] x, Points pts, int i, double[] f) {
        double w = Math.exp(-x[1] * pts.lnParamsAfter[i]);
        f[0] = Math.exp(x[0] * Math.log1p(-pts.rate[i])) * w;
        f[1] = w;
        f[2] = Math.exp(-x[2] * pts.lnTokens[i]);
        f[3] = 1;
        return 0;
    }

    @Override
    double[] combine(double[] x, double[] c) {
        // the data coefficient is aD^bD
        return new double[] {c[0], x[0], c[1], x[1], Math.pow(c[2], 1 / x[2]), x[2], c[3]};
    }

    @Override
    List<Undetermined> structurallyUndetermined(Points pts) {
        List<Undetermined> found = new ArrayList<>();
        int rates = Points.distinct(pts.rate);
        if (rates < 3) {
            found.add(new Undetermined(List.of("aS", "bS", "cS"), "the runs have " + rates
                    + " pruning rate(s); separating aS*(1-S)^bS from cS needs at least three"));
        }
        if (Points.distinct(pts.lnParamsAfter) == 1) {
            found.add(new Undetermined(List.of("bN", "c"), "all runs share one model size, so the size term "
                    + "is a constant that cannot be separated from c"));
        }
        return found;
    }
}
