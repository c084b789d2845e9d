package io.p2law.fitting;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chinchilla, L = E + A/N^alpha + B/D^beta (Hoffmann et al. 2022), in the published convention:
 * N and D are raw parameter and token counts, so A and B compare with Hoffmann's and Epoch AI's.
 * N is the parameter count after pruning; unpruned runs (rho = 0) are welcome.
 */
final class ChinchillaForm extends FittableForm {

    private static final int E = 0;
    private static final int A = 1;
    private static final int B = 2;
    private static final int ALPHA = 3;
    private static final int BETA = 4;

    ChinchillaForm() {
        super(List.of(
                new ParameterInfo("E", "nats/token", "irreducible loss"),
                new ParameterInfo("A", "nats/token * parameters^alpha", "size term coefficient (raw parameter counts)"),
                new ParameterInfo("B", "nats/token * tokens^beta", "data term coefficient (raw token counts)"),
                new ParameterInfo("alpha", "1", "exponent of 1/N, N = parameters after pruning"),
                new ParameterInfo("beta", "1", "exponent of 1/D")));
    }

    @Override
    public String name() {
        return "chinchilla";
    }

    @Override
    public String formula() {
        return "L = E + A/N^alpha + B/D^beta, N = parameters after pruning, raw counts";
    }

    @Override
    public String description() {
        return "Hoffmann et al.'s pre-training law, the baseline that ignores pruning (Epoch AI's fitting recipe).";
    }

    @Override
    public List<String> requiredFields() {
        return List.of("paramsAfter");
    }

    @Override
    public Optional<String> refusal(RunCurve run) {
        return commonRefusal(run).or(() -> refusal(run.model().paramsAfter()));
    }

    @Override
    public Optional<String> refusal(PrunedModel model) {
        return refusal(model.paramsAfter());
    }

    private static Optional<String> refusal(double paramsAfter) {
        return paramsAfter > 0 && !Double.isInfinite(paramsAfter)
                ? Optional.empty()
                : Optional.of("chinchilla needs paramsAfter > 0, got " + paramsAfter);
    }

    @Override
    Scale scale(int k) {
        return k <= B ? Scale.LOG : Scale.FREE;
    }

    @Override
    double value(double[] p, Points pts, int i, double[] g) {
        double u = Math.exp(-p[ALPHA] * pts.lnParamsAfter[i]);
        double v = Math.exp(-p[BETA] * pts.lnTokens[i]);
        if (g != null) {
            g[E] = 1;
            g[A] = u;
            g[B] = v;
            g[ALPHA] = -pts.lnParamsAfter[i] * p[A] * u;
            g[BETA] = -pts.lnTokens[i] * p[B] * v;
        }
        return p[E] + p[A] * u + p[B] * v;
    }

    @Override
    double tokenDerivative(double[] p, Points pts, int i) {
        return -p[BETA] * p[B] * Math.exp(-p[BETA] * pts.lnTokens[i]) / pts.tokens[i];
    }

    @Override
    double asymptote(double[] p, Points pts, int i) {
        double data = p[BETA] > 0 ? 0 : p[BETA] == 0 ? p[B] : Double.POSITIVE_INFINITY;
        return p[E] + p[A] * Math.exp(-p[ALPHA] * pts.lnParamsAfter[i]) + data;
    }

    @Override
    double[][] exponentGrid() {
        List<double[]> grid = new ArrayList<>();
        for (double a : P2Form.range(0.05, 1.2, 0.05)) {
            for (double b : P2Form.range(0.05, 1.2, 0.05)) {
                grid.add(new double[] {a, b});
            }
        }
        return grid.toArray(double[][]::new);
    }

    @Override
    int linearCount() {
        return 3;
    }

    @Override
    double basis(double[] x, Points pts, int i, double[] f) {
        f[0] = 1;
        f[1] = Math.exp(-x[0] * pts.lnParamsAfter[i]);
        f[2] = Math.exp(-x[1] * pts.lnTokens[i]);
        return 0;
    }

    @Override
    double[] combine(double[] x, double[] c) {
        return new double[] {c[0], c[1], c[2], x[0], x[1]};
    }

    @Override
    List<Undetermined> structurallyUndetermined(Points pts) {
        List<Undetermined> found = new ArrayList<>();
        int sizes = Points.distinct(pts.lnParamsAfter);
        if (sizes < 3) {
            found.add(new Undetermined(List.of("E", "A", "alpha"), "the runs have " + sizes
                    + " model size(s); separating A/N^alpha from E needs at least three"));
        }
        int budgets = Points.distinct(pts.lnTokens);
        if (budgets < 3) {
            found.add(new Undetermined(List.of("B", "beta"), "the checkpoints have " + budgets
                    + " token count(s); the data term needs at least three"));
        }
        return found;
    }
}
