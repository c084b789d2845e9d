package io.p2law.fitting;

import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.ToDoubleFunction;

/** A form with its constants fixed (and its bootstrap replicates): predictions and budgets. */
final class Law implements FittedLaw {

    private static final double BILLION = 1e9;
    /** Budgets are searched between one token and 1e30 tokens, far past any real training run. */
    private static final double FEWEST_TOKENS = 1;
    private static final double MOST_TOKENS = 1e30;
    private static final int SCAN_STEPS = 600;

    private final FittableForm form;
    private final double[] values;
    private final double[][] bootstrap;

    Law(FittableForm form, double[] values, double[][] bootstrap) {
        if (values.length != form.dimension()) {
            throw new IllegalArgumentException(form.name() + " has " + form.dimension() + " constants, got "
                    + values.length);
        }
        for (double[] row : bootstrap) {
            if (row.length != form.dimension()) {
                throw new IllegalArgumentException("every bootstrap replicate needs " + form.dimension() + " constants");
            }
        }
        this.form = form;
        this.values = values.clone();
        this.bootstrap = new double[bootstrap.length][];
        for (int b = 0; b < bootstrap.length; b++) {
            this.bootstrap[b] = bootstrap[b].clone();
        }
    }

    @Override
    public LawForm form() {
        return form;
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public double[][] bootstrapValues() {
        double[][] copy = new double[bootstrap.length][];
        for (int b = 0; b < bootstrap.length; b++) {
            copy[b] = bootstrap[b].clone();
        }
        return copy;
    }

    @Override
    public double predict(PrunedModel model, double tokens) {
        return form.value(values, at(model, tokens), 0, null);
    }

    @Override
    public Interval interval(PrunedModel model, double tokens) {
        return predictions(model, tokens).get(0).interval();
    }

    @Override
    public List<PredictedLoss> predictions(PrunedModel model, double... tokens) {
        Points points = at(model, tokens);
        int n = points.size;
        // one Evaluation per set of constants: it computes the factors the points share once
        FittableForm.Evaluation fitted = form.at(values);
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            losses[i] = fitted.value(points, i, null);
        }
        // by token count, then replicate, so that each count's percentiles read one row
        double[][] samples = new double[n][bootstrap.length];
        for (int b = 0; b < bootstrap.length; b++) {
            FittableForm.Evaluation replicate = form.at(bootstrap[b]);
            for (int i = 0; i < n; i++) {
                samples[i][b] = replicate.value(points, i, null);
            }
        }
        PredictedLoss[] predictions = new PredictedLoss[n];
        for (int i = 0; i < n; i++) {
            Interval interval = bootstrap.length == 0 ? new Interval(losses[i], losses[i])
                    : Bootstrap.percentileInterval(samples[i]);
            predictions[i] = new PredictedLoss(tokens[i], losses[i], interval);
        }
        return List.of(predictions);
    }

    @Override
    public double asymptote(PrunedModel model) {
        return form.asymptote(values, at(model, BILLION), 0);
    }

    @Override
    public BudgetAnswer tokensToTarget(PrunedModel model, double targetLoss) {
        double asymptote = asymptote(model);
        if (!(targetLoss > asymptote)) {
            return unreachable(model, "the target loss " + targetLoss + " is not above the law's asymptote "
                    + asymptote + " for this model: no number of tokens reaches it");
        }
        return first(model, d -> predict(model, d) <= targetLoss, "the target loss " + targetLoss);
    }

    @Override
    public BudgetAnswer tokensAtSlope(PrunedModel model, double slopePerBillionTokens) {
        if (!(slopePerBillionTokens > 0)) {
            return unreachable(model, "the slope only approaches 0, so the threshold must be > 0, got "
                    + slopePerBillionTokens);
        }
        return first(model, d -> -form.tokenDerivative(values, at(model, d), 0) * BILLION < slopePerBillionTokens,
                "a slope below " + slopePerBillionTokens + " loss per billion tokens");
    }

    @Override
    public BudgetAnswer tokensAtDoubling(PrunedModel model, double epsilon) {
        if (!(epsilon > 0)) {
            return unreachable(model, "doubling the tokens always gains at least 0, so epsilon must be > 0, got "
                    + epsilon);
        }
        return first(model, d -> predict(model, d) - predict(model, 2 * d) < epsilon,
                "a doubling gain below " + epsilon);
    }

    /**
     * The fewest tokens where {@code reached} holds: a scan in log D finds the first bracket (the
     * curves need not be monotone for this to be right at the scan's resolution), bisection in
     * log D then narrows it to the last bit.
     */
    private BudgetAnswer first(PrunedModel model, DoublePredicate reached, String what) {
        checkModel(model);
        double lnLow = Math.log(FEWEST_TOKENS);
        double stride = (Math.log(MOST_TOKENS) - lnLow) / SCAN_STEPS;
        if (reached.test(FEWEST_TOKENS)) {
            return answer(model, FEWEST_TOKENS);
        }
        for (int s = 1; s <= SCAN_STEPS; s++) {
            double lnHigh = Math.log(FEWEST_TOKENS) + s * stride;
            if (reached.test(Math.exp(lnHigh))) {
                for (int k = 0; k < 200 && lnHigh - lnLow > 1e-15 * Math.abs(lnHigh); k++) {
                    double mid = (lnLow + lnHigh) / 2;
                    if (reached.test(Math.exp(mid))) {
                        lnHigh = mid;
                    } else {
                        lnLow = mid;
                    }
                }
                return answer(model, Math.exp(lnHigh));
            }
            lnLow = lnHigh;
        }
        return unreachable(model, "the law does not reach " + what + " within " + MOST_TOKENS + " tokens");
    }

    private BudgetAnswer answer(PrunedModel model, double tokens) {
        return new BudgetAnswer(true, tokens, predict(model, tokens), interval(model, tokens), asymptote(model), null);
    }

    private BudgetAnswer unreachable(PrunedModel model, String reason) {
        checkModel(model);
        Points point = at(model, BILLION);
        double asymptote = form.asymptote(values, point, 0);
        return new BudgetAnswer(false, Double.NaN, asymptote, spread(p -> form.asymptote(p, point, 0)), asymptote,
                reason);
    }

    /** The 95 % percentile interval of a quantity over the bootstrap replicates. */
    private Interval spread(ToDoubleFunction<double[]> quantity) {
        if (bootstrap.length == 0) {
            double v = quantity.applyAsDouble(values);
            return new Interval(v, v);
        }
        double[] sample = new double[bootstrap.length];
        for (int b = 0; b < bootstrap.length; b++) {
            sample[b] = quantity.applyAsDouble(bootstrap[b]);
        }
        return Bootstrap.percentileInterval(sample);
    }

    private Points at(PrunedModel model, double tokens) {
        return at(model, new double[] {tokens});
    }

    private Points at(PrunedModel model, double[] tokens) {
        checkModel(model);
        for (double t : tokens) {
            if (!(t > 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("tokens must be finite and > 0 (the law excludes D = 0), got " + t);
            }
        }
        return Points.of(model, tokens);
    }

    private void checkModel(PrunedModel model) {
        form.refusal(model).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }
}
